// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Residence", {
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		const declared = frm.doc.total_tantiemes || 0;
		const allocated = frm.doc.allocated_tantiemes || 0;
		const gap = declared - allocated;
		if (gap !== 0) {
			frm.dashboard.set_headline(
				__("Tantiemes: {0} of {1} allocated to units, gap {2}.", [
					format_number(allocated),
					format_number(declared),
					format_number(gap),
				]),
				"orange"
			);
		}
		frm.add_custom_button(
			__("Tantiemes Gap"),
			() => frappe.set_route("query-report", "Tantiemes Gap", { residence: frm.doc.name }),
			__("View")
		);
		if (frm.doc.company) {
			frm.add_custom_button(
				__("Chart of Accounts"),
				() => frappe.set_route("Tree", "Account", { company: frm.doc.company }),
				__("View")
			);
		}
	},
});
