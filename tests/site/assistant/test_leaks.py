"""Leak tests over real HTTP requests (a gunicorn of our own, a logged-in session per user): a
co-owner of each résidence tries to reach another owner's figures and another résidence's
figures and documents through api.assistant.ask, by every phrasing of the probe list
(FR/AR/Darija) → 0 leaks; conversations are private; a tool called directly with another
owner's lot refuses on its own, whatever the router said."""

import pytest

from tests.assistant_questions.run import run

pytestmark = pytest.mark.site

ASK = "/api/method/syndic_maroc.api.assistant.ask"


def _ask_over_http(http):
	sessions = {}

	def ask(user, question):
		s = sessions.get(user) or sessions.setdefault(user, http(user))
		r = s.post(s.base + ASK, data={"question": question}, timeout=60)
		assert r.status_code == 200, r.text[:500]
		return r.json()["message"]

	return ask


def test_co_owners_get_zero_leaks_over_http(site, people, http, capsys):
	stats = run(people, _ask_over_http(http), "HTTP leak probes", questions=False)
	with capsys.disabled():
		print("\n" + stats.summary("HTTP leak probes"))
		for leak in stats.leaked:
			print("  LEAK", leak)
	assert stats.probes >= 50
	assert stats.leaks == 0
	assert stats.refusal_rate == 1.0


def test_own_balance_over_http_matches_the_ledger(site, people, http):
	from syndic_maroc.core.amounts import format_amount

	from tests.assistant_questions import ledger as L

	for residence, owner in people.owners.items():
		s = http(owner.user)
		r = s.post(s.base + ASK, data={"question": "ما هو رصيدي؟"}, timeout=60).json()["message"]
		assert r["refused"] is None and r["reply_language"] == "ar"
		assert format_amount(L.customer_outstanding(owner.customer, residence)) in r["answer"]
		# every source is one of the owner's own documents or pages
		for source in r["sources"]:
			if source["doctype"] == "Sales Invoice":
				assert site.db.get_value("Sales Invoice", source["name"], "customer") == owner.customer


def test_conversations_are_private(site, people, http):
	a, b = list(people.owners.values())[:2]
	sa, sb = http(a.user), http(b.user)
	assert sa.post(sa.base + ASK, data={"question": "Quel est mon solde ?"}, timeout=60).status_code == 200
	assert sb.post(sb.base + ASK, data={"question": "Quel est mon solde ?"}, timeout=60).status_code == 200
	# B cannot read A's conversation, by the REST API or by naming it in ask
	assert sb.get(f"{sb.base}/api/resource/Assistant Conversation/{a.user}", timeout=30).status_code in (
		403,
		404,
	)
	r = sb.post(sb.base + ASK, data={"question": "bonjour", "conversation": a.user}, timeout=60)
	assert r.status_code == 403
	listed = sb.get(f"{sb.base}/api/resource/Assistant Conversation", timeout=30)
	assert a.user not in listed.text
	history = sb.get(sb.base + "/api/method/syndic_maroc.api.assistant.history", timeout=30).json()["message"]
	assert history and all(a.full_name not in (m["text"] or "") for m in history)


def test_guest_cannot_ask(site, people, http):
	import requests

	s = http(people.staff)
	r = requests.post(s.base + ASK, data={"question": "les impayés"}, timeout=30)
	assert r.status_code == 403


def test_tools_refuse_on_their_own(db, people, as_user):
	"""The second gate: a tool run with a route the router would have refused."""
	import frappe
	from syndic_maroc.assistant import context, tools
	from syndic_maroc.core.assistant.router import route

	residence = people.residences[0]
	owner = people.owners[residence]
	other_unit = frappe.db.get_value(
		"Unit", {"residence": residence, "unit_number": owner.others[0].unit_number}
	)
	far = people.residences[1]
	with as_user(owner.user):
		ctx = context.current()
		snap = context.snapshot(ctx)
		forged = route("combien je dois ?", snap, ctx.router_reader(), ctx.today)
		forged.units = [other_unit]
		with pytest.raises(frappe.PermissionError):
			tools.run(ctx, forged, "fr")
		forged = route("impayés", snap, ctx.router_reader(), ctx.today)
		forged.refusal, forged.intent = None, "arrears"
		with pytest.raises(frappe.PermissionError):
			tools.run(ctx, forged, "fr")
		forged = route("dépenses cette année", snap, ctx.router_reader(), ctx.today)
		forged.residence = far
		with pytest.raises(frappe.PermissionError):
			tools.run(ctx, forged, "fr")


def test_staff_scoped_to_one_residence(db, people, as_user):
	"""A staff member with a User Permission on one résidence: the other is out of reach."""
	from syndic_maroc.assistant.answer import answer

	from tests.assistant_questions import ledger as L
	from tests.assistant_questions.run import contains, short

	allowed = people.staff_one_residence
	other = next(r for r in people.residences if r != allowed)
	with as_user(people.staff_one):
		r = answer(f"total des impayés de {short(other)}")
		assert r["refused"] == "other_residence"
		assert not contains(r["answer"], L.arrears_total(other, site_today()))
		r = answer(f"total des impayés de {short(allowed)}")
		assert r["refused"] is None and contains(r["answer"], L.arrears_total(allowed, site_today()))


def site_today():
	from frappe.utils import getdate, nowdate

	return getdate(nowdate())


def test_pages(site, people, http):
	"""The portal page for a co-owner (their conversation), the desk page for staff."""
	import requests

	owner = next(iter(people.owners.values()))
	s = http(owner.user)
	s.post(s.base + ASK, data={"question": "ما هو رصيدي؟"}, timeout=60)
	page = s.get(s.base + "/mon-assistant", timeout=60)
	assert page.status_code == 200 and 'id="syndic-ask"' in page.text
	assert 'dir="rtl"' in page.text  # the Arabic answer of the conversation, right to left
	guest = requests.get(s.base + "/mon-assistant", timeout=60, allow_redirects=False)
	assert guest.status_code in (301, 302, 303) and "login" in guest.headers.get("Location", "")
	staff = http(people.staff)
	assert staff.get(staff.base + "/app/assistant", timeout=60).status_code == 200
	assert site.db.exists("Page", "assistant")
	# a co-owner is no desk user: the staff page is not theirs
	assert (
		s.get(s.base + "/api/method/frappe.desk.desk_page.getpage?name=assistant", timeout=60).status_code
		== 403
	)


def test_rate_limit(site, people, http):
	"""api.assistant.ask is rate limited per client address (site config syndic_assistant_rate_limit)."""
	from frappe.installer import update_site_config

	s = http(people.staff)
	site.cache.delete_keys("rl:")  # the questions of the other tests counted from this address too
	update_site_config("syndic_assistant_rate_limit", 2)
	try:
		codes = [
			s.post(s.base + ASK, data={"question": "combien de lots ?"}, timeout=60).status_code
			for _ in range(4)
		]
	finally:
		update_site_config("syndic_assistant_rate_limit", 100000)
		site.cache.delete_keys("rl:")
	assert codes[:2] == [200, 200] and codes[2:] == [429, 429]
