"""The map of résidences on a real site: the stored GeoJSON of the Residence and of its Building,
and the figures in each feature (arrears and rates) equal the ledger's."""

import json
from decimal import Decimal

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import make_budget, make_call, uid

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def point(lon, lat):
	return json.dumps(
		{
			"type": "FeatureCollection",
			"features": [
				{
					"type": "Feature",
					"properties": {},
					"geometry": {"type": "Point", "coordinates": [lon, lat]},
				}
			],
		}
	)


def test_map_features_carry_the_ledger_figures(db, res):
	from syndic_maroc.api.oversight import residence_map
	from syndic_maroc.finance.collections import record_payment
	from syndic_maroc.oversight.map import colour

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	record_payment(
		res.name, res.owners[0], 300, "Bank Transfer", posting_date=call.due_date, reference_no=f"V{uid()}"
	)
	db.db.set_value("Residence", res.name, "geolocation", point(-7.6192, 33.5731))
	building = db.get_doc(
		{
			"doctype": "Building",
			"residence": res.name,
			"building_code": f"B{uid()}",
			"building_name": "Bloc B",
		}
	).insert()
	building.db_set("syndic_geolocation", point(-7.6201, 33.5740))

	data = residence_map()
	assert data["type"] == "FeatureCollection"
	mine = [f for f in data["features"] if f["properties"]["residence"] == res.name]
	assert sorted(tuple(f["geometry"]["coordinates"]) for f in mine) == [
		(-7.6201, 33.574),
		(-7.6192, 33.5731),
	]
	props = mine[0]["properties"]
	today = db.utils.getdate()
	called, overdue = db.db.sql(
		"""select sum(grand_total),
			(select coalesce(sum(outstanding_amount), 0) from `tabSales Invoice` where syndic_residence=%(r)s
				and docstatus=1 and outstanding_amount > 0 and due_date < %(today)s)
		from `tabSales Invoice` where syndic_residence=%(r)s and docstatus=1 and is_return=0
			and posting_date between %(start)s and %(today)s""",
		{"r": res.name, "today": today, "start": today.replace(month=1, day=1)},
	)[0]
	assert props["arrears"] == round(float(overdue), 2) > 0
	rate = (Decimal(str(overdue)) * 100 / Decimal(str(called))).quantize(Decimal("0.1"))
	assert props["arrears_rate"] == float(rate) and props["colour"] == colour(rate)
	assert props["lots"] == len(res.units)
	assert props["collection_rate"] == round(
		(
			float(called)
			- float(
				db.db.sql(
					"select sum(outstanding_amount) from `tabSales Invoice` where syndic_residence=%s and docstatus=1 and is_return=0 and posting_date between %s and %s",
					(res.name, today.replace(month=1, day=1), today),
				)[0][0]
			)
		)
		/ float(called)
		* 100,
		1,
	)


def test_colour_by_arrears_rate():
	from syndic_maroc.oversight.map import colour

	assert [colour(r) for r in (None, 0, 5, Decimal("5.1"), 15, 40)] == [
		"grey",
		"green",
		"green",
		"orange",
		"orange",
		"red",
	]
