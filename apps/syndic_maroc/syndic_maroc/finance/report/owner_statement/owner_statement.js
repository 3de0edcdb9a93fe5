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
			// only the co-owners (past and present) of the chosen résidence
			get_query: () => ({
				query: "syndic_maroc.api.registry.co_owner_query",
				filters: { residence: frappe.query_report.get_filter_value("residence") },
			}),
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
		// Opened from a link with its filters in the URL: the co-owner filter (shown by its title)
		// is still being validated when Frappe runs the report, which then stops at "Please set
		// filters" ("Filter missing"). Frappe waits for the promise onload returns: settle first.
		const settled = link_filters_settled(report);
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
		return settled;
	},
};

function open_pdf(method, args) {
	const query = new URLSearchParams(args).toString();
	window.open(`/api/method/${method}?${query}`);
}

// Resolves once no filter is still validating or displaying its value (at most `timeout` ms).
function link_filters_settled(report, timeout = 5000) {
	const started = Date.now();
	return new Promise((resolve) => {
		const check = () => {
			// a Link shown by its title has its value before its input shows the title
			const pending = (report.filters || []).some(
				(f) => f.inside_change_event || (f.value && !f.get_value())
			);
			if (!pending || Date.now() - started > timeout) {
				resolve();
			} else {
				setTimeout(check, 50);
			}
		};
		check();
	});
}
