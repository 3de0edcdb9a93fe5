"""REST surface of the registry forms (`/api/method/syndic_maroc.api.registry.<name>`).

GET residence_figures   residence  → bank balance, arrears, budget consumption (Residence form)
GET co_owner_figures    co_owner   → his balance per résidence (Co-owner form)
GET co_owner_query      link search: co-owners of the résidence in `filters` (owners past and present)
GET unit_query          link search: lots of the résidence in `filters`

Each answers only what the caller may read (permission on the Residence / Co-owner).
"""

import frappe

from syndic_maroc.finance import dashboard
from syndic_maroc.registry import queries


@frappe.whitelist(methods=["GET"])
def residence_figures(residence: str) -> dict:
	frappe.has_permission("Residence", "read", residence, throw=True)
	return dashboard.residence_figures(residence)


@frappe.whitelist(methods=["GET"])
def co_owner_figures(co_owner: str) -> dict:
	frappe.has_permission("Co-owner", "read", co_owner, throw=True)
	return dashboard.co_owner_figures(co_owner)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def co_owner_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: str | dict | None
) -> list:
	return queries.co_owners_of_residence(txt, start, page_len, filters)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def unit_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: str | dict | None
) -> list:
	return queries.units_of_residence(txt, start, page_len, filters)
