"""Archive rule: documents shared with co-owners or related to the accounts are kept five years
(décret 2.23.700: the syndic keeps the copropriété's archives and accounting documents five
years); before that date a deletion is refused and the date it becomes possible is given."""

from datetime import date

KEEP_YEARS = 5
ACCOUNTING_CATEGORIES = frozenset(
	{"Budget and accounts", "Contract", "General Assembly Minutes", "Insurance"}
)


def must_keep(category: str | None, visibility: str | None) -> bool:
	"""Shared (any co-owner sees it) or accounting-related documents are archives."""
	return visibility != "Staff" or (category or "") in ACCOUNTING_CATEGORIES


def deletable_from(document_date: date) -> date:
	"""The first day a document dated `document_date` may be deleted (five whole years later;
	29 February → 28 February)."""
	year = document_date.year + KEEP_YEARS
	try:
		return document_date.replace(year=year)
	except ValueError:
		return date(year, 2, 28)


def refusal_date(
	document_date: date, category: str | None, visibility: str | None, today: date
) -> date | None:
	"""None when the document may be deleted today; else the first day it may be."""
	if not must_keep(category, visibility):
		return None
	first = deletable_from(document_date)
	return first if today < first else None
