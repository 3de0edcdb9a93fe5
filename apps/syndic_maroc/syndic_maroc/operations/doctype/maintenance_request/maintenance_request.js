// Maintenance Request: suppliers of the request's trade (Supplier.service_category; as
// core.operations.maintenance.supplier_trade), and the buttons that order the work.
const TRADES = ["Elevator", "Cleaning", "Security", "Gardening", "Electricity", "Plumbing"];
const trade_filters = (category) => {
	const trade = category === "Lift" ? "Elevator" : category;
	return TRADES.includes(trade) ? { service_category: trade } : {};
};
frappe.ui.form.on("Maintenance Request", {
	setup(frm) {
		frm.set_query("supplier", () => ({ filters: trade_filters(frm.doc.category) }));
		frm.set_query("building", () => ({ filters: { residence: frm.doc.residence } }));
		frm.set_query("unit", () => ({ filters: { residence: frm.doc.residence } }));
	},
	refresh(frm) {
		if (frm.is_new() || ["Closed", "Rejected"].includes(frm.doc.status)) return;
		if (!frm.doc.purchase_order) {
			frm.add_custom_button(__("Request for Quotation"), () => {
				const filters = trade_filters(frm.doc.category);
				const dialog = new frappe.ui.Dialog({
					title: __("Request for Quotation"),
					fields: [
						{
							fieldname: "suppliers",
							fieldtype: "MultiSelectList",
							label: __("Suppliers"),
							reqd: 1,
							get_data: (txt) => frappe.db.get_link_options("Supplier", txt, filters),
						},
					],
				});
				dialog.set_primary_action(__("Create"), () => {
					const suppliers = dialog.get_value("suppliers") || [];
					frappe
						.call({ method: "syndic_maroc.api.operations.make_rfq", args: { name: frm.doc.name, suppliers: JSON.stringify(suppliers) } })
						.then((r) => frappe.set_route("Form", "Request for Quotation", r.message));
				});
				dialog.show();
			}, __("Order"));
			frm.add_custom_button(__("Purchase Order"), () => {
				frappe.prompt(
					[
						{ fieldname: "supplier", fieldtype: "Link", options: "Supplier", label: __("Supplier"), reqd: 1, default: frm.doc.supplier },
						{ fieldname: "amount", fieldtype: "Currency", label: __("Amount"), reqd: 1, default: frm.doc.estimated_cost },
					],
					(values) =>
						frappe
							.call({ method: "syndic_maroc.api.operations.make_purchase_order", args: { name: frm.doc.name, ...values } })
							.then((r) => frappe.set_route("Form", "Purchase Order", r.message)),
					__("Purchase Order")
				);
			}, __("Order"));
		}
	},
});
