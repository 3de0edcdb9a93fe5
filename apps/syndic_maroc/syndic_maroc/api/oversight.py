"""REST surface of oversight (`/api/method/syndic_maroc.api.oversight.<name>`).

GET co_owner_risk   co_owner → his payer risk per résidence, with the explanation in words
card_*              the Number Cards of the Syndic dashboard (collection rate, arrears, bank cover,
                    incoming documents to review), over the résidences the user may read
chart_*             the Dashboard Charts (arrears by ageing bucket, budget consumption by category)
GET position_preview  residence → PDF of the résidence summary of the half-year just ended
POST position_send    residence → send the six-monthly position to every co-owner (art. 26)

Each answers only what the caller may read (permission on the Co-owner).
"""

import frappe

from syndic_maroc.oversight import payer_risk


@frappe.whitelist(methods=["GET"])
def co_owner_risk(co_owner: str) -> dict:
	frappe.has_permission("Co-owner", "read", co_owner, throw=True)
	return payer_risk.co_owner_risk(co_owner)


# Number Cards of the Syndic dashboard ("Custom" cards): each figure is summed over the
# résidences the user may read (role permissions and User Permissions on Residence).


def _filters(filters) -> dict:
	if isinstance(filters, str):
		filters = frappe.parse_json(filters) if filters.strip() else {}
	return filters if isinstance(filters, dict) else {}


def _residences(filters) -> list[str]:
	from syndic_maroc.oversight.charts import residences_of

	return residences_of(_filters(filters))


def _rate_card(filters, period: str) -> dict:
	from frappe.utils import getdate

	from syndic_maroc.oversight import figures

	today = getdate()
	result = figures.collection(_residences(filters), figures.period_start(period, today), today)
	return {"value": (result.rate or 0) * 100, "fieldtype": "Percent"}


@frappe.whitelist()
def card_collection_rate_quarter(filters: str | dict | None = None) -> dict:
	return _rate_card(filters, "quarter")


@frappe.whitelist()
def card_collection_rate_year(filters: str | dict | None = None) -> dict:
	return _rate_card(filters, "year")


@frappe.whitelist()
def card_arrears(filters: str | dict | None = None) -> dict:
	from syndic_maroc.oversight import figures

	return {"value": figures.arrears_buckets(_residences(filters))["overdue"], "fieldtype": "Currency"}


@frappe.whitelist()
def card_bank_cover(filters: str | dict | None = None) -> dict:
	"""Bank balance minus the next quarter's planned spend (< 0: not covered)."""
	from syndic_maroc.oversight import figures

	margin = 0.0
	for residence in _residences(filters):
		cover = figures.bank_cover(residence)
		margin += cover.balance - cover.planned
	return {"value": round(margin, 2), "fieldtype": "Currency"}


@frappe.whitelist()
def card_incoming_to_review(filters: str | dict | None = None) -> dict:
	from syndic_maroc.oversight import figures

	return {"value": figures.incoming_to_review(_residences(filters)), "fieldtype": "Int"}


# Dashboard Charts (custom chart sources whose JS config names these methods).


@frappe.whitelist()
def chart_arrears_ageing(
	chart_name: str | None = None,
	filters: str | dict | None = None,
	refresh: int | str | None = None,
	time_interval: str | None = None,
	timespan: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	heatmap_year: str | int | None = None,
) -> dict:
	from syndic_maroc.oversight import charts

	return charts.arrears_ageing(_filters(filters))


@frappe.whitelist()
def chart_budget_consumption(
	chart_name: str | None = None,
	filters: str | dict | None = None,
	refresh: int | str | None = None,
	time_interval: str | None = None,
	timespan: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	heatmap_year: str | int | None = None,
) -> dict:
	from syndic_maroc.oversight import charts

	return charts.budget_consumption(_filters(filters))


# The six-monthly position (loi 18-00 art. 26): preview the résidence summary, send it by hand.


@frappe.whitelist(methods=["GET"])
def position_preview(residence: str, lang: str | None = None) -> None:
	"""The résidence summary of the half-year just ended, as a PDF download."""
	from syndic_maroc.core.oversight.position import half_just_ended
	from syndic_maroc.oversight.position import summary_pdf

	frappe.has_permission("Residence", "read", residence, throw=True)
	period, start, end = half_just_ended(frappe.utils.getdate())
	frappe.local.response.filename = f"position-{residence}-{period}.pdf"
	frappe.local.response.filecontent = summary_pdf(
		residence, start, end, lang if lang in ("fr", "ar") else "fr"
	)
	frappe.local.response.type = "pdf"


@frappe.whitelist(methods=["POST"])
def position_send(residence: str) -> dict:
	"""Send the half-year just ended to every co-owner not yet sent it (idempotent)."""
	from syndic_maroc.oversight.position import send_position

	frappe.has_permission("Residence", "write", residence, throw=True)
	if not set(frappe.get_roles()) & {"Syndic Manager", "System Manager"}:
		frappe.throw(frappe._("Only a Syndic Manager sends the six-monthly position"), frappe.PermissionError)
	return send_position(residence)


@frappe.whitelist(methods=["GET"])
def residence_map() -> dict:
	"""GeoJSON of the résidences the user may read, with their key figures (Residence Map page)."""
	from syndic_maroc.oversight.map import residence_map as build

	frappe.has_permission("Residence", "read", throw=True)
	return build()
