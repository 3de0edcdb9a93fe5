// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Allocation Key", {
	setup(frm) {
		frm.set_query("unit", "units", () => ({ filters: { residence: frm.doc.residence } }));
	},

	refresh(frm) {
		const general = cint(frm.doc.is_general);
		frm.set_df_property("units", "read_only", general);
		frm.set_df_property("basis", "read_only", general);
		frm.fields_dict.units.grid.update_docfield_property(
			"weight",
			"read_only",
			general || frm.doc.basis !== "Custom"
		);
		if (!general && frm.doc.residence) {
			frm.add_custom_button(__("Add All Units"), () => {
				frm.call("add_all_units").then(() => frm.refresh_field("units"));
			});
		}
	},

	basis(frm) {
		frm.trigger("refresh");
	},
});
