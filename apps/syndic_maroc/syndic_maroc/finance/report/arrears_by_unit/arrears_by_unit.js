// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.query_reports["Arrears by Unit"] = {
	filters: [
		{ fieldname: "residence", label: __("Residence"), fieldtype: "Link", options: "Residence", reqd: 1 },
		{ fieldname: "as_of_date", label: __("As of Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Unit", label: __("Unit") },
				{ value: "Co-owner", label: __("Co-owner") },
			],
			default: "Unit",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "range_90_plus" && data.range_90_plus > 0) {
			value = `<span style="color: red">${value}</span>`;
		}
		return value;
	},
};
