// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Unit", {
	setup(frm) {
		frm.set_query("building", () => ({ filters: { residence: frm.doc.residence } }));
	},

	refresh(frm) {
		// Once saved, the owner changes only through a transfer (the history is kept).
		frm.set_df_property("co_owner", "read_only", frm.is_new() || !frm.doc.co_owner ? 0 : 1);
		if (!frm.is_new()) {
			frm.add_custom_button(__("Transfer Ownership"), () => transfer_dialog(frm));
		}
	},

	residence(frm) {
		if (frm.doc.building) {
			frm.set_value("building", null);
		}
	},
});

function transfer_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Transfer Ownership"),
		fields: [
			{
				fieldname: "new_owner",
				fieldtype: "Link",
				options: "Co-owner",
				label: __("New Co-owner"),
				reqd: 1,
			},
			{
				fieldname: "transfer_date",
				fieldtype: "Date",
				label: __("Transfer Date"),
				default: frappe.datetime.get_today(),
				reqd: 1,
			},
			{
				fieldname: "reference",
				fieldtype: "Data",
				label: __("Reference"),
				description: __("Deed, notary or land-title reference."),
			},
		],
		primary_action_label: __("Transfer"),
		primary_action(values) {
			frm.call("transfer_ownership", values).then(() => {
				dialog.hide();
				frm.reload_doc();
			});
		},
	});
	dialog.show();
}
