"""Collections (`/api/method/syndic_maroc.api.collections.<name>`); the logic is
syndic_maroc.finance.collections.

POST make_payment     residence, co_owner, amount, mode, posting_date?, reference_no?,
                      reference_date?, cheque_bank?, remarks?  → the payment and its allocation
POST apply_advances   residence, co_owner?  → the advances applied to open calls
GET  co_owner_query   (link search) co-owners of the résidence in `filters`
"""

import frappe

from syndic_maroc.finance import collections


@frappe.whitelist(methods=["POST"])
def make_payment(
	residence: str,
	co_owner: str,
	amount: float | str,
	mode: str,
	posting_date: str | None = None,
	reference_no: str | None = None,
	reference_date: str | None = None,
	cheque_bank: str | None = None,
	remarks: str | None = None,
) -> dict:
	"""REST / desk: record a co-owner's payment."""
	return collections.make_payment(
		residence,
		co_owner,
		amount,
		mode,
		posting_date=posting_date,
		reference_no=reference_no,
		reference_date=reference_date,
		cheque_bank=cheque_bank,
		remarks=remarks,
	)


@frappe.whitelist(methods=["POST"])
def apply_advances(residence: str, co_owner: str | None = None) -> dict:
	"""Desk / REST: apply the advances of the résidence's co-owners (or of one) to their open calls."""
	return collections.apply_advances(residence, co_owner)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def co_owner_query(
	doctype: str,
	txt: str,
	searchfield: str,
	start: int | str,
	page_len: int | str,
	filters: dict | str | None = None,
) -> list | tuple:
	"""Co-owners of the résidence in `filters` (link search of the bulk entry screen), checked in
	finance.collections: read on Co-owner and on the résidence; JSON filters accepted."""
	return collections.co_owner_query(doctype, txt, searchfield, start, page_len, filters)
