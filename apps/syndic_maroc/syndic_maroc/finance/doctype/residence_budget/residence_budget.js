// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Residence Budget", {
	setup(frm) {
		frm.set_query("allocation_key", "lines", () => ({ filters: { residence: frm.doc.residence } }));
		frm.set_query("account", "lines", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.status === "Approved") {
			frm.add_custom_button(__("Call for Funds"), () => {
				frappe.new_doc("Call for Funds", {
					residence: frm.doc.residence,
					source: "Budget",
					residence_budget: frm.doc.name,
				});
			}, __("Create"));
			frm.add_custom_button(__("Close"), () =>
				frappe.confirm(__("Close this budget? No further call can be drawn from it."), () =>
					frm.call("close").then(() => frm.reload_doc())
				)
			);
		}
	},
});
