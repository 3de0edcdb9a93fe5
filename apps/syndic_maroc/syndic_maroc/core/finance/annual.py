"""The annual accounts for the general assembly (rapport annuel AG), from per-account figures.

Law encoded:
- Décret 2.23.700 annex 1 art. 4: the closing statements are the financial position (annex 3:
  the syndicat's receivables and debts and its treasury), the general management account
  (annex 4: income and charges of the year in current and non-current chapters) and the budget
  (annex 5), with annexes 6-9 and 12; the accounts are presented compared with the previous
  year (also loi 18-00 art. 24).
- Annex 1 art. 6: the works and non-current charges of annex 4 equal those of annex 7.
- Annex 1 art. 7: the follow-up of the reserve account is annex 7.
- Annex 1 art. 8: the ledger gives per account the opening balance, the debit and credit
  movements of the year and the closing balance (the trial balance below).
- Annex 1 art. 10: each co-owner's account broken down into current operations, works and
  exceptional operations, advances, loans (annex 10, core.finance.statements).
- Annex 1 arts 1 and 12: the statements due by revenue tier, the auditor above 1,000,000 MAD
  (core.finance.reporting.revenue_tier).
- Annex 2 arts 7-8: no netting of debit and credit balances: each account keeps its own line.

Amounts are Decimal; a balance is debit - credit unless a statement says otherwise.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ._common import ZERO, _, fail, money
from .chart import RESERVE_PLANNED, RESERVE_UNFORESEEN
from .reporting import (
	OVERRUN_THRESHOLD,
	BudgetActualRow,
	ComparisonRow,
	Tier,
	budget_vs_actual,
	revenue_from_balances,
	year_over_year,
)
from .statements import BUCKETS, LedgerRow, owner_statement

WORKS_PROVISION = "1511"  # provisions pour travaux décidés (annex 2 art. 6 and 9)
RESERVE_ACCOUNTS = (RESERVE_UNFORESEEN, RESERVE_PLANNED, WORKS_PROVISION)


@dataclass(frozen=True)
class AccountFigures:
	"""One account's ledger figures (annex 1 art. 8): its balance before the previous year and the
	debit / credit movements of the previous and the current year. `closing_entries` is the
	debit - credit of the year-end closing vouchers included in the movements (ERPNext Period
	Closing Voucher): it moves the year's result to class 1 and is left out of the year's activity."""

	number: str
	name: str = ""
	opening: Decimal = ZERO
	previous_debit: Decimal = ZERO
	previous_credit: Decimal = ZERO
	previous_closing_entries: Decimal = ZERO
	debit: Decimal = ZERO
	credit: Decimal = ZERO
	closing_entries: Decimal = ZERO

	def __post_init__(self):
		for name in (
			"opening",
			"previous_debit",
			"previous_credit",
			"previous_closing_entries",
			"debit",
			"credit",
			"closing_entries",
		):
			object.__setattr__(self, name, money(getattr(self, name)))
		for name in ("previous_debit", "previous_credit", "debit", "credit"):
			if getattr(self, name) < 0:
				fail(_("Negative entries on account {account}."), account=self.number)

	@property
	def previous_balance(self) -> Decimal:
		"""Balance at the end of the previous year (= opening balance of the year)."""
		return self.opening + self.previous_debit - self.previous_credit

	@property
	def balance(self) -> Decimal:
		"""Balance at the end of the year."""
		return self.previous_balance + self.debit - self.credit

	@property
	def activity(self) -> Decimal:
		"""The year's net movement without the closing entries (charges: debit, income: credit)."""
		return self.debit - self.credit - self.closing_entries

	@property
	def previous_activity(self) -> Decimal:
		return self.previous_debit - self.previous_credit - self.previous_closing_entries


def _ordered(figures: Iterable[AccountFigures]) -> list[AccountFigures]:
	figures = list(figures)
	seen = set()
	for row in figures:
		if not row.number:
			fail(_("Account without a number in the general ledger: {account}."), account=row.name)
		if row.number in seen:
			fail(_("Account {account} appears twice."), account=row.number)
		seen.add(row.number)
	return sorted(figures, key=lambda row: (row.number, row.name))


