"""The Operations demo data: loaded on the demo résidences, loaded again without duplicates,
removed by the reset (rolled back at the end)."""

import pytest

pytestmark = pytest.mark.site


def test_demo_operations_load_is_idempotent_and_removable(db):
	frappe = db
	from syndic_maroc.demo import operations as demo_ops

	residences = frappe.get_all("Residence", pluck="name", order_by="name")
	if len(residences) < 2:
		pytest.skip("the site needs the demo data")
	for residence in residences:  # a clean slate in this transaction
		demo_ops.remove([residence])
	created = demo_ops.load(residences)
	assert created["Maintenance Request"] >= 3 * len(residences)
	assert created["Residence Document"] == 4 * len(residences)
	assert created["Announcement"] == len(residences)
	assert created["Contract"] >= 1
	assert created["Supplier Quotation"] == 2 and created["Request for Quotation"] == 1
	photo = frappe.get_all(
		"Maintenance Request Photo", filters={"parenttype": "Maintenance Request"}, limit=1
	)
	assert photo
	assert not sum(demo_ops.load(residences).values())
	removed = demo_ops.remove(residences)
	assert removed["Maintenance Request"] == created["Maintenance Request"]
	assert removed["Residence Document"] == created["Residence Document"]
	assert not frappe.db.exists("Announcement", {"residence": ("in", residences)})
