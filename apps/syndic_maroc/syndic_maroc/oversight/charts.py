"""Dashboard Chart data (custom chart sources of the Syndic dashboard)."""

from frappe import _

from syndic_maroc.core.finance.ageing import BUCKETS
from syndic_maroc.oversight import figures


def residences_of(filters: dict | None) -> list[str]:
	"""The résidence named in the chart's filters if the user may see it, else all he may see."""
	visible = figures.visible_residences()
	wanted = (filters or {}).get("residence")
	return [wanted] if wanted and wanted in visible else ([] if wanted else visible)


def arrears_ageing(filters: dict | None) -> dict:
	buckets = figures.arrears_buckets(residences_of(filters))
	return {
		"labels": [_("{0} days").format(b) for b in BUCKETS],
		"datasets": [{"name": _("Arrears"), "values": [buckets[b] for b in BUCKETS]}],
	}


def budget_consumption(filters: dict | None) -> dict:
	totals: dict[str, list[float]] = {}
	for residence in residences_of(filters):
		for row in figures.budget_by_category(residence):
			entry = totals.setdefault(row["category"], [0.0, 0.0])
			entry[0] += row["budget"]
			entry[1] += row["actual"]
	labels = sorted(totals)
	return {
		"labels": labels,
		"datasets": [
			{"name": _("Budget"), "values": [totals[c][0] for c in labels]},
			{"name": _("Actual"), "values": [totals[c][1] for c in labels]},
		],
	}
