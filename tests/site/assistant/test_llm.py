"""The LLM path with the real `ollama` client against our own server speaking /api/chat (tool
calls, streamed NDJSON): tool calling, streaming to the page, the figure check with one
regeneration then the tools' own wording, Ollama down, and the question set's exact-answer rate
with a model that copies its tools (one answer in five first invents a figure)."""

import pytest

from tests.assistant_questions.run import run
from tests.site.assistant.fake_ollama import FakeOllama

pytestmark = pytest.mark.site


@pytest.fixture
def ollama(db):
	fake = FakeOllama()
	with fake.running():
		db.conf["syndic_ollama_host"] = fake.host
		db.conf["syndic_assistant_model"] = "test-model"
		try:
			yield fake
		finally:
			db.conf.pop("syndic_ollama_host", None)
			db.conf.pop("syndic_assistant_model", None)


@pytest.fixture
def published(monkeypatch):
	"""The realtime events sent (frappe.publish_realtime still runs)."""
	import frappe

	events = []
	real = frappe.publish_realtime

	def spy(event=None, message=None, *args, **kwargs):
		events.append((event, message, kwargs.get("user")))
		return real(event, message, *args, **kwargs)

	monkeypatch.setattr(frappe, "publish_realtime", spy)
	return events


def _own(people):
	residence, owner = next(iter(people.owners.items()))
	from tests.assistant_questions import ledger as L

	return owner, L.customer_outstanding(owner.customer, residence)


def test_tool_call_then_streamed_answer(db, people, as_user, ollama, published):
	from syndic_maroc.assistant.answer import answer
	from syndic_maroc.core.amounts import format_amount

	owner, owed = _own(people)
	good = f"Votre solde est de {format_amount(owed)} DH."
	ollama.script = [
		{"tool_calls": [{"function": {"name": "balance", "arguments": {}}}]},
		{"content": good},
	]
	with as_user(owner.user):
		r = answer("Quel est mon solde ?", channel={"conversation": owner.user, "message_id": "m1"})
	assert r["generator"] == "llm" and r["answer"] == good and r["figures_checked"]
	assert r["tool_calls"][0]["tool"] == "balance"
	first, second = ollama.requests
	assert first["tools"] and {t["function"]["name"] for t in first["tools"]} >= {
		"balance",
		"arrears",
		"spend",
	}
	assert first["stream"] is False and second["stream"] is True
	tool_messages = [m for m in second["messages"] if m["role"] == "tool"]
	assert tool_messages and format_amount(owed) not in tool_messages[0]["content"]  # figures as numbers
	tokens = [m["text"] for e, m, user in published if m.get("kind") == "token" and user == owner.user]
	assert len(tokens) > 1 and "".join(tokens) == good
	assert published[-1][1]["kind"] == "done"


def test_invented_figure_is_regenerated_once(db, people, as_user, ollama, published):
	from syndic_maroc.assistant.answer import answer
	from syndic_maroc.core.amounts import format_amount

	owner, owed = _own(people)
	good = f"Vous devez {format_amount(owed)} DH."
	ollama.script = [
		{"tool_calls": [{"function": {"name": "balance", "arguments": {}}}]},
		{"content": "Vous devez 1 234,56 DH depuis 3 mois."},
		{"content": good},
	]
	with as_user(owner.user):
		r = answer("combien je dois ?", channel={"conversation": owner.user, "message_id": "m2"})
	assert r["answer"] == good and r["generator"] == "llm"
	retry = ollama.requests[2]["messages"][-1]["content"]
	assert "1 234,56" in retry
	assert any(m.get("kind") == "reset" for _e, m, _u in published)


def test_invented_figure_twice_falls_back_to_the_tools_wording(db, people, as_user, ollama):
	from syndic_maroc.assistant.answer import answer

	owner, _owed = _own(people)
	with as_user(owner.user):
		db.conf.pop("syndic_ollama_host")
		plain = answer("combien je dois ?")
		db.conf["syndic_ollama_host"] = ollama.host
		ollama.script = [
			{"tool_calls": [{"function": {"name": "balance", "arguments": {}}}]},
			{"content": "Vous devez 1 234,56 DH."},
			{"content": "Pardon : 1 300,00 DH."},
		]
		r = answer("combien je dois ?")
	assert (
		r["generator"] == "router (llm rejected)" and r["answer"] == plain["answer"] and r["figures_checked"]
	)


def test_a_tool_call_the_router_would_refuse_is_not_run(db, people, as_user, ollama):
	from syndic_maroc.assistant.answer import answer

	from tests.assistant_questions.run import forbidden_figures, world, written

	owner, _owed = _own(people)
	ollama.script = [
		{"tool_calls": [{"function": {"name": "arrears", "arguments": {"residence": owner.residence}}}]},
		{"content": "Je ne peux pas."},
	]
	with as_user(owner.user):
		r = answer("combien je dois ?")
	assert r["tool_calls"][0]["refused"] == "debtors"
	sent = "".join(m.get("content") or "" for m in ollama.requests[1]["messages"] if m["role"] == "tool")
	bad = forbidden_figures(people, world(people, owner.residence))
	assert not any(str(float(v)) in sent or written(v) in sent for v in bad)


def test_ollama_down_answers_with_the_router(db, people, as_user):
	from syndic_maroc.assistant.answer import answer

	owner, _owed = _own(people)
	db.conf["syndic_ollama_host"] = "http://127.0.0.1:9"  # nothing listens on port 9
	try:
		with as_user(owner.user):
			r = answer("combien je dois ?")
	finally:
		db.conf.pop("syndic_ollama_host", None)
	assert r["generator"] == "router" and r["figures_checked"] and r["refused"] is None


def test_question_set_with_the_scripted_llm(db, people, ollama, capsys):
	from syndic_maroc.assistant.answer import answer

	ollama.invent_every = 5

	def ask(user, question):
		db.set_user(user)
		try:
			return answer(question)
		finally:
			db.set_user("Administrator")

	stats = run(people, ask, "scripted LLM (copies its tools; 1 in 5 first invents a figure)")
	with capsys.disabled():
		print("\n" + stats.summary("scripted LLM, 1 answer in 5 first invents a figure"))
		for miss in stats.misses[:20]:
			print("  MISS", miss)
	assert stats.leaks == 0 and stats.refusal_rate == 1.0
	assert stats.exact_rate >= 0.8
