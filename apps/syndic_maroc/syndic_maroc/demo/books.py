"""Demo books: the money cycle of the demo résidences for the current fiscal year.

Called by `syndic_maroc.demo.loader.load` once the registry is loaded. For the fiscal year that
contains today, each demo résidence gets:

- an approved Residence Budget (with its ERPNext Budget), voted by a demo general assembly;
- a quarterly Call for Funds for every quarter started by today, issued inline (one submitted
  Sales Invoice per co-owner and kind);
- the co-owners' payments (finance.collections.record_payment), drawn from a seeded random
  generator: most pay in full, some in part, some not at all, one pays two quarters at once
  (an advance on 4421 that the next call uses); never dated after today;
- a few supplier Purchase Invoices, so that "Budget vs Actual by Category" shows actuals;
- the reminders due today (finance.reminders.create_due_dunnings).

Idempotent: every document is looked up by its natural key first (budget: résidence and fiscal
year; call: budget and period; payment and supplier invoice: their `DEMO-…` reference), so
loading twice creates nothing twice, whatever today's date is.

Every document made here carries a demo marker that is never translated (MARK): the budget's
AG reference, the payments' reference number, the supplier invoices' bill number; calls,
their invoices and the reminders on those invoices hang off the demo budgets. `find` and
`remove` (used by `demo.load(reset=True)`) rely on it to delete these books, and only them.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from syndic_maroc.demo import data as demo_data
from syndic_maroc.utils import erpnext_compat

MARK = "DEMO"  # never translated: reset finds the demo books by it

FULL, PART, NOTHING = "full", "part", "nothing"
SHARE_FULL, SHARE_PART = 0.70, 0.15  # of each call's co-owners; the others pay nothing
HABIT_WEIGHT = 0.75  # how much a co-owner's habit, rather than chance, decides their rank

# Payment habits: MRE pay from abroad by transfer, companies by transfer or cheque.
PERSON_MODES = (("Bank Transfer", 0.40), ("Cheque", 0.30), ("Cash", 0.20), ("Card", 0.10))
COMPANY_MODES = (("Bank Transfer", 0.70), ("Cheque", 0.30))
CHEQUE_BANKS = (
	"Attijariwafa bank",
	"Banque Populaire",
	"BMCE Bank of Africa",
	"CIH Bank",
	"Société Générale Maroc",
	"Crédit du Maroc",
	"Al Barid Bank",
)

# Yearly budget in MAD: (category, specific key name or None for the general key, amount).
# A category appears once per budget, so the second lift's contract is a "Miscellaneous" line on
# its own key. The works (a works call, 3423) are on the parking key: eight lots. No reserve fund
# line: on the general key it would double every call's invoices and payments (one per
# receivable account), and the load time with them.
BUDGETS = {
	demo_data.CASA: (
		("Common Area Electricity", None, 48_000),
		("Water", None, 18_000),
		("Elevator", "Ascenseur bâtiment A", 26_400),
		("Cleaning", None, 72_000),
		("Security", None, 84_000),
		("Gardening", None, 14_400),
		("Insurance", None, 12_500),
		("Syndic Fees", None, 36_000),
		("Miscellaneous", "Ascenseur bâtiment B", 26_400),
		("Works", "Parking", 48_000),
	),
	demo_data.MARRAKECH: (
		("Common Area Electricity", None, 14_400),
		("Water", None, 24_000),
		("Security", None, 72_000),
		("Gardening", None, 42_000),
		("Cleaning", None, 9_600),
		("Insurance", None, 6_500),
		("Syndic Fees", None, 18_000),
	),
}

# Supplier invoices per quarter: (supplier, expense account number, amount in MAD, days after the
# start of the quarter, metered). Metered bills vary; electricity runs about 10 % over budget,
# so the report shows an overrun. Contracts are billed at a fixed price.
PURCHASES = {
	demo_data.CASA: (
		("SRM Casablanca-Settat", "6111", 4_500, 35, True),
		("SRM Casablanca-Settat", "6112", 13_200, 35, True),
		("Atlas Ascenseurs Maroc SARL", "6134", 6_600, 10, False),
		("Atlas Ascenseurs Maroc SARL", "6143", 6_600, 10, False),
		("Nadafa Services SARL", "6131", 18_000, 10, False),
		("Al Amane Gardiennage et Sécurité SARL", "6134", 21_000, 10, False),
		("Jardins de la Palmeraie SARL AU", "6134", 3_600, 10, False),
	),
	demo_data.MARRAKECH: (
		("Al Amane Gardiennage et Sécurité SARL", "6134", 18_000, 10, False),
		("Jardins de la Palmeraie SARL AU", "6134", 10_500, 10, False),
	),
}


def _line_descriptions() -> dict[str, str]:
	"""Budget line descriptions (stored in the documents: translated when loaded)."""
	return {
		"Elevator": _("Elevator maintenance contract, building A"),
		"Miscellaneous": _("Elevator maintenance contract, building B"),
		"Works": _("Waterproofing repair of the car park"),
	}


def _purchase_labels() -> dict[tuple[str, str], str]:
	"""What each supplier invoice is for, by (supplier, account number)."""
	return {
		("SRM Casablanca-Settat", "6111"): _("Common area water (main meter)"),
		("SRM Casablanca-Settat", "6112"): _("Common area electricity"),
		("Atlas Ascenseurs Maroc SARL", "6134"): _("Elevator maintenance, building A"),
		("Atlas Ascenseurs Maroc SARL", "6143"): _("Elevator maintenance, building B"),
		("Nadafa Services SARL", "6131"): _("Cleaning of the common areas"),
		("Al Amane Gardiennage et Sécurité SARL", "6134"): _("Residence caretaking"),
		("Jardins de la Palmeraie SARL AU", "6134"): _("Garden maintenance"),
	}


# --- loading ------------------------------------------------------------------------------------


def load(data: dict, as_of=None) -> dict:
	"""Create the demo books of the fiscal year containing `as_of` (default today).
	Returns {fiscal_year, created, existing, timings, residences: [per-résidence figures]}."""
	as_of = getdate(as_of or today())
	created: Counter = Counter()
	existing: Counter = Counter()
	timings: Counter = Counter()
	skipped: list[str] = []
	residences: list[dict] = []
	fy = fiscal_year(as_of, created)
	if not fy:
		skipped.append(
			f"aucun exercice comptable ne couvre le {as_of} et un exercice existant chevauche "
			f"l'année {as_of.year} : comptes non chargés"
		)
	for row in data["residences"] if fy else ():
		books = _Books(row, fy, as_of, timings)
		books.run()
		created.update(books.created)
		existing.update(books.existing)
		if books.skipped:
			skipped.append(books.skipped)
		residences.append(figures(row["residence_name"], fy.name))
	return {
		"fiscal_year": fy.name if fy else None,
		"created": dict(created),
		"existing": dict(existing),
		"skipped": skipped,
		"timings": {step: round(seconds, 1) for step, seconds in timings.items()},
		"residences": residences,
	}


def fiscal_year(as_of: date, created: Counter | None = None) -> frappe._dict | None:
	"""The enabled Fiscal Year containing `as_of`; a calendar year is created when none covers it
	(the site's setup makes one per calendar year), unless another one overlaps it."""
	filters = {"year_start_date": ("<=", as_of), "year_end_date": (">=", as_of), "disabled": 0}
	fields = ["name", "year_start_date", "year_end_date"]
	found = frappe.db.get_value("Fiscal Year", filters, fields, as_dict=True)
	if found:
		return found
	start, end = date(as_of.year, 1, 1), date(as_of.year, 12, 31)
	overlapping = frappe.db.exists(
		"Fiscal Year", {"year_start_date": ("<=", end), "year_end_date": (">=", start)}
	)
	if overlapping or frappe.db.exists("Fiscal Year", str(as_of.year)):
		return None  # the site's fiscal years are set otherwise: leave them alone
	doc = frappe.get_doc(
		{"doctype": "Fiscal Year", "year": str(as_of.year), "year_start_date": start, "year_end_date": end}
	)
	doc.insert(ignore_permissions=True)
	if created is not None:
		created["Fiscal Year"] += 1
	return frappe.db.get_value("Fiscal Year", doc.name, fields, as_dict=True)


@dataclass
class _Plan:
	"""One co-owner's payment for one call, drawn before looking at dates (deterministic)."""

	co_owner: str
	number: int
	behaviour: str
	offset: int
	share: float
	mode: str
	reference: str
	bank: str
	overpays: bool = False


@dataclass
class _Books:
	residence: dict
	fy: frappe._dict
	as_of: date
	timings: Counter
	created: Counter = field(default_factory=Counter)
	existing: Counter = field(default_factory=Counter)
	skipped: str | None = None

	def __post_init__(self):
		self.name = self.residence["residence_name"]
		self.abbr = self.residence["abbr"]
		self.company, self.cost_center = frappe.db.get_value(
			"Residence", self.name, ["company", "cost_center"]
		)
		self.tag = f"{MARK}-{self.abbr}-{self.fy.name}"  # e.g. DEMO-JDA-2026

	def run(self) -> None:
		for step in (self.budget, self.calls, self.purchase_invoices, self.dunnings):
			t0 = time.monotonic()
			step()
			self.timings[step.__name__] += time.monotonic() - t0
			if self.skipped:
				return

	# budget ---------------------------------------------------------------------------------

	def budget(self) -> None:
		found = frappe.db.get_value(
			"Residence Budget",
			{"residence": self.name, "fiscal_year": self.fy.name, "docstatus": ("<", 2)},
			["name", "docstatus", "ag_reference"],
			as_dict=True,
		)
		if found and self.tag not in (found.ag_reference or ""):
			# somebody's own budget: the demo does not draw calls from it
			self.skipped = (
				f"{self.name} : le budget {found.name} n'est pas celui de la démo, comptes non chargés"
			)
			return
		if found and found.docstatus == 1:
			self.existing["Residence Budget"] += 1
			self.budget_name = found.name
			return
		doc = frappe.get_doc("Residence Budget", found.name) if found else self.new_budget()
		doc.submit()
		self.created["Residence Budget"] += 1
		self.budget_name = doc.name

	def new_budget(self):
		general = frappe.db.get_value("Allocation Key", {"residence": self.name, "is_general": 1})
		descriptions = _line_descriptions()
		lines = []
		for category, key_name, amount in BUDGETS[self.name]:
			key = (
				frappe.db.get_value("Allocation Key", {"residence": self.name, "key_name": key_name})
				if key_name
				else general
			)
			lines.append(
				{
					"category": category,
					"allocation_key": key,
					"amount": amount,
					"description": descriptions.get(category),
				}
			)
		# voted at the ordinary general assembly held before the year starts (loi 18-00 art. 24)
		return frappe.get_doc(
			{
				"doctype": "Residence Budget",
				"residence": self.name,
				"fiscal_year": self.fy.name,
				"call_frequency": "Quarterly",
				"due_day": 1,
				"ag_date": getdate(self.fy.year_start_date) - timedelta(days=20),
				"ag_reference": f"{_('Ordinary general assembly (demo)')} — {self.tag}",
				"lines": lines,
			}
		).insert()

	# calls and payments ---------------------------------------------------------------------

	def periods(self) -> list:
		"""The budget's quarters started by `as_of`."""
		budget = frappe.get_doc("Residence Budget", self.budget_name)
		return [p for p in budget.get_periods() if p.start <= self.as_of]

	def calls(self) -> None:
		for period in self.periods():
			call = self.call(period)
			self.payments(call, period)

	def call(self, period) -> str:
		found = frappe.db.get_value(
			"Call for Funds",
			{"residence_budget": self.budget_name, "period_index": period.index, "docstatus": 1},
			["name", "issue_status"],
			as_dict=True,
		)
		if found:
			self.existing["Call for Funds"] += 1
			self.existing["Sales Invoice"] += frappe.db.count(
				"Sales Invoice", {"syndic_call_for_funds": found.name, "docstatus": 1}
			)
			if found.issue_status != "Completed":  # an earlier load stopped halfway: complete it
				with issue_now():
					frappe.get_doc("Call for Funds", found.name).retry_issue()
			return found.name
		doc = frappe.get_doc(
			{
				"doctype": "Call for Funds",
				"residence": self.name,
				"source": "Budget",
				"residence_budget": self.budget_name,
				"period_index": period.index,
				"posting_date": period.start,
				"send_notices_on_issue": 0,
			}
		).insert()
		with issue_now():
			doc.submit()
		self.created["Call for Funds"] += 1
		self.created["Sales Invoice"] += frappe.db.count(
			"Sales Invoice", {"syndic_call_for_funds": doc.name, "docstatus": 1}
		)
		return doc.name

	def payments(self, call: str, period) -> None:
		from syndic_maroc.finance.collections import record_payment

		due = getdate(frappe.db.get_value("Call for Funds", call, "due_date"))
		for plan in self.payment_plans(call, period):
			key = f"{self.tag}-T{period.index}-{plan.number:03d}"
			found = frappe.db.count(
				"Payment Entry", {"company": self.company, "reference_no": ("like", f"{key}%")}
			)
			if found:
				self.existing["Payment Entry"] += found
				continue
			if plan.behaviour == NOTHING:
				continue
			# a payment cannot precede the call it settles: early payers pay on the call's date
			on = max(due + timedelta(days=plan.offset), period.start)
			if on > self.as_of:
				continue  # not paid yet
			owed = self.owed(call, plan.co_owner)
			amount = owed if plan.behaviour == FULL else math.floor(owed * plan.share / 10) * 10
			if plan.overpays:  # two quarters at once: the surplus waits on 4421 for the next call
				amount = math.ceil(owed * 2 / 100) * 100
			if amount <= 0:
				continue  # an advance already settled this call
			reference = key if plan.mode in ("Cash", "Card") else f"{key} {plan.reference}"
			result = record_payment(
				self.name,
				plan.co_owner,
				flt(amount, 2),
				plan.mode,
				posting_date=on,
				reference_no=reference,
				cheque_bank=plan.bank if plan.mode == "Cheque" else None,
			)
			self.created["Payment Entry"] += len(result["payment_entries"])

	def payment_plans(self, call: str, period) -> list[_Plan]:
		"""Every co-owner of the call, sorted by name, with what they will do; all draws are made
		whatever the date, so the same co-owners pay the same way on any day."""
		customers = frappe.get_all(
			"Sales Invoice",
			filters={"syndic_call_for_funds": call, "docstatus": 1},
			pluck="customer",
			distinct=True,
		)
		co_owners = frappe.get_all(
			"Co-owner",
			filters={"customer": ("in", customers or [""])},
			fields=["name", "full_name", "owner_type", "is_mre"],
			order_by="full_name asc, name asc",
		)
		rng = random.Random(f"{demo_data.SEED}:{self.tag}:T{period.index}")
		plans, scores = [], {}
		for number, co in enumerate(co_owners, start=1):
			# a co-owner's habits (seeded by name: the same after a reset, whatever the docname)
			habit = random.Random(f"{demo_data.SEED}:{self.abbr}:{co.full_name}")
			lateness = habit.random()
			modes = COMPANY_MODES if co.owner_type == "Company" else PERSON_MODES
			mode = "Bank Transfer" if co.is_mre else _pick(habit, modes)
			scores[co.name] = (1 - HABIT_WEIGHT) * rng.random() + HABIT_WEIGHT * lateness
			offset, share = rng.randint(-10, 25), rng.uniform(0.3, 0.7)
			reference = (
				f"VIR {rng.randint(10**9, 10**10 - 1)}"
				if mode == "Bank Transfer"
				else f"CHQ {rng.randint(10**6, 10**7 - 1)}"
			)
			plans.append(
				_Plan(co.name, number, FULL, offset, share, mode, reference, rng.choice(CHEQUE_BANKS))
			)
		# exactly SHARE_FULL and SHARE_PART, the most punctual first: the same co-owners are
		# usually late (reminders, arrears), yet a good payer may miss a quarter
		ranked = sorted(plans, key=lambda plan: scores[plan.co_owner])
		paid_in_full = round(len(ranked) * SHARE_FULL)
		paid_in_part = round(len(ranked) * SHARE_PART)
		for rank, plan in enumerate(ranked):
			plan.behaviour = (
				FULL if rank < paid_in_full else PART if rank < paid_in_full + paid_in_part else NOTHING
			)
		if period.index == 1 and paid_in_full:
			rng.choice(ranked[:paid_in_full]).overpays = True
		return plans

	def owed(self, call: str, co_owner: str) -> float:
		customer = frappe.db.get_value("Co-owner", co_owner, "customer")
		return flt(
			sum(
				frappe.get_all(
					"Sales Invoice",
					filters={"syndic_call_for_funds": call, "customer": customer, "docstatus": 1},
					pluck="outstanding_amount",
				)
			),
			2,
		)

	# supplier invoices ----------------------------------------------------------------------

	def purchase_invoices(self) -> None:
		from syndic_maroc.finance.invoicing import line_uom

		labels = _purchase_labels()
		uom = line_uom()
		rows = PURCHASES[self.name]
		previous = frappe.flags.mute_messages
		frappe.flags.mute_messages = True  # the ERPNext budget only warns on the electricity overrun
		try:
			for period in self.periods():
				rng = random.Random(f"{demo_data.SEED}:{self.tag}:achats:T{period.index}")
				for i, (supplier, number, amount, day, metered) in enumerate(rows, start=1):
					factor = rng.uniform(0.85, 1.2)
					bill_no = f"{self.tag}-{(period.index - 1) * len(rows) + i:02d}"
					if frappe.db.exists("Purchase Invoice", {"company": self.company, "bill_no": bill_no}):
						self.existing["Purchase Invoice"] += 1
						continue
					on = min(period.start + timedelta(days=day), self.as_of)
					label = f"{labels[(supplier, number)]} — {period.label}"
					self.purchase_invoice(
						supplier,
						number,
						flt(amount * factor if metered else amount, 2),
						on,
						bill_no,
						label,
						uom,
					)
		finally:
			frappe.flags.mute_messages = previous

	def purchase_invoice(self, supplier_name, number, amount, on, bill_no, label, uom) -> None:
		from syndic_maroc.finance.utils import required_account

		supplier = frappe.db.get_value("Supplier", {"supplier_name": supplier_name})
		doc = frappe.get_doc(
			{
				"doctype": "Purchase Invoice",
				"company": self.company,
				"supplier": supplier,
				"bill_no": bill_no,
				"bill_date": on,
				"set_posting_time": 1,
				"posting_date": on,
				"due_date": on + timedelta(days=30),
				"cost_center": self.cost_center,
				"disable_rounded_total": 1,
				"items": [
					{
						"item_name": label[:140],
						"description": label,
						"qty": 1,
						"rate": amount,
						"uom": uom,
						"stock_uom": uom,
						"conversion_factor": 1,
						"expense_account": required_account(self.company, number),
						"cost_center": self.cost_center,
					}
				],
			}
		)
		doc.insert()
		doc.submit()
		self.created["Purchase Invoice"] += 1

	# reminders ------------------------------------------------------------------------------

	def dunnings(self) -> None:
		from syndic_maroc.finance.reminders import create_due_dunnings

		# Never twice: create_due_dunnings reads the reminders already sent. Not emailed: with
		# emails muted Frappe would queue every letter (a PDF each) for the fictional co-owners;
		# the letters are kept to print, like on a site without an outgoing account.
		created = create_due_dunnings(self.name, self.as_of, send_email=False)
		if created:
			self.created["Dunning"] += len(created)


def _pick(rng: random.Random, weighted: tuple) -> str:
	draw, total = rng.random(), 0.0
	for value, weight in weighted:
		total += weight
		if draw < total:
			return value
	return weighted[-1][0]


@contextmanager
def issue_now():
	"""Issue (or cancel) a call's invoices in this process, not in a background job."""
	previous = frappe.flags.syndic_issue_now
	frappe.flags.syndic_issue_now = True
	try:
		yield
	finally:
		frappe.flags.syndic_issue_now = previous


# --- figures (summary) --------------------------------------------------------------------------


def figures(residence: str, fiscal_year: str) -> dict:
	"""What the books of `residence` hold for `fiscal_year` (for the summary)."""
	company, abbr = frappe.db.get_value("Residence", residence, ["company", "abbr"])
	tag = f"{MARK}-{abbr}-{fiscal_year}-%"  # the markers of this year's books
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year, ["year_start_date", "year_end_date"])
	budget = frappe.db.get_value(
		"Residence Budget",
		{"residence": residence, "fiscal_year": fiscal_year, "docstatus": 1},
		["name", "total_amount"],
		as_dict=True,
	)
	calls = (
		frappe.get_all(
			"Call for Funds", filters={"residence_budget": budget.name, "docstatus": 1}, pluck="name"
		)
		if budget
		else []
	)
	invoices = (
		frappe.get_all(
			"Sales Invoice",
			filters={"syndic_call_for_funds": ("in", calls), "docstatus": 1},
			fields=["grand_total", "outstanding_amount"],
		)
		if calls
		else []
	)
	payments = frappe.get_all(
		"Payment Entry",
		filters={
			"company": company,
			"docstatus": 1,
			"payment_type": "Receive",
			"reference_no": ("like", tag),
		},
		fields=["paid_amount", "syndic_receipt"],
	)
	purchases = frappe.get_all(
		"Purchase Invoice",
		filters={"company": company, "docstatus": 1, "bill_no": ("like", tag)},
		pluck="grand_total",
	)
	return {
		"residence": residence,
		"budget": budget.name if budget else None,
		"budget_total": flt(budget.total_amount) if budget else 0,
		"calls": len(calls),
		"invoices": len(invoices),
		"called": flt(sum(flt(i.grand_total) for i in invoices), 2),
		"outstanding": flt(sum(flt(i.outstanding_amount) for i in invoices), 2),
		"receipts": len({p.syndic_receipt for p in payments}),
		"received": flt(sum(flt(p.paid_amount) for p in payments), 2),
		"purchase_invoices": len(purchases),
		"purchased": flt(sum(flt(v) for v in purchases), 2),
		"dunnings": frappe.db.count(
			"Dunning",
			{"syndic_residence": residence, "docstatus": 1, "posting_date": ("between", (start, end))},
		),
	}


