"""Every whitelisted method of Frappe, ERPNext and the app is classified (issue 10).

whitelisted_methods.tsv is the reviewed table (scripts/whitelisted_methods.py --tsv gives a first
classification of a new one); the enumeration is the script's, run here, so a method added by an
upgrade or by us fails this test until it has a row. The gate's decisions for a website user and
a Guest must match each row's class.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import configured_site

pytestmark = pytest.mark.site

TABLE = Path(__file__).with_name("whitelisted_methods.tsv")
CLASSES = {
	"own",
	"override",
	"override-alias",
	"guest-ok",
	"guest-refused",
	"website",
	"doc",
	"staff-checked",
	"staff",
}
# what a website user (co-owner) may reach through the gate; the overrides refuse him themselves
WEBSITE_ALLOWED = {"own", "override", "guest-ok", "website"}
GUEST_REFUSED = {"guest-refused", "override-alias"}


def table() -> dict[str, dict]:
	lines = [line for line in TABLE.read_text().splitlines() if line and not line.startswith("#")]
	header = lines[0].split("\t")
	return {row[0]: dict(zip(header, row, strict=False)) for row in (line.split("\t") for line in lines[1:])}


@pytest.fixture(scope="module")
def enumerated(site) -> list[dict]:
	bench, name = configured_site()
	out = subprocess.run(
		[sys.executable, str(bench / "scripts" / "whitelisted_methods.py"), "--json", "--site", name],
		cwd=bench / "sites",
		capture_output=True,
		text=True,
		timeout=600,
		check=True,
	)
	return json.loads(out.stdout)


def test_every_whitelisted_method_is_classified(enumerated):
	rows = table()
	names = {r["method"] for r in enumerated}
	unclassified = sorted(names - set(rows))
	stale = sorted(set(rows) - names)
	assert not unclassified, (
		f"{len(unclassified)} whitelisted method(s) without a row in {TABLE.name} "
		f"(classify them: scripts/whitelisted_methods.py --tsv): {unclassified[:40]}"
	)
	assert not stale, f"{len(stale)} row(s) of {TABLE.name} name no whitelisted method any more: {stale[:40]}"
	assert {row["class"] for row in rows.values()} <= CLASSES
	by_name = {r["method"]: r for r in enumerated}
	for name, row in rows.items():
		assert row["kind"] == by_name[name]["kind"], name
		assert (row["guest"] == "guest") == by_name[name]["guest"], f"{name}: opened to Guests or closed"
	print(f"\n{len(rows)} whitelisted methods classified")


def test_every_override_of_ours_is_in_the_table(site):
	rows = table()
	for original, targets in site.get_hooks("override_whitelisted_methods").items():
		if not targets[-1].startswith("syndic_maroc."):
			continue
		assert rows[original]["class"] == "override", original
		assert rows[targets[-1]]["class"] == "own", targets[-1]


def _decision(frappe, gate, name: str) -> bool:
	fn = gate.resolve(name)
	try:
		gate.check_callable(name, fn)
	except frappe.PermissionError:
		frappe.clear_last_message()
		return False
	return True


@pytest.mark.parametrize("who", ["website user", "Guest"])
def test_the_gate_decides_as_the_table_says(site, parties, who):
	"""A co-owner reaches only portal methods (Guest-open, ours, a few of Frappe's); a Guest
	reaches no refused Guest method and no alias of an overridden one."""
	frappe = site
	from syndic_maroc.utils import method_gate as gate

	frappe.set_user(parties["a"].user if who == "website user" else "Guest")
	try:
		wrong = {}
		for name, row in table().items():
			if row["kind"] != "function":
				continue
			allowed = _decision(frappe, gate, name)
			if who == "website user":
				expected = row["class"] in WEBSITE_ALLOWED
			else:
				expected = row["class"] not in GUEST_REFUSED
			if allowed != expected:
				wrong[name] = f"{row['class']}: {'allowed' if allowed else 'refused'}"
		assert not wrong, wrong
	finally:
		frappe.set_user("Administrator")
