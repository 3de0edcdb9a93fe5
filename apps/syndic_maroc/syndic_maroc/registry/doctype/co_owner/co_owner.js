// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Co-owner", {
	refresh(frm) {
		if (!frm.is_new() && !frm.doc.portal_user && frm.doc.email) {
			frm.add_custom_button(__("Create Portal User"), () => {
				frm.call("create_portal_user").then(() => frm.reload_doc());
			});
		}
		if (!frm.is_new() && frm.doc.customer && frappe.model.can_create("Payment Entry")) {
			frm.add_custom_button(__("Record Payment"), () => syndic_record_payment(frm));
		}
	},
});

// Encaissement: one payment, allocated to the oldest open calls first (finance.collections).
function syndic_record_payment(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Record Payment"),
		fields: [
			{ fieldname: "residence", fieldtype: "Link", options: "Residence", label: __("Residence"), reqd: 1 },
			{ fieldname: "amount", fieldtype: "Currency", options: "MAD", label: __("Amount"), reqd: 1 },
			{
				fieldname: "mode",
				fieldtype: "Select",
				label: __("Payment Method"),
				reqd: 1,
				default: "Bank Transfer",
				options: [
					{ value: "Bank Transfer", label: __("Bank Transfer") },
					{ value: "Cheque", label: __("Cheque") },
					{ value: "Cash", label: __("Cash") },
					{ value: "Card", label: __("Card") },
				],
			},
			{ fieldname: "posting_date", fieldtype: "Date", label: __("Posting Date"), default: "Today", reqd: 1 },
			{ fieldname: "reference_no", fieldtype: "Data", label: __("Reference / Cheque No") },
			{ fieldname: "cheque_bank", fieldtype: "Data", label: __("Drawee Bank"), depends_on: "eval:doc.mode=='Cheque'" },
		],
		primary_action_label: __("Record"),
		primary_action(values) {
			frappe
				.call({
					method: "syndic_maroc.finance.collections.make_payment",
					args: Object.assign({ co_owner: frm.doc.name }, values),
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					const entries = r.message.payment_entries;
					frappe.show_alert({ message: __("Receipt {0} recorded", [r.message.receipt]), indicator: "green" });
					frappe.set_route("Form", "Payment Entry", entries[0]);
				});
		},
	});
	frappe.db
		.get_value("Unit", { co_owner: frm.doc.name }, "residence")
		.then((r) => r.message && r.message.residence && dialog.set_value("residence", r.message.residence));
	dialog.show();
}
