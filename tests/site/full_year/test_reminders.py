"""Full year: the daily reminder job sends each level once, only to co-owners in arrears (loi 18-00
art. 25 for the mise en demeure), and each letter asks for what is still owed."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.site.full_year.year import (
	LEVELS,
	PROFILES,
	letters,
)

pytestmark = [pytest.mark.site, pytest.mark.slow]


def test_dunnings_once_per_level_only_for_co_owners_in_arrears(year):
	frappe = year.frappe
	created = letters(year)
	expected = Counter(year.expected_dunnings)
	assert max(expected.values()) == 1
	assert Counter(created.keys()) == expected
	levels = Counter(level for *_rest, level in year.expected_dunnings)
	assert set(levels) == {level for level, _d in LEVELS}  # the year went through every level
	# letters went to the co-owners in arrears, and to nobody who paid on time
	in_arrears = {
		(abbr, year.res[abbr].owner_of[unit_number])
		for abbr in PROFILES
		for unit_number, profile in PROFILES[abbr].items()
		if set(profile) & {"late", "partial", "defaulter", "unpaid"}
	}
	assert {(abbr, owner) for _d, abbr, owner, _q, _l in created} == in_arrears
	# each letter went once by e-mail, to the co-owner's address, with its PDF
	for _day, name in year.created_dunnings:
		owner = frappe.db.get_value("Dunning", name, "syndic_co_owner")
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Dunning", "reference_name": name},
			fields=["name", "message"],
		)
		assert len(queue) == 1 and f"{name}.pdf" in queue[0].message, name
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient"
		)
		assert recipients == [frappe.db.get_value("Co-owner", owner, "email")], name


def test_each_letter_asks_for_what_is_still_owed(year):
	"""After a partial payment, the letter asks for what is left, not for the whole call."""
	created = letters(year)
	assert set(created) == set(year.expected_amounts)
	assert created == year.expected_amounts
