from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.calls import (
	BudgetLine,
	CallLine,
	compute_call,
	idempotency_key,
	lines_from_budget,
	natural_key,
	summarize,
)
from syndic_maroc.core.finance.periods import fiscal_periods

D = Decimal

TANTIEMES = {"A-1": 300, "A-2": 300, "A-10": 400}
OWNERS = {"A-1": "Alami", "A-2": "Bennani", "A-10": "Alami"}


def test_split_and_group_per_co_owner():
	lines = [
		CallLine("Eau", D("1000.00"), TANTIEMES),
		CallLine("Ascenseur", D("100.00"), {"A-2": 1, "A-10": 2}),
	]
	result = compute_call("AF-2025-T1", lines, OWNERS)
	assert result.total == D("1100.00")
	assert result.by_unit == {
		"A-1": {"Eau": D("300.00")},
		"A-2": {"Eau": D("300.00"), "Ascenseur": D("33.33")},
		"A-10": {"Eau": D("400.00"), "Ascenseur": D("66.67")},
	}
	alami, bennani = result.invoices
	assert alami.co_owner == "Alami" and bennani.co_owner == "Bennani"
	# lines in natural unit order, then line order
	assert [(l.unit, l.category, l.amount) for l in alami.lines] == [
		("A-1", "Eau", D("300.00")),
		("A-10", "Eau", D("400.00")),
		("A-10", "Ascenseur", D("66.67")),
	]
	assert alami.total == D("766.67") and alami.units == ("A-1", "A-10")
	assert bennani.total == D("333.33")
	assert alami.receivable_account == "3421" and alami.lines[0].income_account == "7111"
	assert alami.lines[0].weight == D(300) and alami.lines[0].key_total == D(1000)
	assert summarize(result) == {
		"invoices": 2,
		"co_owners": 2,
		"units": 3,
		"total": D("1100.00"),
		"by_kind": {"current": D("1100.00")},
	}


def test_works_lines_make_a_separate_invoice_on_3423():
	# Décret 2.23.700 annex 2 art. 9: works calls Dr 3423 / Cr 7112.
	lines = [CallLine("Eau", 100, TANTIEMES), CallLine("Travaux", 1000, TANTIEMES, kind="works")]
	result = compute_call("C1", lines, OWNERS)
	kinds = [(i.co_owner, i.kind, i.receivable_account, i.total) for i in result.invoices]
	assert kinds == [
		("Alami", "current", "3421", D("70.00")),
		("Alami", "works", "3423", D("700.00")),
		("Bennani", "current", "3421", D("30.00")),
		("Bennani", "works", "3423", D("300.00")),
	]
	assert result.invoices[1].lines[0].income_account == "7112"
	assert len({i.idempotency_key for i in result.invoices}) == 4


def test_idempotency_key_is_deterministic():
	a = compute_call("C1", [CallLine("Eau", 100, TANTIEMES)], OWNERS)
	b = compute_call("C1", [CallLine("Eau", 100, dict(reversed(list(TANTIEMES.items()))))], OWNERS)
	assert [i.idempotency_key for i in a.invoices] == [i.idempotency_key for i in b.invoices]
	assert idempotency_key("C1", "Alami") == a.invoices[0].idempotency_key
	assert idempotency_key("C1", "Alami") != idempotency_key("C2", "Alami")
	assert idempotency_key("C1", "Alami") != idempotency_key("C1", "Alami", "works")
	assert idempotency_key("C1", "Alami").startswith("AF-") and len(idempotency_key("C1", "x")) == 27


def test_zero_shares_make_no_line_and_no_invoice():
	result = compute_call("C1", [CallLine("Divers", D("0.01"), {"A-1": 1, "A-2": 1})], OWNERS)
	assert [(i.co_owner, i.total) for i in result.invoices] == [("Alami", D("0.01"))]
	assert result.by_unit["A-2"] == {"Divers": D("0.00")}


