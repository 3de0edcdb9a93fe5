// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Co-owner", {
	refresh(frm) {
		if (!frm.is_new()) {
			syndic_co_owner_figures(frm);
			syndic_co_owner_risk(frm);
		}
		if (!frm.is_new() && !frm.doc.portal_user && frm.doc.email) {
			frm.add_custom_button(__("Create Portal User"), () => {
				frm.call("create_portal_user").then(() => frm.reload_doc());
			});
		}
		if (!frm.is_new() && frm.doc.customer && frappe.model.can_create("Payment Entry")) {
			frm.add_custom_button(__("Record Payment"), () => syndic_record_payment(frm));
		}
		if (!frm.is_new() && frappe.user.has_role(["Syndic Manager", "Syndic Accountant", "System Manager"])) {
			frm.add_custom_button(__("Injunction to Pay File"), () => syndic_injunction_file(frm));
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
					method: "syndic_maroc.api.collections.make_payment",
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

// Dossier d'injonction de payer (loi 18-00 art. 25 bis): one PDF (finance.injunction); when
// documents are missing, the user may still generate it, the cover then marks them.
function syndic_injunction_file(frm) {
	const open_file = (residence, allow_incomplete) => {
		const query = new URLSearchParams({ residence, co_owner: frm.doc.name, allow_incomplete }).toString();
		window.open(`/api/method/syndic_maroc.api.injunction.download?${query}`);
	};
	const dialog = new frappe.ui.Dialog({
		title: __("Injunction to Pay File"),
		fields: [{ fieldname: "residence", fieldtype: "Link", options: "Residence", label: __("Residence"), reqd: 1 }],
		primary_action_label: __("Generate PDF"),
		primary_action({ residence }) {
			frappe
				.call({
					method: "syndic_maroc.api.injunction.summary",
					args: { residence, co_owner: frm.doc.name },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					const missing = r.message.missing || [];
					if (!missing.length) {
						open_file(residence, 0);
						return;
					}
					const esc = frappe.utils.escape_html;
					const items = missing.map((m) => `<li>${esc(m.label)} (${esc(m.details.join("; "))})</li>`).join("");
					frappe.confirm(
						__("Missing documents (loi 18-00, art. 25 bis):") +
							`<ul>${items}</ul>` +
							__("Generate the file anyway? The missing documents will be flagged on the cover page."),
						() => open_file(residence, 1)
					);
				});
		},
	});
	frappe.db
		.get_value("Unit", { co_owner: frm.doc.name }, "residence")
		.then((r) => r.message && r.message.residence && dialog.set_value("residence", r.message.residence));
	dialog.show();
}

// Dashboard: his balance per résidence (ledger) and links to his calls, payments, dunnings and statement.
function syndic_co_owner_figures(frm) {
	frappe.call({ method: "syndic_maroc.api.registry.co_owner_figures", type: "GET", args: { co_owner: frm.doc.name } }).then((r) => {
		const f = r.message;
		if (!f || frm.doc.name !== f.co_owner || !f.residences.length) {
			return;
		}
		// a second refresh before the answer must not show his account twice
		frm.dashboard.stats_area_row.find("[data-syndic-figure]").closest(".indicator-column").remove();
		frm.dashboard.parent.find(".syndic-co-owner-account").closest(".form-dashboard-section").remove();
		const esc = frappe.utils.escape_html;
		const currency = f.residences[0].currency;
		const label = f.balance > 0 ? __("Balance due: {0}", [format_currency(f.balance, currency)])
			: f.balance < 0 ? __("Advance: {0}", [format_currency(-f.balance, currency)])
			: __("Balance: {0}", [format_currency(0, currency)]);
		frm.dashboard
			.add_indicator(label, f.balance > 0 ? "red" : "green")
			.attr({ "data-syndic-figure": "balance", "data-value": f.balance });
		const q = (params) => new URLSearchParams(params).toString();
		const rows = f.residences
			.map((r) => {
				const links = [
					[__("Calls for funds"), `/app/sales-invoice?${q({ customer: f.customer, syndic_residence: r.residence })}`],
					[__("Payments"), `/app/payment-entry?${q({ syndic_co_owner: f.co_owner, syndic_residence: r.residence })}`],
					[__("Dunnings"), `/app/dunning?${q({ syndic_co_owner: f.co_owner, syndic_residence: r.residence })}`],
					[__("Owner Statement"), `/app/query-report/${encodeURIComponent("Owner Statement")}?${q({ residence: r.residence, co_owner: f.co_owner })}`],
				]
					.map(([text, url]) => `<a href="${esc(url)}" data-syndic-link="${esc(text)}">${esc(text)}</a>`)
					.join(" · ");
				return `<tr data-residence="${esc(r.residence)}" data-value="${r.balance}">
					<td>${esc(r.residence)}</td>
					<td class="text-right">${format_currency(r.balance, r.currency)}</td>
					<td>${links}</td></tr>`;
			})
			.join("");
		frm.dashboard.add_section(
			`<table class="table table-sm syndic-co-owner-account"><thead><tr>
				<th>${__("Residence")}</th><th class="text-right">${__("Balance")}</th><th></th>
			</tr></thead><tbody>${rows}</tbody></table>`,
			__("Account")
		);
	});
}

// Payer risk (oversight.payer_risk): the worst score of his résidences, explained in words.
function syndic_co_owner_risk(frm) {
	frappe.call({ method: "syndic_maroc.api.oversight.co_owner_risk", type: "GET", args: { co_owner: frm.doc.name } }).then((r) => {
		const f = r.message;
		if (!f || frm.doc.name !== f.co_owner || !f.residences.length) {
			return;
		}
		frm.dashboard.stats_area_row.find("[data-syndic-figure='risk']").closest(".indicator-column").remove();
		const colour = { High: "red", Medium: "orange", Low: "yellow", None: "green" }[f.level] || "gray";
		const label = __("Payer risk: {0} / 100", [f.score.toFixed(1)]) + " · " + f.explanation;
		frm.dashboard
			.add_indicator(label, colour)
			.attr({ "data-syndic-figure": "risk", "data-value": f.score, title: f.explanation });
	});
}
