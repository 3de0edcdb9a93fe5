"""The firm's map of résidences: one GeoJSON FeatureCollection of the résidences the user may
read (their Geolocation field, and their buildings'), each feature carrying the key figures and
a colour by arrears rate (overdue / called this year)."""

import json

import frappe
from frappe.utils import getdate

from syndic_maroc.core.oversight.position import arrears_rate
from syndic_maroc.finance.arrears import arrears
from syndic_maroc.oversight import figures

# arrears rate (%) → colour, first bound that is not exceeded
COLOURS = ((5, "green"), (15, "orange"), (None, "red"))


def colour(rate) -> str:
	if rate is None:
		return "grey"
	for bound, name in COLOURS:
		if bound is None or rate <= bound:
			return name
	return "red"


def features_of(value: str | None) -> list[dict]:
	"""The features stored in a Geolocation field (a FeatureCollection as JSON text)."""
	if not value:
		return []
	try:
		data = json.loads(value)
	except ValueError:
		return []
	if isinstance(data, dict) and data.get("type") == "FeatureCollection":
		return [f for f in data.get("features") or [] if isinstance(f, dict) and f.get("geometry")]
	if isinstance(data, dict) and data.get("type") == "Feature" and data.get("geometry"):
		return [data]
	return []


def residence_map(today=None) -> dict:
	today = getdate(today)
	features = []
	for residence in figures.visible_residences():
		doc = frappe.db.get_value("Residence", residence, ["residence_name", "geolocation"], as_dict=True)
		shapes = features_of(doc.geolocation)
		for building in frappe.get_all(
			"Building",
			filters={"residence": residence},
			fields=["name", "building_name", "syndic_geolocation"],
		):
			shapes += features_of(building.syndic_geolocation)
		if not shapes:
			continue
		_rows, total = arrears(residence, today)
		year = figures.collection([residence], figures.period_start("year", today), today)
		rate = arrears_rate(total["overdue"], year.called)
		properties = {
			"residence": residence,
			"residence_name": doc.residence_name,
			"arrears": round(total["overdue"], 2),
			"called_this_year": year.called,
			"collection_rate": None if year.rate is None else round(year.rate * 100, 1),
			"arrears_rate": None if rate is None else float(rate),
			"colour": colour(rate),
			"lots": frappe.db.count("Unit", {"residence": residence}),
		}
		for shape in shapes:
			features.append({"type": "Feature", "geometry": shape["geometry"], "properties": properties})
	return {"type": "FeatureCollection", "features": features}
