"""The attendance sheet of a general assembly (art. 16 nonies), from the registry and the ledger."""

from collections import defaultdict

import frappe
from frappe.utils import flt, getdate

from syndic_maroc.core.assembly import admission as core_admission
from syndic_maroc.core.assembly import votes as core_votes
from syndic_maroc.finance.arrears import arrears
from syndic_maroc.finance.utils import owners_on
from syndic_maroc.utils.errors import core_errors


def owners_of(residence: str, on_date) -> dict[str, dict]:
	"""{co-owner: {lots, tantiemes, votes}} of the résidence's owners on `on_date`."""
	units = {
		row.name: row
		for row in frappe.get_all(
			"Unit",
			filters={"residence": residence},
			fields=["name", "unit_number", "co_owner", "tantiemes", "syndic_votes"],
			order_by="unit_number asc",
		)
	}
	owner_of = owners_on(units, on_date)
	result: dict[str, dict] = defaultdict(lambda: {"lots": [], "tantiemes": 0.0, "votes": 0})
	with core_errors():
		for unit, owner in owner_of.items():
			row = units[unit]
			entry = result[owner]
			entry["lots"].append(row.unit_number)
			entry["tantiemes"] += flt(row.tantiemes)
			# Arts 14, 16 decies: the lot's tantièmes unless the règlement sets its votes.
			entry["votes"] += core_votes.lot_votes(row.tantiemes, row.syndic_votes)
	return dict(result)


def overdue_by_owner(residence: str, on_date) -> dict[str, float]:
	"""{co-owner: amount overdue on `on_date`} from the ledger (finance.arrears)."""
	rows, _total = arrears(residence, on_date)
	return {row["key"]: flt(row["overdue"], 2) for row in rows}


def load(doc) -> None:
	"""Fill the attendance sheet with every owner on the first meeting's date, keeping what was
	already entered (status, proxies, proofs, override) for owners still there."""
	on_date = getdate(doc.first_meeting)
	owners = owners_of(doc.residence, on_date)
	info = {
		row.name: row
		for row in frappe.get_all(
			"Co-owner",
			filters={"name": ("in", list(owners) or [""])},
			fields=["name", "full_name", "address_line", "city", "country"],
		)
	}
	kept = {row.co_owner: row for row in doc.attendance}
	doc.set("attendance", [])
	for co_owner in sorted(owners, key=lambda c: (info[c].full_name or c) if c in info else c):
		entry = owners[co_owner]
		old = kept.get(co_owner)
		row = doc.append("attendance", old.as_dict() if old else {"co_owner": co_owner})
		person = info.get(co_owner) or frappe._dict()
		row.co_owner_name = person.full_name
		row.address = ", ".join(p for p in (person.address_line, person.city, person.country) if p)
		row.lots = ", ".join(entry["lots"])
		row.tantiemes = entry["tantiemes"]
		row.votes = float(entry["votes"])
	refresh_admission(doc)


def refresh_admission(doc, overdue: dict[str, float] | None = None) -> None:
	"""Overdue charges as of the AG date and admission of each owner (art. 16 quinquies)."""
	if overdue is None:
		overdue = overdue_by_owner(doc.residence, getdate(doc.first_meeting))
	for row in doc.attendance:
		row.overdue = overdue.get(row.co_owner, 0)
		with core_errors():
			result = core_admission.admission(row.overdue, row.admission_override, doc.overdue_tolerance or 0)
		row.admitted = 1 if result.admitted else 0
		row.not_admitted_reason = "" if result.admitted else frappe._(result.reason)


def apply_cap(doc) -> None:
	"""Counted votes of each owner after the art. 16 decies cap."""
	with core_errors():
		capped = core_votes.cap_votes({row.co_owner: row.votes or 0 for row in doc.attendance})
	for row in doc.attendance:
		row.counted_votes = float(capped[row.co_owner])


def concerned_owners(allocation_key: str, on_date) -> set[str]:
	"""Owners of the units of an allocation key on `on_date` (art. 16 undecies)."""
	unit_names = frappe.get_all("Allocation Key Unit", filters={"parent": allocation_key}, pluck="unit")
	units = {
		row.name: row
		for row in frappe.get_all(
			"Unit", filters={"name": ("in", unit_names or [""])}, fields=["name", "unit_number", "co_owner"]
		)
	}
	return set(owners_on(units, on_date).values())
