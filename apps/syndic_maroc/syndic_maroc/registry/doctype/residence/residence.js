// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.ui.form.on("Residence", {
	onload(frm) {
		// The annual pack of a large résidence is built by a job: say when it is ready.
		frappe.realtime.off("syndic_annual_pack");
		frappe.realtime.on("syndic_annual_pack", (data) => {
			const link = data.url ? ` <a href="${encodeURI(data.url)}" target="_blank">${__("Open the report")}</a>` : "";
			frappe.msgprint({ message: frappe.utils.escape_html(data.message) + link, title: __("AG Annual Report") });
			if (cur_frm && cur_frm.doctype === "Residence" && cur_frm.doc.name === data.residence) {
				cur_frm.reload_doc();
			}
		});
	},
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		syndic_residence_figures(frm);
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
			frm.add_custom_button(
				__("Budget vs actual"),
				() =>
					frappe.set_route("query-report", "Budget vs Actual by Category", {
						residence: frm.doc.name,
					}),
				__("View")
			);
			// Annual AG report (syndic_maroc.finance.annual_pack, api.annual_pack): one PDF or one Excel workbook.
			const annual_pack = (fmt) =>
				frappe.prompt(
					[
						{
							fieldname: "fiscal_year",
							label: __("Fiscal Year"),
							fieldtype: "Link",
							options: "Fiscal Year",
							reqd: 1,
							default: erpnext.utils.get_fiscal_year(frappe.datetime.get_today()),
						},
					],
					(values) => {
						const args = { residence: frm.doc.name, fiscal_year: values.fiscal_year };
						// A large résidence gets its pack from a background job (attached to the form).
						frappe
							.call("syndic_maroc.api.annual_pack.request", { ...args, fmt })
							.then((r) => {
								if (r.message && r.message.inline) {
									const query = new URLSearchParams(args).toString();
									window.open(
										`/api/method/syndic_maroc.api.annual_pack.download_${fmt}?${query}`
									);
								} else {
									frappe.show_alert({
										message: __(
											"The report is being prepared: it will be attached to the residence and you will be notified."
										),
										indicator: "blue",
									});
								}
							});
					},
					__("AG Annual Report"),
					__("Download")
				);
			frm.add_custom_button(__("PDF"), () => annual_pack("pdf"), __("AG Annual Report"));
			frm.add_custom_button(__("Excel"), () => annual_pack("xlsx"), __("AG Annual Report"));
		}
	},
});

// Dashboard: bank balance, arrears and budget consumption from the ledger (api.registry).
function syndic_residence_figures(frm) {
	frappe.call({ method: "syndic_maroc.api.registry.residence_figures", type: "GET", args: { residence: frm.doc.name } }).then((r) => {
		const f = r.message;
		if (!f || !f.company || frm.doc.name !== f.residence) {
			return;
		}
		// a second refresh before the answer must not show the figures twice
		frm.dashboard.stats_area_row.find("[data-syndic-figure]").closest(".indicator-column").remove();
		const money = (value) => format_currency(value, f.currency);
		const indicator = (key, value, label, color) =>
			frm.dashboard.add_indicator(label, color).attr({ "data-syndic-figure": key, "data-value": value });
		indicator("bank_balance", f.bank_balance, __("Bank balance: {0}", [money(f.bank_balance)]), "blue");
		indicator(
			"arrears",
			f.arrears,
			__("Arrears: {0} ({1} co-owners)", [money(f.arrears), f.debtors]),
			f.arrears > 0 ? "red" : "green"
		).css("cursor", "pointer")
			.on("click", () => frappe.set_route("query-report", "Arrears by Unit", { residence: frm.doc.name }));
		indicator("outstanding", f.outstanding, __("Outstanding calls: {0}", [money(f.outstanding)]), "orange");
		const budget = f.budget;
		if (budget && budget.budget) {
			const pct = budget.ratio === null ? 0 : Math.round(budget.ratio * 1000) / 10;
			indicator(
				"budget_consumption",
				budget.actual,
				__("Budget {0}: {1} spent of {2} ({3} %)", [budget.fiscal_year, money(budget.actual), money(budget.amount), format_number(pct, null, 1)]),
				pct > 100 ? "red" : "green"
			).css("cursor", "pointer")
				.on("click", () =>
					frappe.set_route("query-report", "Budget vs Actual by Category", { residence: frm.doc.name })
				);
		} else if (budget) {
			indicator("budget_consumption", 0, __("No approved budget for {0}", [budget.fiscal_year]), "gray");
		}
	});
}
