// Copyright (c) 2026, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("General Assembly", {
	setup(frm) {
		// every co-owner, key and budget picked here belongs to the assembly's résidence
		const co_owners = () => ({
			query: "syndic_maroc.api.registry.co_owner_query",
			filters: { residence: frm.doc.residence },
		});
		frm.set_query("convening_owner", co_owners);
		frm.set_query("president", co_owners);
		frm.set_query("co_owner", "attendance", co_owners);
		frm.set_query("proxy_holder_co_owner", "attendance", co_owners);
		frm.set_query("proposed_by", "resolutions", co_owners);
		frm.set_query("allocation_key", "resolutions", () => ({ filters: { residence: frm.doc.residence } }));
		frm.set_query("residence_budget", "resolutions", () => ({ filters: { residence: frm.doc.residence } }));
	},
	refresh(frm) {
		if (frm.doc.missing_proofs && frm.doc.docstatus === 0) {
			frm.dashboard.set_headline_alert(
				__("No proof of delivery of the convocation yet for: {0}", [frm.doc.missing_proofs]),
				"orange"
			);
		}
		if (frm.is_new()) return;
		const call = (method, args) =>
			frappe
				.call({ method: "syndic_maroc.api.assembly." + method, args: Object.assign({ name: frm.doc.name }, args || {}) })
				.then(() => frm.reload_doc());
		if (frm.doc.docstatus === 0 && frm.doc.status === "Draft") {
			frm.add_custom_button(__("Convene"), () => call("convene"));
		}
		if (frm.doc.docstatus === 0 && ["Draft", "Convened"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Attach the annual accounts"), () => call("attach_documents"));
		}
		if (frm.doc.docstatus === 0 && ["Convened", "Held"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Live session"), () => frappe.set_route("assembly-session", frm.doc.name));
		}
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Convocation"), () =>
				window.open(frappe.urllib.get_full_url(`/printview?doctype=General%20Assembly&name=${encodeURIComponent(frm.doc.name)}&format=Assembly%20Convocation`))
			);
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Minutes"), () =>
				window.open(frappe.urllib.get_full_url(`/printview?doctype=General%20Assembly&name=${encodeURIComponent(frm.doc.name)}&format=Assembly%20Minutes`))
			);
		}
	},
	load_attendance(frm) {
		frappe
			.call({ method: "syndic_maroc.api.assembly.load_attendance", args: { name: frm.doc.name } })
			.then(() => frm.reload_doc());
	},
});
