// Copyright (c) 2025, syndic_maroc developers
// For license information, please see license.txt

frappe.query_reports["Budget vs Actual by Category"] = {
	filters: [
		{ fieldname: "residence", label: __("Residence"), fieldtype: "Link", options: "Residence", reqd: 1 },
		{
			fieldname: "fiscal_year",
			label: __("Fiscal Year"),
			fieldtype: "Link",
			options: "Fiscal Year",
			default: erpnext.utils.get_fiscal_year(frappe.datetime.get_today()),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("Until"), fieldtype: "Date" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (data.bold) value = `<b>${value}</b>`;
		if (data.overrun) {
			if (column.fieldname === "status") {
				value = `<span class="indicator-pill red">${value}</span>`;
			} else if (["actual", "variance", "variance_pct"].includes(column.fieldname)) {
				value = `<span style="color: var(--red-600, red)">${value}</span>`;
			}
		}
		return value;
	},
};
