frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Syndic Budget Consumption"] = {
	method: "syndic_maroc.api.oversight.chart_budget_consumption",
	filters: [{ fieldname: "residence", label: __("Residence"), fieldtype: "Link", options: "Residence" }],
};