def test_errors():
	with pytest.raises(ValidationError, match="Units without a co-owner for call C1: A-3, A-20"):
		compute_call("C1", [CallLine("Eau", 10, {"A-20": 1, "A-3": 1})], OWNERS)
	with pytest.raises(ValidationError, match="negative"):
		compute_call("C1", [CallLine("Eau", -10, TANTIEMES)], OWNERS)
	with pytest.raises(ValidationError, match="appears twice"):
		compute_call("C1", [CallLine("Eau", 10, TANTIEMES), CallLine("Eau", 5, TANTIEMES)], OWNERS)
	with pytest.raises(ValidationError, match="holds no unit"):
		compute_call("C1", [CallLine("Eau", 10, {})], OWNERS)
	with pytest.raises(ValidationError, match="Zero or negative weight"):
		compute_call("C1", [CallLine("Eau", 10, {"A-1": 0, "A-2": 1})], OWNERS)
	with pytest.raises(ValidationError, match="has no lines"):
		compute_call("C1", [], OWNERS)
	with pytest.raises(ValidationError, match="Unknown call type"):
		compute_call("C1", [CallLine("Eau", 10, TANTIEMES, kind="loan")], OWNERS)


def test_lines_from_budget_for_a_quarter():
	periods = fiscal_periods(date(2025, 1, 1))
	budget = [
		BudgetLine("Gardiennage", D("48000.00"), TANTIEMES, account="6134"),
		BudgetLine("Fonds de réserve / travaux", D("10000.01"), TANTIEMES, kind="works"),
	]
	q1 = lines_from_budget(budget, periods, 1)
	assert [(l.category, l.amount, l.kind, l.account) for l in q1] == [
		("Gardiennage", D("12000.00"), "current", "6134"),
		("Fonds de réserve / travaux", D("2500.01"), "works", None),
	]
	year = [lines_from_budget(budget, periods, i) for i in range(1, 5)]
	assert sum(l[1].amount for l in year) == D("10000.01")


def test_natural_key():
	assert sorted(["A-10", "A-2", "B-1", "a-3"], key=natural_key) == ["A-2", "a-3", "A-10", "B-1"]


@st.composite
def calls(draw):
	n_units = draw(st.integers(1, 40))
	units = [f"U{i}" for i in range(n_units)]
	owners = {u: f"CO{draw(st.integers(0, max(0, n_units // 3)))}" for u in units}
	lines = []
	for c in range(draw(st.integers(1, 5))):
		subset = draw(st.lists(st.sampled_from(units), min_size=1, unique=True))
		weights = {u: draw(st.integers(1, 10000)) for u in subset}
		amount = Decimal(draw(st.integers(0, 10**9))) / 100
		kind = draw(st.sampled_from(["current", "works"]))
		lines.append(CallLine(f"cat{c}", amount, weights, kind))
	return lines, owners


@given(calls())
def test_totals_exact_and_each_share_within_a_cent(data):
	lines, owners = data
	result = compute_call("X", lines, owners)
	assert sum(i.total for i in result.invoices) == sum(D(l.amount).quantize(D("0.01")) for l in lines)
	for line in lines:
		shares = [result.by_unit[u][line.category] for u in line.weights]
		assert sum(shares) == line.amount
		total_weight = sum(line.weights.values())
		for u, w in line.weights.items():
			assert abs(result.by_unit[u][line.category] - line.amount * w / total_weight) < D("0.01")
	for invoice in result.invoices:
		assert all(owners[l.unit] == invoice.co_owner and l.kind == invoice.kind for l in invoice.lines)
		assert invoice.total == sum(l.amount for l in invoice.lines) > 0
	keys = [(i.co_owner, i.kind) for i in result.invoices]
	assert len(keys) == len(set(keys))


def test_call_accounts_follow_the_decree():
	# Décret 2.23.700 annex 2 art. 9: Dr 3421 / Cr 7111; works Dr 3423 / Cr 7112.
	from syndic_maroc.core.finance.chart import BUDGET_CATEGORIES, call_accounts

	assert call_accounts("current") == ("3421", "7111")
	assert call_accounts("works") == ("3423", "7112")
	with pytest.raises(ValidationError, match="Unknown call type"):
		call_accounts("loan")
	assert BUDGET_CATEGORIES["Works"] == ("6511", "works")
	assert BUDGET_CATEGORIES["Reserve Fund"] == ("1112", "works")
	assert all(acc.startswith("6") or acc in ("1111", "1112") for acc, _kind in BUDGET_CATEGORIES.values())
