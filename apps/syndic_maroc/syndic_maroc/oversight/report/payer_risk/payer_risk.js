// Copyright (c) 2026, syndic_maroc developers
// For license information, please see license.txt

frappe.query_reports["Payer Risk"] = {
	filters: [
		{ fieldname: "residence", label: __("Residence"), fieldtype: "Link", options: "Residence", reqd: 1 },
		{ fieldname: "as_of_date", label: __("As of Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
	],
};
