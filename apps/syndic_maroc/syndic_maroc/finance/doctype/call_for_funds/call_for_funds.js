// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Call for Funds", {
	setup(frm) {
		frm.set_query("residence_budget", () => ({
			filters: { residence: frm.doc.residence, docstatus: 1, status: "Approved" },
		}));
		frm.set_query("allocation_key", "lines", () => ({ filters: { residence: frm.doc.residence } }));
		frm.set_query("account", "lines", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.issue_status === "Failed") {
			frm.add_custom_button(__("Retry Issue"), () =>
				frm.call("retry_issue").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Sales Invoices"), () =>
				frappe.set_route("List", "Sales Invoice", { syndic_call_for_funds: frm.doc.name })
			);
		}
		if (frm.doc.docstatus === 1 && frm.doc.issue_status === "Completed") {
			frm.add_custom_button(__("Send Notices"), () => send_notices(frm));
		}
		if (["Queued", "In Progress", "Cancelling"].includes(frm.doc.issue_status)) {
			frm.dashboard.set_headline(
				__("Invoices issued: {0} / {1}", [frm.doc.invoices_issued || 0, frm.doc.invoice_count || 0])
			);
		}
	},
	get_lines(frm) {
		frm.call("get_lines_from_budget").then(() => frm.refresh_fields());
	},
});

// Call notices by email (finance.notices): a notice already sent goes again only when asked.
function send_notices(frm) {
	const run = (force) =>
		frm.call("send_notices", { force: force ? 1 : 0 }).then((r) => {
			frappe.show_alert({
				message:
					r.message === "queued"
						? __("Sending notices: follow the progress on this call.")
						: __("Notices queued for email."),
				indicator: "green",
			});
			frm.reload_doc();
		});
	if (!frm.doc.notices_sent) {
		run(false);
		return;
	}
	frappe.prompt(
		[
			{
				fieldname: "force",
				fieldtype: "Check",
				label: __("Also resend the notices already sent"),
				description: __("{0} notices have already been sent: without this box, only the others go out.", [
					frm.doc.notices_sent,
				]),
			},
		],
		(values) => run(values.force),
		__("Send Notices"),
		__("Send")
	);
}
