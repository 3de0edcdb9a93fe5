frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Syndic Arrears Ageing"] = {
	method: "syndic_maroc.api.oversight.chart_arrears_ageing",
	filters: [{ fieldname: "residence", label: __("Residence"), fieldtype: "Link", options: "Residence" }],
};