# --- reset --------------------------------------------------------------------------------------


@dataclass
class Books:
	"""The demo books found on the site (any docstatus), by doctype."""

	dunnings: list[str]
	payments: list[str]
	purchase_invoices: list[str]
	invoices: list[str]
	calls: list[str]
	budgets: list[str]
	erpnext_budgets: list[str]

	def vouchers(self) -> set[tuple[str, str]]:
		"""The ledger vouchers among them (their GL entries go with them)."""
		return (
			{("Sales Invoice", n) for n in self.invoices}
			| {("Payment Entry", n) for n in self.payments}
			| {("Purchase Invoice", n) for n in self.purchase_invoices}
			| {("Dunning", n) for n in self.dunnings}
		)


def find(residences: list[str], companies: list[str]) -> Books:
	"""The documents these books made for `residences` (by their demo markers), and nothing else."""

	def names(doctype: str, filters: dict) -> list[str]:
		return frappe.get_all(doctype, filters=filters, pluck="name", order_by="creation desc")

	if not residences:
		return Books([], [], [], [], [], [], [])
	budgets = names(
		"Residence Budget", {"residence": ("in", residences), "ag_reference": ("like", f"%{MARK}-%")}
	)
	erpnext_budgets = [
		b
		for b in frappe.get_all(
			"Residence Budget", filters={"name": ("in", budgets or [""])}, pluck="erpnext_budget"
		)
		if b
	]
	calls = names("Call for Funds", {"residence_budget": ("in", budgets)}) if budgets else []
	invoices = names("Sales Invoice", {"syndic_call_for_funds": ("in", calls)}) if calls else []
	in_companies = ("in", companies or [""])
	payments = names(
		"Payment Entry",
		{
			"company": in_companies,
			"syndic_residence": ("in", residences),
			"reference_no": ("like", f"{MARK}-%"),
		},
	)
	purchases = names("Purchase Invoice", {"company": in_companies, "bill_no": ("like", f"{MARK}-%")})
	# a reminder is part of the demo when every invoice it claims is a demo call's invoice
	ours = set(invoices)
	dunnings = []
	for name in names("Dunning", {"syndic_residence": ("in", residences)}):
		claimed = frappe.get_all(
			"Overdue Payment", filters={"parent": name, "parenttype": "Dunning"}, pluck="sales_invoice"
		)
		if claimed and set(claimed) <= ours:
			dunnings.append(name)
	return Books(dunnings, payments, purchases, invoices, calls, budgets, erpnext_budgets)