# --- budget vs actual by category (annex 5; loi 18-00 art. 24) --------------------------------


@dataclass(frozen=True)
class PlannedLine:
	"""A line of the voted budget: its category, its account number, its yearly amount."""

	category: str
	account: str | None
	amount: Decimal


@dataclass(frozen=True)
class CategoryRow:
	"""Budget vs actual of one budget row: the categories it covers (several categories sharing
	one account, e.g. 6134 maintenance contracts, make one row: the ledger cannot tell them
	apart) or none for spending on an account without budget."""

	key: str
	categories: tuple[str, ...]
	account: str | None
	row: BudgetActualRow


def budget_by_category(
	lines: Iterable[PlannedLine],
	actual: Mapping[str, object],
	threshold=OVERRUN_THRESHOLD,
) -> tuple[list[CategoryRow], BudgetActualRow]:
	"""Rows of the voted budget next to the ledger (core.finance.reporting.budget_vs_actual).

	`actual` is {account number: debit - credit of the period}. A class 6 account is spent by its
	debits; a reserve account (1111/1112, class 1) is funded by its credits, so its actual is
	credit - debit. Budget lines sharing an account are one row; class 6 accounts spent without a
	budget line come after, one row each (always an overrun)."""
	groups: dict[str, list] = {}
	accounts: dict[str, str | None] = {}
	for line in lines:
		key = line.account or f"category:{line.category}"
		groups.setdefault(key, []).append(line)
		accounts[key] = line.account
	for number in sorted(actual):
		if number.startswith("6") and number not in groups and money(actual[number]):
			groups[number] = []
			accounts[number] = number

	def spent(number: str | None) -> Decimal:
		if not number:
			return ZERO
		value = money(actual.get(number, 0))
		return value if number.startswith("6") else -value

	planned = {key: sum((money(line.amount) for line in group), ZERO) for key, group in groups.items()}
	rows, total = budget_vs_actual(planned, {key: spent(accounts[key]) for key in groups}, threshold)
	return [
		CategoryRow(
			row.category, tuple(line.category for line in groups[row.category]), accounts[row.category], row
		)
		for row in rows
	], total


# --- trial balance (annex 1 art. 8) -------------------------------------------------------------


@dataclass(frozen=True)
class TrialRow:
	number: str
	name: str
	opening: Decimal
	debit: Decimal
	credit: Decimal
	closing: Decimal


def trial_balance(figures: Iterable[AccountFigures]) -> tuple[list[TrialRow], TrialRow]:
	"""Per account with a balance or a movement: opening balance, debit and credit of the year,
	closing balance (annex 1 art. 8); the total row. Balances are debit - credit."""
	rows = [
		TrialRow(f.number, f.name, f.previous_balance, f.debit, f.credit, f.balance)
		for f in _ordered(figures)
		if f.previous_balance or f.debit or f.credit
	]
	total = TrialRow(
		"",
		_("Total"),
		sum((r.opening for r in rows), ZERO),
		sum((r.debit for r in rows), ZERO),
		sum((r.credit for r in rows), ZERO),
		sum((r.closing for r in rows), ZERO),
	)
	return rows, total


# --- statements compared with the previous year ------------------------------------------------


@dataclass(frozen=True)
class Line:
	"""A statement line next to the previous year (loi 18-00 art. 24)."""

	number: str
	label: str
	current: Decimal
	previous: Decimal
	change: Decimal
	change_ratio: Decimal | None


@dataclass(frozen=True)
class Section:
	key: str
	label: str
	lines: tuple[Line, ...]

	@property
	def current(self) -> Decimal:
		return sum((line.current for line in self.lines), ZERO)

	@property
	def previous(self) -> Decimal:
		return sum((line.previous for line in self.lines), ZERO)

	def total(self, label: str | None = None) -> Line:
		return _line(self.key, label or self.label, self.current, self.previous)


def _line(number: str, label: str, current: Decimal, previous: Decimal) -> Line:
	row = year_over_year({number: current}, {number: previous})[0]
	return _from_comparison(row, label)


