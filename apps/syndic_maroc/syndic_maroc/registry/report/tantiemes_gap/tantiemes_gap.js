// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.query_reports["Tantiemes Gap"] = {
	filters: [
		{
			fieldname: "residence",
			label: __("Residence"),
			fieldtype: "Link",
			options: "Residence",
		},
		{
			fieldname: "only_gaps",
			label: __("Only Residences with a Gap"),
			fieldtype: "Check",
			default: 0,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "gap" && data.gap !== 0) {
			value = `<span style="color: ${data.gap > 0 ? "orange" : "red"}">${value}</span>`;
		}
		return value;
	},
};
