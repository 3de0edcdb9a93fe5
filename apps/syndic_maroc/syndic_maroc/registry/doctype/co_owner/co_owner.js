// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Co-owner", {
	refresh(frm) {
		if (!frm.is_new() && !frm.doc.portal_user && frm.doc.email) {
			frm.add_custom_button(__("Create Portal User"), () => {
				frm.call("create_portal_user").then(() => frm.reload_doc());
			});
		}
	},
});