def _from_comparison(row: ComparisonRow, label: str) -> Line:
	return Line(row.key, label, row.current, row.previous, row.change, row.change_ratio)


def _section(key: str, label: str, current: dict, previous: dict, names: dict) -> Section:
	rows = year_over_year(current, previous, order=sorted({*current, *previous}))
	return Section(
		key,
		label,
		tuple(_from_comparison(r, names.get(r.key, r.key)) for r in rows if r.current or r.previous),
	)


# Annex 3 layout: (key, label, side, test on the account number). First match wins.
POSITION_SECTIONS = (
	("receivables", _("Receivables (class 3)"), "assets", lambda n: n.startswith("3")),
	("treasury_assets", _("Cash and bank - assets"), "assets", lambda n: n.startswith("51")),
	(
		"equity",
		_("Reserves, grants and provisions (class 1)"),
		"liabilities",
		lambda n: n.startswith("1"),
	),
	("debts", _("Payables (class 4)"), "liabilities", lambda n: n.startswith("4")),
	("treasury_liabilities", _("Cash and bank - liabilities"), "liabilities", lambda n: n.startswith("5")),
	("other_assets", _("Other accounts"), "assets", lambda n: not n.startswith(("6", "7"))),
)
RESULT_LABEL = _("Result awaiting allocation (classes 6 and 7 not closed)")


@dataclass(frozen=True)
class FinancialPosition:
	"""État de la situation financière (annex 3): assets (debit balances) and liabilities
	(credit balances) of the syndicat at the end of the year and of the previous year."""

	assets: tuple[Section, ...]
	liabilities: tuple[Section, ...]
	result: Line  # the credit balance of the unclosed income and charge accounts

	@property
	def total_assets(self) -> Line:
		current = sum((s.current for s in self.assets), ZERO)
		previous = sum((s.previous for s in self.assets), ZERO)
		return _line("assets", _("Total assets"), current, previous)

	@property
	def total_liabilities(self) -> Line:
		current = sum((s.current for s in self.liabilities), ZERO) + self.result.current
		previous = sum((s.previous for s in self.liabilities), ZERO) + self.result.previous
		return _line("liabilities", _("Total liabilities"), current, previous)

	@property
	def balanced(self) -> bool:
		a, p = self.total_assets, self.total_liabilities
		return a.current == p.current and a.previous == p.previous


def financial_position(figures: Iterable[AccountFigures]) -> FinancialPosition:
	"""Annex 3 from the balances at the two year ends: classes 3 and 51 on the assets side
	(debit - credit), classes 1, 4 and the other class 5 accounts on the liabilities side
	(credit - debit), and the result not yet allocated = credit balance of classes 6 and 7.
	Each account on its own line, never netted (annex 2 arts 7-8)."""
	figures = _ordered(figures)
	names = {f.number: f.name for f in figures}
	buckets: dict[str, tuple[dict, dict]] = {key: ({}, {}) for key, *_rest in POSITION_SECTIONS}
	result_now = result_before = ZERO
	for f in figures:
		if f.number.startswith(("6", "7")):
			result_now -= f.balance
			result_before -= f.previous_balance
			continue
		for key, _label, side, test in POSITION_SECTIONS:
			if test(f.number):
				sign = 1 if side == "assets" else -1
				now, before = buckets[key]
				now[f.number], before[f.number] = sign * f.balance, sign * f.previous_balance
				break
	sections = {
		key: _section(key, label, *buckets[key], names) for key, label, _side, _test in POSITION_SECTIONS
	}
	assets = tuple(sections[k] for k, _l, side, _t in POSITION_SECTIONS if side == "assets")
	liabilities = tuple(sections[k] for k, _l, side, _t in POSITION_SECTIONS if side == "liabilities")
	return FinancialPosition(
		tuple(s for s in assets if s.lines or s.key != "other_assets"),
		liabilities,
		_line("result", RESULT_LABEL, result_now, result_before),
	)