def remove(books: Books) -> Counter:
	"""Cancel, then delete, the demo books through their controllers, the documents that point to
	others first. Cancelling a call cancels its invoices (and commits as it goes)."""
	removed: Counter = Counter()

	def cancel(doctype: str, names: list[str]) -> None:
		for name in names:
			if frappe.db.get_value(doctype, name, "docstatus") == 1:
				doc = frappe.get_doc(doctype, name)
				doc.flags.ignore_permissions = True
				doc.cancel()

	def delete(doctype: str, names: list[str]) -> None:
		for name in names:
			if frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, ignore_permissions=True)
				removed[doctype] += 1

	with ledger_entries_deleted(), issue_now():
		cancel("Dunning", books.dunnings)
		cancel("Payment Entry", books.payments)
		cancel("Purchase Invoice", books.purchase_invoices)
		cancel("Call for Funds", books.calls)
		cancel("Sales Invoice", books.invoices)  # left submitted by a cancel that stopped halfway
		cancel("Residence Budget", books.budgets)  # cancels its ERPNext Budget
		cancel("Budget", books.erpnext_budgets)
		# letters queued for the fictional co-owners (by the daily job): never sent
		queued = {"reference_doctype": "Dunning", "reference_name": ("in", books.dunnings or [""])}
		delete(
			"Email Queue",
			frappe.get_all("Email Queue", filters={**queued, "status": "Not Sent"}, pluck="name"),
		)
		delete("Dunning", books.dunnings)
		delete("Payment Entry", books.payments)
		delete("Purchase Invoice", books.purchase_invoices)
		delete("Sales Invoice", books.invoices)
		delete("Call for Funds", books.calls)
		delete("Residence Budget", books.budgets)
		delete("Budget", books.erpnext_budgets)
	return removed


@contextmanager
def ledger_entries_deleted():
	"""Accounts Settings "delete linked ledger entries" on while the books are deleted, so that
	ERPNext deletes each cancelled voucher's GL and payment ledger entries with it. Set in this
	process only (the value Frappe reads), never written: a failure cannot leave it on."""
	with erpnext_compat.single_value_as("Accounts Settings", "delete_linked_ledger_entries", 1):
		yield
