// Calendar of scheduled works (Maintenance Request → Calendar view).
frappe.views.calendar["Maintenance Request"] = {
	field_map: {
		start: "scheduled_on",
		end: "scheduled_on",
		id: "name",
		title: "subject",
		allDay: 0,
	},
	gantt: false,
	filters: [
		{ fieldtype: "Link", fieldname: "residence", options: "Residence", label: __("Residence") },
		{ fieldtype: "Link", fieldname: "supplier", options: "Supplier", label: __("Supplier") },
	],
	get_events_method: "frappe.desk.calendar.get_events",
};
