"""REST surface of oversight (`/api/method/syndic_maroc.api.oversight.<name>`).

GET co_owner_risk   co_owner → his payer risk per résidence, with the explanation in words

Each answers only what the caller may read (permission on the Co-owner).
"""

import frappe

from syndic_maroc.oversight import payer_risk


@frappe.whitelist(methods=["GET"])
def co_owner_risk(co_owner: str) -> dict:
	frappe.has_permission("Co-owner", "read", co_owner, throw=True)
	return payer_risk.co_owner_risk(co_owner)
