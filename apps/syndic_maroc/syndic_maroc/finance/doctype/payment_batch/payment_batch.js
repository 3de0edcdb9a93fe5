// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Payment Batch", {
	setup(frm) {
		frm.set_query("co_owner", "payments", () => ({
			query: "syndic_maroc.api.collections.co_owner_query",
			filters: { residence: frm.doc.residence },
		}));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Payment Entries"), () =>
				frappe.set_route("List", "Payment Entry", { syndic_payment_batch: frm.doc.name })
			);
		}
	},
});

frappe.ui.form.on("Payment Batch Row", {
	payments_add(frm, cdt, cdn) {
		frappe.model.set_value(cdt, cdn, "mode", frm.doc.default_mode || "Bank Transfer");
	},
	amount(frm) {
		const total = (frm.doc.payments || []).reduce((sum, row) => sum + (row.amount || 0), 0);
		frm.set_value("total_amount", total);
	},
});
