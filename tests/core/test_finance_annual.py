"""Annual AG statements (core.finance.annual): décret 2.23.700 annexes 3, 4, 7, 10, the trial
balance of annex 1 art. 8 and budget vs actual by category, on a small double-entry ledger."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.annual import (
	AccountFigures,
	PlannedLine,
	annex_plan,
	budget_by_category,
	co_owner_accounts,
	financial_position,
	management_account,
	revenue,
	trial_balance,
	works_and_reserve,
)
from syndic_maroc.core.finance.reporting import revenue_tier
from syndic_maroc.core.finance.statements import LedgerRow

D = Decimal
NAMES = {
	"1112": "Fonds de réserve",
	"1511": "Provisions pour travaux décidés",
	"3421": "Copropriétaire individuel",
	"3423": "Copropriétaires - travaux",
	"4411": "Fournisseurs",
	"4421": "Copropriétaires - avances reçues",
	"5121": "Banques",
	"5161": "Caisse",
	"6112": "Électricité",
	"6131": "Nettoyage",
	"6134": "Contrats de maintenance",
	"6135": "Petites réparations",
	"6511": "Travaux décidés par l'AG",
	"7111": "Appels de fonds - opérations courantes",
	"7112": "Appels de fonds - travaux",
	"7514": "Récupérations",
	"1191": "Résultat - excédent",
}
BEFORE, PREVIOUS, CURRENT = 2023, 2024, 2025


def figures(entries) -> list[AccountFigures]:
	"""AccountFigures from journal entries (year, debit account, credit account, amount[, closing])."""
	acc = defaultdict(lambda: defaultdict(D))
	for year, debit, credit, amount, *closing in entries:
		amount = D(str(amount))
		if year == BEFORE:
			acc[debit]["opening"] += amount
			acc[credit]["opening"] -= amount
			continue
		prefix = "previous_" if year == PREVIOUS else ""
		acc[debit][prefix + "debit"] += amount
		acc[credit][prefix + "credit"] += amount
		if closing:
			acc[debit][prefix + "closing_entries"] += amount
			acc[credit][prefix + "closing_entries"] -= amount
	return [AccountFigures(number, NAMES[number], **values) for number, values in acc.items()]


LEDGER = [
	# 2023: calls 100,000, collected 90,000, electricity 60,000 paid; result closed to 1191
	(BEFORE, "3421", "7111", 100000),
	(BEFORE, "5121", "3421", 90000),
	(BEFORE, "6112", "4411", 60000),
	(BEFORE, "4411", "5121", 60000),
	(BEFORE, "7111", "1191", 40000),
	(BEFORE, "7111", "6112", 60000),
	# 2024: calls 120,000 + works 30,000; cleaning 50,000 (40,000 paid); works 25,000
	(PREVIOUS, "3421", "7111", 120000),
	(PREVIOUS, "3423", "7112", 30000),
	(PREVIOUS, "5121", "3421", 110000),
	(PREVIOUS, "5161", "3423", 30000),
	(PREVIOUS, "6131", "4411", 50000),
	(PREVIOUS, "4411", "5121", 40000),
	(PREVIOUS, "6511", "4411", 25000),
	(PREVIOUS, "5121", "4421", 1500),  # an advance
	# 2024 year-end closing voucher: the result (75,000) moved to 1191
	(PREVIOUS, "7111", "6131", 50000, "closing"),
	(PREVIOUS, "7112", "6511", 25000, "closing"),
	(PREVIOUS, "7111", "1191", 70000, "closing"),
	(PREVIOUS, "7112", "1191", 5000, "closing"),
	# 2025 (not closed yet): calls 130,000; electricity 62,000.50; cleaning 48,000; 6135 3,000
	(CURRENT, "3421", "7111", 130000),
	(CURRENT, "5121", "3421", 125000),
	(CURRENT, "6112", "4411", "62000.50"),
	(CURRENT, "6131", "4411", 48000),
	(CURRENT, "6135", "5161", 3000),
	(CURRENT, "4411", "5121", 100000),
	(CURRENT, "5121", "1112", 8000),  # reserve fund funded
	(CURRENT, "1112", "1511", 5000),  # reserve used for decided works
	(CURRENT, "6511", "4411", 5000),
	(CURRENT, "1511", "7112", 5000),  # released to 7112 as works progress (annex 2 art. 9)
	(CURRENT, "5121", "7514", 250),
]


def test_trial_balance_gives_opening_movements_and_closing():
	rows, total = trial_balance(figures(LEDGER))
	by = {r.number: r for r in rows}
	bank = by["5121"]
	assert (bank.opening, bank.debit, bank.credit, bank.closing) == (
		D("101500.00"),
		D("133250.00"),
		D("100000.00"),
		D("134750.00"),
	)
	assert by["6112"].opening == 0 and by["6112"].closing == D("62000.50")
	# double entry: the total balance is zero, debits equal credits
	assert total.opening == total.closing == 0 and total.debit == total.credit
	assert [r.number for r in rows] == sorted(by)
	assert "6134" not in by  # nothing on it


def test_financial_position_compares_the_two_year_ends_without_netting():
	pos = financial_position(figures(LEDGER))
	assert pos.balanced
	sections = {s.key: s for s in pos.assets + pos.liabilities}
	receivables = {line.number: line for line in sections["receivables"].lines}
	assert receivables["3421"].current == D("25000.00") and receivables["3421"].previous == D("20000.00")
	assert receivables["3421"].change == D("5000.00") and receivables["3421"].change_ratio == D("0.2500")
	assert "3423" not in receivables  # fully paid: zero both years
	# the advance stays on its own liability line (annex 2 art. 8)
	debts = {line.number: line for line in sections["debts"].lines}
	assert debts["4421"].current == debts["4421"].previous == D("1500.00")
	assert debts["4411"].current == D("50000.50") and debts["4411"].previous == D("35000.00")
	treasury = {line.number: line.current for line in sections["treasury_assets"].lines}
	assert treasury == {"5121": D("134750.00"), "5161": D("27000.00")}
	equity = {line.number: (line.current, line.previous) for line in sections["equity"].lines}
	# 1511 is funded and released within the year: zero at both ends, no line
	assert equity == {"1112": (D("3000.00"), D("0.00")), "1191": (D("115000.00"), D("115000.00"))}
	# 2024 was closed to 1191; 2025 is not: its result waits in classes 6 and 7
	assert pos.result.previous == 0
	assert pos.result.current == D("130000") + D("5000") + D("250") - D("62000.50") - D("48000") - D(
		"3000"
	) - D("5000")
	assert pos.total_assets.current == pos.total_liabilities.current == D("186750.00")
	assert pos.total_assets.previous == D("151500.00")


def test_position_detects_an_unbalanced_ledger():
	broken = [*figures(LEDGER), AccountFigures("5161", "x")]
	with pytest.raises(ValidationError, match="appears twice"):
		financial_position(broken)
	one_sided = [f for f in figures(LEDGER) if f.number != "4421"]
	assert not financial_position(one_sided).balanced


def test_management_account_by_chapter_without_closing_entries():
	acc = management_account(figures(LEDGER))
	charges = {s.key: {line.number: line for line in s.lines} for s in acc.charges}
	income = {s.key: {line.number: line for line in s.lines} for s in acc.income}
	assert [s.key for s in acc.charges] == ["current_charges", "works_charges", "allowances"]
	assert charges["current_charges"]["6131"].current == D("48000.00")
	assert charges["current_charges"]["6131"].previous == D("50000.00")  # closing voucher left out
	assert charges["current_charges"]["6112"].previous == 0
	assert charges["current_charges"]["6112"].change_ratio is None
	assert charges["works_charges"]["6511"].current == D("5000.00")
	assert income["current_income"]["7111"].current == D("130000.00")
	assert income["current_income"]["7112"].previous == D("30000.00")
	assert income["non_current_income"]["7514"].current == D("250.00")
	assert acc.total_charges.current == D("118000.50") and acc.total_charges.previous == D("75000.00")
	assert acc.total_income.current == D("135250.00") and acc.total_income.previous == D("150000.00")
	assert acc.result.current == D("17249.50") and acc.result.previous == D("75000.00")
	# the unclosed year's result is what the position shows in classes 6-7
	assert financial_position(figures(LEDGER)).result.current == acc.result.current
	assert acc.works_total == D("5000.00")


def test_revenue_and_tier():
	assert revenue(figures(LEDGER)) == D("135250.00")
	big = [*LEDGER, (CURRENT, "3421", "7111", "364750.00")]
	assert revenue(figures(big)) == D("500000.00")
	assert revenue_tier(revenue(figures(big))).code == "full"
	assert revenue_tier(revenue(figures(LEDGER))).code == "small"


def test_works_and_reserve_follow_up():
	annex = works_and_reserve(figures(LEDGER))
	assert [(line.number, line.current, line.previous) for line in annex.works.lines] == [
		("6511", D("5000.00"), D("25000.00"))
	]
	# annex 1 art. 6: the same works total as annex 4
	assert annex.works.current == management_account(figures(LEDGER)).works_total
	assert {line.number: line.current for line in annex.works_income.lines} == {
		"7112": D("5000.00"),
		"7514": D("250.00"),
	}
	funds = {f.number: f for f in annex.funds}
	assert (
		funds["1112"].opening,
		funds["1112"].contributions,
		funds["1112"].uses,
		funds["1112"].closing,
	) == (
		D("0.00"),
		D("8000.00"),
		D("5000.00"),
		D("3000.00"),
	)
	assert funds["1511"].contributions == funds["1511"].uses == D("5000.00") and funds["1511"].closing == 0


def test_co_owner_accounts_annex_10():
	ledger = {
		"CO-1": [
			LedgerRow(date(2024, 12, 1), D("700"), account="3421"),
			LedgerRow(date(2025, 1, 1), D("750"), account="3421"),
			LedgerRow(date(2025, 1, 1), D("2000"), account="3423"),
			LedgerRow(date(2025, 2, 1), credit=D("1450"), account="3421"),
			LedgerRow(date(2025, 2, 1), credit=D("300"), account="4421"),
			LedgerRow(date(2026, 1, 5), D("999"), account="3421"),  # after the year
		],
		"CO-2": [],
		"CO-3": [LedgerRow(date(2024, 6, 1), D("100"), account="3421")],
	}
	rows, total = co_owner_accounts(ledger, date(2025, 1, 1), date(2025, 12, 31))
	assert [r.key for r in rows] == ["CO-1", "CO-3"]
	one = rows[0]
	assert (one.opening, one.calls, one.payments, one.closing) == (
		D("700.00"),
		D("2750.00"),
		D("1750.00"),
		D("1700.00"),
	)
	assert one.buckets == {
		"current": D("0.00"),
		"works": D("2000.00"),
		"advances": D("-300.00"),
		"loans": D("0.00"),
	}
	assert rows[1].opening == rows[1].closing == D("100.00") and rows[1].calls == 0
	assert total.key == "Total" and total.closing == D("1800.00") and total.buckets["works"] == D("2000.00")
	assert total.opening + total.calls - total.payments == total.closing


def test_budget_by_category_groups_shared_accounts_and_flags_overruns():
	lines = [
		PlannedLine("Common Area Electricity", "6112", D("50000")),
		PlannedLine("Cleaning", "6131", D("48000")),
		PlannedLine("Elevator", "6134", D("6000")),
		PlannedLine("Security", "6134", D("30000")),
		PlannedLine("Reserve Fund", "1112", D("8000")),
		PlannedLine("Miscellaneous", None, D("500")),
	]
	actual = {"6112": "62000.50", "6131": 48000, "6135": 3000, "1112": -8000, "6134": 0, "7111": -130000}
	rows, total = budget_by_category(lines, actual)
	flat = [(r.key, r.categories, r.row.budget, r.row.actual, r.row.overrun) for r in rows]
	assert flat == [
		("6112", ("Common Area Electricity",), D("50000.00"), D("62000.50"), True),  # +24 %
		("6131", ("Cleaning",), D("48000.00"), D("48000.00"), False),
		("6134", ("Elevator", "Security"), D("36000.00"), D("0.00"), False),
		("1112", ("Reserve Fund",), D("8000.00"), D("8000.00"), False),  # funded by its credits
		("category:Miscellaneous", ("Miscellaneous",), D("500.00"), D("0.00"), False),
		("6135", (), D("0.00"), D("3000.00"), True),  # spent without budget
	]
	assert rows[0].row.variance == D("12000.50") and rows[0].row.variance_ratio == D("0.2400")
	assert rows[-1].account == "6135" and rows[-1].row.variance_ratio is None
	assert total.budget == D("142500.00") and total.actual == D("121000.50")
	# exactly +20 % is not an overrun; one cent more is
	rows, _total = budget_by_category([PlannedLine("Water", "6111", D("1000"))], {"6111": "1200.00"})
	assert not rows[0].row.overrun
	rows, _total = budget_by_category([PlannedLine("Water", "6111", D("1000"))], {"6111": "1200.01"})
	assert rows[0].row.overrun


@given(
	st.lists(
		st.tuples(
			st.sampled_from([BEFORE, PREVIOUS, CURRENT]),
			st.sampled_from(sorted(NAMES)),
			st.sampled_from(sorted(NAMES)),
			st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2),
		),
		max_size=30,
	)
)
def test_any_double_entry_ledger_gives_a_balanced_position(entries):
	figs = figures(entries)
	pos = financial_position(figs)
	assert pos.balanced
	_rows, total = trial_balance(figs)
	assert total.closing == 0 and total.debit == total.credit
	acc = management_account(figs)
	# without closing entries the unclosed result is the sum of every year's result
	before = -sum((f.opening for f in figs if f.number.startswith(("6", "7"))), D(0))
	assert pos.result.current == before + acc.result.previous + acc.result.current


def test_annex_plan_by_tier():
	full = annex_plan(revenue_tier(600000))
	assert [(a.code, a.section) for a in full] == [
		("3", "position"),
		("4", "management"),
		("5", "budget"),
		("7", "works"),
		("8", "debts"),
		("9", None),
		("10", "co_owners"),
	]
	assert full[5].note and "Equipment" in full[5].note
	medium = annex_plan(revenue_tier(300000))
	assert [a.code for a in medium] == ["10", "11", "12"]
	assert medium[0].section == "co_owners" and medium[1].section is None and "Simplified" in medium[1].note
	assert [a.code for a in annex_plan(revenue_tier(150000))] == ["10", "13-1", "13-2"]


def test_bad_figures_are_refused():
	with pytest.raises(ValidationError, match="Negative entries"):
		AccountFigures("6112", debit=-1)
	with pytest.raises(ValidationError, match="without a number"):
		trial_balance([AccountFigures("", "Compte libre", debit=1)])
	assert AccountFigures("6112", debit=0.1 + 0.2).debit == D("0.30")
