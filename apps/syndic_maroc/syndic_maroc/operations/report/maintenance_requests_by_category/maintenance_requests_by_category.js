frappe.query_reports["Maintenance Requests by Category"] = {
	filters: [
		{ fieldname: "residence", label: __("Residence"), fieldtype: "Link", options: "Residence" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -12) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
