"""Ledger questions end to end on the demo books, each figure compared with the ledger computed
independently here (plain SQL on tabSales Invoice / tabGL Entry), not by the same tool."""

from decimal import Decimal

import pytest

from tests.assistant_questions import ledger as L
from tests.assistant_questions.run import contains, short

pytestmark = pytest.mark.site


def _today():
	from frappe.utils import getdate, nowdate

	return getdate(nowdate())


def test_arrears_rows_are_the_customers_outstanding(db, people, as_user):
	from syndic_maroc.assistant.answer import answer

	residence = people.residences[0]
	with as_user(people.staff):
		r = answer(f"les 3 plus gros impayés à {short(residence)}")
	debtors = L.debtors(residence, _today())
	assert r["figures"]["count"] == len(debtors)
	assert Decimal(str(r["figures"]["total"])) == sum(v for _c, v in debtors)
	shown = [Decimal(str(row["total"])).quantize(Decimal("0.01")) for row in r["figures"]["rows"]]
	assert shown == [v for _c, v in debtors[:3]]
	assert all(contains(r["answer"], v) for v in shown)


def test_share_lines_add_up_to_the_invoice(db, people, as_user):
	from syndic_maroc.assistant.answer import answer

	residence, owner = next(iter(people.owners.items()))
	with as_user(owner.user):
		r = answer("pourquoi mon appel du 2e trimestre est-il de ce montant ?")
	lines = r["figures"]["lines"]
	assert lines and r["refused"] is None
	total = sum(Decimal(str(line["amount"])) for line in lines).quantize(Decimal("0.01"))
	today = _today()
	expected = L.call_total(
		owner.customer, residence, today.replace(month=4, day=1), today.replace(month=6, day=30)
	)
	assert total == expected
	# each line is the call's line split by the key: amount ≈ line × weight / total (to the cent)
	for line in lines:
		exact = (
			Decimal(str(line["line_amount"])) * Decimal(str(line["weight"])) / Decimal(str(line["key_total"]))
		)
		assert abs(exact - Decimal(str(line["amount"]))) < Decimal("0.01")
	assert all(s["doctype"] != "Sales Invoice" or s["url"] == "/mes-appels" for s in r["sources"])


def test_spend_breakdown_adds_up_and_matches_gl(db, people, as_user):
	from syndic_maroc.assistant.answer import answer

	residence = people.residences[0]
	today = _today()
	with as_user(people.staff):
		r = answer(f"dépenses de gardiennage par trimestre à {short(residence)} en {today.year}")
	rows = r["figures"]["rows"]
	assert len(rows) == 4
	total = Decimal(str(r["figures"]["total"]))
	assert sum(Decimal(str(row["amount"])) for row in rows) == total
	assert total == L.category_spend(residence, "Security", today.replace(month=1, day=1), today)


def test_history_closing_is_the_gl_balance(db, people, as_user):
	from syndic_maroc.assistant.answer import answer

	residence, owner = next(iter(people.owners.items()))
	with as_user(owner.user):
		r = answer("mon relevé de compte")
	assert Decimal(str(r["figures"]["closing"])) == L.co_owner_balance(owner.customer, residence, _today())


def test_store_down_still_answers_document_questions_cleanly(db, people, as_user):
	from syndic_maroc.assistant.answer import answer

	saved = db.conf.get("syndic_vector_dsn")
	db.conf["syndic_vector_dsn"] = "postgresql://nobody@127.0.0.1:9/none"  # nothing listens on port 9
	try:
		with as_user(people.staff):
			r = answer("que dit le règlement sur les animaux ?")
	finally:
		if saved is None:
			db.conf.pop("syndic_vector_dsn", None)
		else:
			db.conf["syndic_vector_dsn"] = saved
	assert r["store_available"] is False and r["answer"] and r["passages"] == []


def test_api_ask_keeps_the_conversation(db, people, as_user):
	import frappe
	from syndic_maroc.api import assistant as api

	_residence, owner = next(iter(people.owners.items()))
	with as_user(owner.user):
		before = len(api.history(limit=200))
		r = api.ask("Quel est mon solde ?")
		assert r["conversation"] == owner.user
		messages = api.history(limit=200)
	assert len(messages) == min(before + 2, 200)
	assert messages[-1]["role"] == "assistant" and messages[-1]["tools_called"][0]["tool"] == "balance"
	assert frappe.db.get_value("Assistant Conversation", owner.user, "user") == owner.user


def test_conversation_keeps_the_latest_messages(db, people, as_user, monkeypatch):
	from syndic_maroc.api import assistant as api
	from syndic_maroc.assistant.doctype.assistant_conversation import assistant_conversation

	monkeypatch.setattr(assistant_conversation, "MAX_MESSAGES", 4)
	owner = next(iter(people.owners.values()))
	with as_user(owner.user):
		for question in ("Quel est mon solde ?", "ما هو رصيدي؟", "ch7al khassni nkhlles"):
			api.ask(question)
		messages = api.history(limit=200)
	assert [m["text"] for m in messages if m["role"] == "user"] == ["ما هو رصيدي؟", "ch7al khassni nkhlles"]
	assert len(messages) == 4


def test_next_general_assembly(db, people, as_user):
	"""The next AG of the asker's résidence (the assembly module's DocType), with its agenda; the
	other résidence has none recorded."""
	import frappe
	from frappe.utils import add_days, get_datetime
	from syndic_maroc.assistant.answer import answer

	residence = people.residences[0]
	when = get_datetime(f"{add_days(_today(), 45)} 18:30:00")
	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": residence,
			"assembly_type": "Ordinary",
			"place": "Salle polyvalente",
			"first_meeting": when,
			"resolutions": [
				{"title": "Approbation des comptes", "legal_type": "Accounts approval"},
				{"title": "Réfection de la toiture", "legal_type": "Major works"},
			],
		}
	)
	ag.flags.ignore_validate = True
	ag.insert(ignore_permissions=True)
	owner = people.owners[residence]
	with as_user(owner.user):
		r = answer("quand est la prochaine AG ?")
	assert r["refused"] is None and r["figures"]["found"] is True
	assert when.strftime("%d/%m/%Y") in r["answer"] and "Salle polyvalente" in r["answer"]
	assert "Réfection de la toiture" in r["answer"]
	other = next(o for res, o in people.owners.items() if res != residence)
	with as_user(other.user):
		r = answer("متى الجمع العام المقبل؟")
	assert r["figures"]["found"] is False and r["reply_language"] == "ar"


def test_residence_selector_scopes_the_question(db, people, as_user):
	"""Staff of several résidences: the page's selector names the résidence the question is about."""
	from syndic_maroc.assistant.answer import answer

	with as_user(people.staff):
		assert answer("total des impayés")["clarify"] == "which_residence"
		for residence in people.residences:
			r = answer("total des impayés", residence=residence)
			assert r["residence"] == residence and Decimal(str(r["figures"]["total"])) == L.arrears_total(
				residence, _today()
			)


def test_a_failing_tool_gives_a_clear_answer(db, people, as_user, monkeypatch):
	"""A tool that breaks (here: the ledger query raising) answers "could not read", logged, no traceback."""
	from syndic_maroc.assistant import tools
	from syndic_maroc.assistant.answer import answer

	def broken(*args, **kwargs):
		raise RuntimeError("database went away")

	monkeypatch.setitem(tools.TOOLS, "balance", broken)
	owner = next(iter(people.owners.values()))
	with as_user(owner.user):
		r = answer("Quel est mon solde ?")
	assert r["answer"].startswith("Je n'ai pas pu lire ces chiffres") and r["figures"] == {}
