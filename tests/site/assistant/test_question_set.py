"""The question set (tests/assistant_questions) end to end on the demo books, without an LLM:
prints the exact-answer rate and the refusal rate on the leak probes (run with -s to see it)."""

import pytest

from tests.assistant_questions.run import run

pytestmark = pytest.mark.site


def _ask_in_process(site):
	from syndic_maroc.assistant.answer import answer

	def ask(user, question):
		site.set_user(user)
		try:
			return answer(question)
		finally:
			site.set_user("Administrator")

	return ask


def test_question_set_without_llm(site, people, capsys):
	site.conf.pop("syndic_ollama_host", None)
	stats = run(people, _ask_in_process(site), "router, no LLM")
	with capsys.disabled():
		print("\n" + stats.summary("router, no LLM"))
		for miss in stats.misses:
			print("  MISS", miss)
		for probe in stats.unrefused:
			print("  NOT REFUSED", probe)
		for leak in stats.leaked:
			print("  LEAK", leak)
	assert stats.questions >= 100
	assert stats.leaks == 0
	assert stats.refusal_rate == 1.0
	# "most ledger questions exactly": the floor this deterministic router must keep
	assert stats.exact_rate >= 0.8


def test_held_out_questions_without_llm(site, people, capsys):
	"""Phrasings written after the router was finished (first round 52/74 = 70.3% before its misses
	changed the router; second round never used to change it): printed, with a low floor."""
	from tests.assistant_questions.questions import (
		HOLDOUT2_OWNER,
		HOLDOUT2_STAFF,
		HOLDOUT_OWNER,
		HOLDOUT_STAFF,
	)

	site.conf.pop("syndic_ollama_host", None)
	fresh = run(
		people, _ask_in_process(site), "held out 2", probes=False, staff=HOLDOUT2_STAFF, owner=HOLDOUT2_OWNER
	)
	with capsys.disabled():
		print("\n" + fresh.summary("held-out round 2 (never used to change the router), router, no LLM"))
		for miss in fresh.misses:
			print("  MISS", miss)
	assert fresh.questions >= 60 and fresh.exact_rate >= 0.5

	site.conf.pop("syndic_ollama_host", None)
	stats = run(
		people, _ask_in_process(site), "held out", probes=False, staff=HOLDOUT_STAFF, owner=HOLDOUT_OWNER
	)
	with capsys.disabled():
		print("\n" + stats.summary("held-out phrasings, router, no LLM"))
		for miss in stats.misses:
			print("  MISS", miss)
	assert stats.questions >= 70
	assert stats.exact_rate >= 0.5