# Annex 4 chapters: current and non-current operations (annex 1 art. 4), by account prefix.
CHARGE_SECTIONS = (
	("current_charges", _("Current expenses"), "61"),
	("works_charges", _("Non-current expenses: works and exceptional operations"), "65"),
	("allowances", _("Depreciation allowances"), "69"),
	("other_charges", _("Other expenses"), "6"),
)
INCOME_SECTIONS = (
	("current_income", _("Current income"), "71"),
	("non_current_income", _("Non-current income"), "75"),
	("reversals", _("Reversals of impairment"), "79"),
	("other_income", _("Other income"), "7"),
)


@dataclass(frozen=True)
class ManagementAccount:
	"""Compte de gestion générale (annex 4): charges and income of the year by chapter."""

	charges: tuple[Section, ...]
	income: tuple[Section, ...]

	@property
	def total_charges(self) -> Line:
		return _line(
			"charges",
			_("Total expenses"),
			sum((s.current for s in self.charges), ZERO),
			sum((s.previous for s in self.charges), ZERO),
		)

	@property
	def total_income(self) -> Line:
		return _line(
			"income",
			_("Total income"),
			sum((s.current for s in self.income), ZERO),
			sum((s.previous for s in self.income), ZERO),
		)

	@property
	def result(self) -> Line:
		"""Income - charges: positive = excédent (1191), negative = déficit (1199)."""
		income, charges = self.total_income, self.total_charges
		return _line(
			"result",
			_("Result of the fiscal year"),
			income.current - charges.current,
			income.previous - charges.previous,
		)

	@property
	def works_total(self) -> Decimal:
		"""Works and non-current charges: must equal annex 7's total (annex 1 art. 6)."""
		return sum((s.current for s in self.charges if s.key == "works_charges"), ZERO)


def _chapters(figures, specs, sign) -> tuple[Section, ...]:
	names = {f.number: f.name for f in figures}
	sections = []
	taken = set()
	for key, label, prefix in specs:
		now = {
			f.number: sign * f.activity
			for f in figures
			if f.number.startswith(prefix) and f.number not in taken
		}
		before = {
			f.number: sign * f.previous_activity
			for f in figures
			if f.number.startswith(prefix) and f.number not in taken
		}
		taken.update(now)
		section = _section(key, label, now, before, names)
		if section.lines or not key.startswith("other"):
			sections.append(section)
	return tuple(sections)


def management_account(figures: Iterable[AccountFigures]) -> ManagementAccount:
	"""Annex 4: class 6 accounts (debit - credit of the year) and class 7 accounts (credit -
	debit) in chapters, each next to the previous year; closing entries left out."""
	figures = [f for f in _ordered(figures) if f.number.startswith(("6", "7"))]
	return ManagementAccount(_chapters(figures, CHARGE_SECTIONS, 1), _chapters(figures, INCOME_SECTIONS, -1))


def revenue(figures: Iterable[AccountFigures]) -> Decimal:
	"""The year's revenue for the tier (annex 1 art. 1): class 7 credit balances of the year."""
	return revenue_from_balances({f.number: -f.activity for f in figures})


# --- annex 7: works and the reserve account ---------------------------------------------------


@dataclass(frozen=True)
class FundRow:
	"""A reserve or provision account over the year, credit-normal: opening, contributions
	(credits), uses (debits), closing."""

	number: str
	name: str
	opening: Decimal
	contributions: Decimal
	uses: Decimal
	closing: Decimal


@dataclass(frozen=True)
class WorksAndReserve:
	works: Section  # works and non-current charges of the year (annex 4 chapter, art. 6)
	works_income: Section  # calls for works and non-current income (7112, class 75)
	funds: tuple[FundRow, ...]  # 1111, 1112, 1511 (annex 1 art. 7; annex 2 art. 9)


