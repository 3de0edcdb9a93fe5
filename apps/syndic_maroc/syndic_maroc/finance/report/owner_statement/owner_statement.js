// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.query_reports["Owner Statement"] = {
	filters: [
		{ fieldname: "residence", label: __("Residence"), fieldtype: "Link", options: "Residence", reqd: 1 },
		{
			fieldname: "co_owner",
			label: __("Co-owner"),
			fieldtype: "Link",
			options: "Co-owner",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
	],
	onload(report) {
		report.page.add_inner_button(__("PDF Statement"), () => {
			const f = report.get_values();
			if (!f) return;
			open_pdf("syndic_maroc.api.statements.statement_pdf", f);
		});
		report.page.add_inner_button(__("Quitus Certificate"), () => {
			const f = report.get_values();
			if (!f) return;
			open_pdf("syndic_maroc.api.statements.quitus_pdf", {
				residence: f.residence,
				co_owner: f.co_owner,
				as_of: f.to_date,
			});
		});
	},
};

function open_pdf(method, args) {
	const query = new URLSearchParams(args).toString();
	window.open(`/api/method/${method}?${query}`);
}
