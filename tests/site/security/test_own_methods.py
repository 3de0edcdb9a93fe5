"""Our own whitelisted methods over real HTTP (issue 10): each checks permission first, and no
input ends in a 500 (a Guest or a co-owner gets 403, bad input a clear 4xx)."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

TABLE = Path(__file__).with_name("whitelisted_methods.tsv")
QUERY = "syndic_maroc.api.collections.co_owner_query"


def own_functions() -> list[str]:
	rows = [
		line.split("\t") for line in TABLE.read_text().splitlines()[1:] if line and not line.startswith("#")
	]
	return [row[0] for row in rows if row[3] == "own" and row[1] == "function"]


def _co_owners(r) -> set[str]:
	assert r.status_code == 200, r.text[:300]
	return {row[0] for row in r.json()["message"]}


def test_co_owner_query_checks_permission_and_scoping(clients, parties, site):
	a, acc, guest = clients["a"], clients["acc"], clients["guest"]
	r1, r2 = parties["a"].residence, parties["c"].residence
	args = {"doctype": "Co-owner", "txt": "", "searchfield": "name", "start": 0, "page_len": 500}
	# Guests and co-owners: refused, whatever résidence they name
	for client in (guest, a):
		r = client.call(QUERY, **args, filters=json.dumps({"residence": r2}))
		assert r.status_code == 403, r.text[:300]
	# the accountant of résidence 1: his résidence, form-encoded (it was a 500), and not the other one
	own = _co_owners(acc.call(QUERY, http="FORM", **args, filters=json.dumps({"residence": r1})))
	assert parties["a"].co_owner in own
	r = acc.call(QUERY, http="FORM", **args, filters=json.dumps({"residence": r2}))
	assert r.status_code == 403, r.text[:300]
	# without a résidence: only those of his résidences
	unscoped = _co_owners(acc.call(QUERY, **args))
	assert parties["a"].co_owner in unscoped and parties["c"].co_owner not in unscoped
	# bad filters: a clear error, not a 500
	r = acc.call(QUERY, http="FORM", **args, filters="{residence")
	assert r.status_code == 417, r.text[:300]
	assert "JSON" in r.text


@pytest.mark.parametrize("who", ["guest", "a"])
def test_no_own_method_answers_a_500_or_a_traceback_to_outsiders(clients, who):
	"""Every whitelisted function of the app, called bare by a Guest and by a co-owner: a 4xx
	(or a 200 for the few portal ones), never a 500; conftest.Client fails on any traceback."""
	client = clients[who]
	errors = {}
	for method in own_functions():
		for http in ("GET", "POST"):
			r = client.call(method, http=http)
			if r.status_code >= 500:
				errors[f"{http} {method}"] = f"{r.status_code} {r.text[:200]}"
	assert not errors, errors