def works_and_reserve(figures: Iterable[AccountFigures]) -> WorksAndReserve:
	"""Annex 7: the works and non-current charges (the same total as annex 4, annex 1 art. 6),
	the income that funds them (calls for works 7112 and non-current income 75) and the
	follow-up of the reserve accounts 1111 / 1112 and of the works provisions 1511."""
	figures = _ordered(figures)
	names = {f.number: f.name for f in figures}
	charges = {f.number: f.activity for f in figures if f.number.startswith("65")}
	charges_before = {f.number: f.previous_activity for f in figures if f.number.startswith("65")}
	income_numbers = [f.number for f in figures if f.number.startswith(("7112", "75"))]
	by_number = {f.number: f for f in figures}
	income = {n: -by_number[n].activity for n in income_numbers}
	income_before = {n: -by_number[n].previous_activity for n in income_numbers}
	funds = []
	for f in figures:
		if f.number.startswith(RESERVE_ACCOUNTS) and (f.previous_balance or f.debit or f.credit):
			funds.append(FundRow(f.number, f.name, -f.previous_balance, f.credit, f.debit, -f.balance))
	return WorksAndReserve(
		_section("works_charges", _("Works and non-current operations"), charges, charges_before, names),
		_section(
			"works_income",
			_("Works calls for funds and non-current income"),
			income,
			income_before,
			names,
		),
		tuple(funds),
	)


# --- annex 10: individual co-owner accounts -----------------------------------------------------


@dataclass(frozen=True)
class IndividualAccount:
	"""A co-owner's account over the year: opening, calls (debits), payments and other credits,
	closing, and the closing balance per annex 1 art. 10 bucket. Positive = he owes."""

	key: str
	opening: Decimal
	calls: Decimal
	payments: Decimal
	closing: Decimal
	buckets: dict[str, Decimal] = field(default_factory=dict)


def co_owner_accounts(
	ledger: Mapping[str, Iterable[LedgerRow]], from_date: date, to_date: date
) -> tuple[list[IndividualAccount], IndividualAccount]:
	"""Annex 10: each co-owner's statement over [from_date, to_date] (core owner_statement on his
	GL lines), in the order of `ledger`; co-owners with nothing at all are left out. The total row
	has key "Total"."""
	rows = []
	for key, lines in ledger.items():
		statement = owner_statement(lines, from_date, to_date)
		if not (statement.opening or statement.rows or any(b.opening for b in statement.buckets.values())):
			continue
		rows.append(
			IndividualAccount(
				key,
				statement.opening,
				statement.total_debit,
				statement.total_credit,
				statement.closing,
				{bucket: statement.buckets[bucket].closing for bucket in BUCKETS},
			)
		)
	total = IndividualAccount(
		"Total",
		sum((r.opening for r in rows), ZERO),
		sum((r.calls for r in rows), ZERO),
		sum((r.payments for r in rows), ZERO),
		sum((r.closing for r in rows), ZERO),
		{bucket: sum((r.buckets[bucket] for r in rows), ZERO) for bucket in BUCKETS},
	)
	return rows, total


# --- which annexes the tier needs and where the pack gives them -------------------------------

SIMPLIFIED_NOTE = _(
	"Simplified statement: the annex's template is not reproduced; its items appear in the financial position and the income and expenditure account of this report."
)
EQUIPMENT_NOTE = _("Equipment made available: outside the accounts, to be attached by the syndic.")

# annex -> section of the pack that gives it (None: see the note)
ANNEX_SECTIONS = {
	"3": "position",
	"4": "management",
	"5": "budget",
	"7": "works",
	"8": "debts",
	"9": None,
	"10": "co_owners",
	"11": None,
	"12": None,
	"13-1": None,
	"13-2": None,
}
ANNEX_NOTES = {"9": EQUIPMENT_NOTE, "11": SIMPLIFIED_NOTE, "12": SIMPLIFIED_NOTE}
ANNEX_NOTES.update({"13-1": SIMPLIFIED_NOTE, "13-2": SIMPLIFIED_NOTE})


@dataclass(frozen=True)
class AnnexItem:
	code: str
	section: str | None
	note: str | None


def annex_plan(tier: Tier) -> list[AnnexItem]:
	"""The annexes the tier must give (annex 1 art. 1), each with the pack section that gives
	it or a note. The pack always gives the full statements: a smaller syndicat may do more."""
	return [AnnexItem(code, ANNEX_SECTIONS.get(code), ANNEX_NOTES.get(code)) for code in tier.annexes]
