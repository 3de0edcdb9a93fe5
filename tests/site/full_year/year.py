"""The full-year scenario and its checks' helpers, shared by the test modules of this package
(calls, payments, reminders, ledger); the year is played once for the package (conftest.py).

A full year on the demo résidences, on a real site: the budget voted by the AG, four quarterly
calls for funds, the co-owners' payments (on time, late, partial, one overpayment, one prepaid
quarter; bank transfer, cheque, cash, card) through the desk's API, the daily reminder job on
its dates, two supplier invoices; then the books are checked against the scenario's own figures.

The résidences are copies of the demo ones (demo/data.py: Casablanca 60 lots, Marrakech
12 lots, one co-owner in both) built by the demo loader under unique names (tests/site/full_year/_scenario.py),
committed once for the module and deleted after it. The year itself (every ledger document)
runs in one transaction, rolled back at the end: in tests the call's issue job runs inline and
commits nothing (finance/invoicing.py), nor does the reminder job (finance/reminders.py).

Every expectation comes from the inputs: the budget lines, the lots' tantièmes from the demo
data, the payments the scenario makes (full_year/_scenario.Book) and the reminder delays of the
law's practice (15 / 30 / 45 days after the due date, loi 18-00 art. 25 for the mise en demeure).
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from tests.site.full_year import _scenario as S
from tests.site.full_year._scenario import money

CASA, MARRAKECH = "JDA", "RPT"  # the demo résidences, by abbreviation

# The budgets voted by the AG (category, allocation key, yearly amount): odd cents on purpose,
# so that the quarters differ by a cent and the split has remainders.
BUDGETS = {
	CASA: [
		("Common Area Electricity", "general", "48000.00"),
		("Cleaning", "general", "60000.00"),
		("Security", "general", "96000.00"),
		("Elevator", "Ascenseur bâtiment A", "18000.06"),
		("Miscellaneous", "Parking", "2400.10"),  # the basement door, parkings only
		("Insurance", "general", "14500.03"),
		("Syndic Fees", "general", "36000.00"),
	],
	MARRAKECH: [
		("Security", "general", "42000.00"),
		("Gardening", "general", "30000.01"),
		("Water", "general", "8400.07"),
		("Syndic Fees", "general", "12000.00"),
		("Reserve Fund", "general", "6000.02"),  # works fund (loi 18-00 art. 37 bis): 3423 / 7112
	],
}
WORKS_CATEGORIES = {"Reserve Fund", "Works"}

# Reminder delays after the due date (rappel, deuxième rappel, mise en demeure) and the days the
# daily job runs, after each quarter's due date: the eve and the day of each level, and after.
LEVELS = (("rappel", 15), ("deuxieme_rappel", 30), ("mise_en_demeure", 45))
RUN_DAYS = (14, 15, 16, 30, 31, 45, 46)

# Who does what (by a lot they own). Everyone else pays each quarter in full within ten days.
#   late: the full quarter 20 days after the due date (after the rappel);
#   partial: 40 % five days after the due date, the rest 37 days after (after the 2nd rappel);
#   defaulter: nothing until the day given, then all he owes; later quarters unpaid;
#   overpay: rounds the quarter up to the next 500 MAD (an advance on 4421);
#   prepay: in January, twice the first quarter and 100 MAD (the second quarter in advance).
PROFILES = {
	CASA: {
		"A-M1": {"mode": "Cheque"},  # Anfa Distribution SARL (both shops of building A)
		"B-M1": {"mode": "Cheque", "late": (1, 2, 3, 4)},  # the pharmacy
		"B-M2": {"mode": "Cash", "overpay": (2, 4)},  # the café owner
		"A-104": {"mode": "Bank Transfer", "partial": (1, 3)},  # MRE in Paris
		"A-401": {"mode": "Bank Transfer", "defaulter": ((1, 2), 3, 9), "unpaid": (4,)},  # MRE in Lyon
		"A-201": {"mode": "Bank Transfer", "prepay": True},  # the Rabat investor (3 lots)
		"P-06": {"mode": "Card"},
		"P-07": {"mode": "Cash"},
	},
	MARRAKECH: {
		"V-03": {"mode": "Bank Transfer", "unpaid": (3, 4)},  # also a co-owner in Casablanca
		"V-07": {"mode": "Cheque"},  # Palmeraie Invest SARL
		"V-05": {"mode": "Bank Transfer", "late": (1, 2)},  # MRE in Montréal
		"R-04": {"mode": "Card", "partial": (2,)},
		"R-01": {"mode": "Cash"},
	},
}
DEFAULT_MODES = ("Bank Transfer", "Bank Transfer", "Cheque", "Cash", "Card")

# Supplier invoices (class 6 expenses): (résidence, supplier of the demo, account, amount, day
# of the year, paid on day or None).
PURCHASES = [
	(CASA, "Nadafa Services SARL", "6131", "15000.00", 89, 100),
	(MARRAKECH, "Jardins de la Palmeraie SARL AU", "6134", "7500.00", 180, None),
]


# --- the year ---------------------------------------------------------------------------------


def acc(frappe, company, number):
	return frappe.db.get_value(
		"Account", {"company": company, "account_number": number, "is_group": 0}, "name"
	)


def fiscal_year(frappe):
	today = frappe.utils.getdate()
	return frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ("<=", today), "year_end_date": (">=", today), "disabled": 0},
		["name", "year_start_date", "year_end_date"],
		as_dict=True,
	)


def retry_deadlock(frappe, step, attempts=4):
	"""Run `step` in its own transaction, again after a deadlock with a test running beside."""
	for attempt in range(1, attempts + 1):
		try:
			result = step()
			frappe.db.commit()
			return result
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
			frappe.db.rollback()
			if attempt == attempts:
				raise
			time.sleep(random.uniform(1, 3) * attempt)


class Year:
	"""The scenario, run in date order; everything it checks later is kept on it."""

	def __init__(self, frappe, data, tag):
		self.frappe = frappe
		self.data = data
		self.tag = tag
		self.fy = fiscal_year(frappe)
		assert self.fy, "no Fiscal Year covers today: create it (ERPNext makes the next one each year)"
		self.book = S.Book()
		self.res = {}  # abbr -> _dict(name, company, ...)
		self.budgets = {}  # abbr -> Residence Budget
		self.calls = {}  # (abbr, quarter) -> Call for Funds
		self.quarter_of_call = {}
		self.expected_dunnings = []  # (run day, abbr, co-owner, quarter, level)
		self.expected_amounts = {}  # the same -> what the co-owner still owed for that quarter
		self.created_dunnings = []  # (run day, Dunning name)
		self.daily_runs = 0
		self.payments = []  # record_payment results
		self.timings = Counter()
		self._reference = 0

	# registry

	def load(self):
		frappe = self.frappe
		for original, abbr in ((CASA, "J"), (MARRAKECH, "M")):
			name = next(
				r["residence_name"] for r in self.data["residences"] if r["abbr"] == f"{abbr}{self.tag}"
			)
			company, cost_center = frappe.db.get_value("Residence", name, ["company", "cost_center"])
			units = frappe.get_all(
				"Unit",
				filters={"residence": name},
				fields=["name", "unit_number", "co_owner", "tantiemes", "building", "unit_type"],
			)
			self.res[original] = frappe._dict(
				name=name,
				company=company,
				cost_center=cost_center,
				units={u.name: u for u in units},
				owner_of={u.unit_number: u.co_owner for u in units},
				customers={
					row.name: row.customer
					for row in frappe.get_all(
						"Co-owner",
						filters={"name": ("in", list({u.co_owner for u in units}))},
						fields=["name", "customer"],
					)
				},
				alloc_keys={
					row.key_name if not row.is_general else "general": row.name
					for row in frappe.get_all(
						"Allocation Key",
						filters={"residence": name},
						fields=["name", "key_name", "is_general"],
					)
				},
			)
		self.quarter_starts = [
			self.frappe.utils.getdate(self.frappe.utils.add_months(self.fy.year_start_date, 3 * i))
			for i in range(4)
		]

	def profile(self, abbr, owner) -> dict:
		res = self.res[abbr]
		for unit_number, profile in PROFILES[abbr].items():
			if res.owner_of[unit_number] == owner:
				return profile
		owners = sorted(set(res.owner_of.values()))
		return {"mode": DEFAULT_MODES[owners.index(owner) % len(DEFAULT_MODES)]}

	# documents

	def make_budget(self, abbr):
		frappe = self.frappe
		res = self.res[abbr]
		doc = frappe.get_doc(
			{
				"doctype": "Residence Budget",
				"residence": res.name,
				"fiscal_year": self.fy.name,
				"call_frequency": "Quarterly",
				"lines": [
					{"category": category, "allocation_key": res.alloc_keys[key], "amount": float(amount)}
					for category, key, amount in BUDGETS[abbr]
				],
			}
		).insert()
		# Loi 18-00 art. 24: voted by the general assembly before the year starts
		doc.ag_date = self.fy.year_start_date - timedelta(days=17)
		doc.ag_reference = f"PV AGO {self.fy.name}-{abbr}"
		doc.submit()
		self.budgets[abbr] = doc

	def make_call(self, abbr, quarter):
		frappe = self.frappe
		started = time.monotonic()
		call = frappe.get_doc(
			{
				"doctype": "Call for Funds",
				"residence": self.res[abbr].name,
				"source": "Budget",
				"residence_budget": self.budgets[abbr].name,
				"period_index": quarter,
				"posting_date": self.quarter_starts[quarter - 1],
			}
		).insert()
		call.submit()
		call.reload()
		self.calls[abbr, quarter] = call
		self.quarter_of_call[call.name] = (abbr, quarter)
		res = self.res[abbr]
		co_owner_of = {customer: owner for owner, customer in res.customers.items()}
		owners = set()
		for inv in frappe.get_all(
			"Sales Invoice",
			filters={"syndic_call_for_funds": call.name, "docstatus": 1},
			fields=["customer", "grand_total"],
		):
			self.book.call(abbr, co_owner_of[inv.customer], quarter, inv.grand_total)
			owners.add(co_owner_of[inv.customer])
		self.book.apply_advances(abbr, sorted(owners))
		self.timings["calls"] += time.monotonic() - started

	def pay(self, abbr, owner, day, amount):
		from syndic_maroc.finance.collections import make_payment

		started = time.monotonic()
		mode = self.profile(abbr, owner)["mode"]
		self._reference += 1
		extra = {}
		if mode in ("Bank Transfer", "Cheque"):
			extra["reference_no"] = (
				f"{'VIR' if mode == 'Bank Transfer' else 'CHQ'}-{self.tag}-{self._reference:04d}"
			)
		if mode == "Cheque":
			extra["cheque_bank"] = "Banque Populaire"
		# the desk's (and REST) entry point: POST /api/method/syndic_maroc.api.collections.make_payment
		result = make_payment(self.res[abbr].name, owner, str(amount), mode, posting_date=str(day), **extra)
		advance = self.book.pay(abbr, owner, day, amount, mode)
		result.update(abbr=abbr, owner=owner, day=day, amount=amount, expected_advance=advance, mode=mode)
		self.payments.append(result)
		self.timings["payments"] += time.monotonic() - started

	def purchase(self, abbr, supplier_name, number, amount, day, paid_on):
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
		from syndic_maroc.finance.invoicing import line_uom

		frappe = self.frappe
		res = self.res[abbr]
		uom = line_uom()
		supplier = frappe.db.get_value("Supplier", {"supplier_name": f"{supplier_name} - essai {self.tag}"})
		pi = frappe.get_doc(
			{
				"doctype": "Purchase Invoice",
				"company": res.company,
				"supplier": supplier,
				"bill_no": f"F-{self.tag}-{number}",
				"bill_date": day,
				"set_posting_time": 1,
				"posting_date": day,
				"due_date": day + timedelta(days=30),
				"cost_center": res.cost_center,
				"disable_rounded_total": 1,
				"items": [
					{
						"item_name": f"Prestation {number}",
						"description": f"Prestation {number}",
						"qty": 1,
						"rate": float(amount),
						"uom": uom,
						"stock_uom": uom,
						"conversion_factor": 1,
						"expense_account": acc(frappe, res.company, number),
						"cost_center": res.cost_center,
					}
				],
			}
		)
		pi.insert()
		pi.submit()
		res.setdefault("purchases", []).append((pi.name, money(amount), number))
		if paid_on:
			pe = get_payment_entry("Purchase Invoice", pi.name)
			pe.posting_date = pe.reference_date = paid_on
			pe.reference_no = f"VIR-SORTANT-{self.tag}-{number}"
			pe.insert()
			pe.submit()
			res.setdefault("supplier_payments", []).append((pe.name, money(amount)))

	# the reminder job

	def expect_dunnings(self, day):
		"""The levels due on `day` from the scenario's books (before the job runs)."""
		expected = []
		for (abbr, quarter), call in sorted(self.calls.items()):
			due = self.frappe.utils.getdate(call.due_date)
			for owner in self.book.owners(abbr):
				if self.book.open_in(abbr, owner, quarter) <= 0:
					continue
				sent = [e for e in self.expected_dunnings if e[1:4] == (abbr, owner, quarter)]
				if len(sent) == len(LEVELS):
					continue
				level, delay = LEVELS[len(sent)]
				if day < due + timedelta(days=delay):
					continue
				if sent and day < sent[-1][0] + timedelta(days=delay - LEVELS[len(sent) - 1][1]):
					continue
				expected.append((day, abbr, owner, quarter, level))
				self.expected_amounts[day, abbr, owner, quarter, level] = self.book.open_in(
					abbr, owner, quarter
				)
		return expected

	def run_daily(self, day):
		"""reminders.daily() as the scheduler runs it on `day`, on this scenario's résidences."""
		from syndic_maroc.finance import reminders

		frappe = self.frappe
		started = time.monotonic()
		self.expected_dunnings += self.expect_dunnings(day)
		before = set(
			frappe.get_all("Dunning", filters={"syndic_residence": ("in", self.names())}, pluck="name")
		)
		with S.fake_today(day), S.only_residences(self.names()), S.no_silent_rollback():
			assert frappe.utils.nowdate() == str(day)
			reminders.daily()
		after = frappe.get_all("Dunning", filters={"syndic_residence": ("in", self.names())}, pluck="name")
		self.created_dunnings += [(day, name) for name in after if name not in before]
		self.daily_runs += 1
		self.timings["daily"] += time.monotonic() - started

	def names(self):
		return [res.name for res in self.res.values()]

	# the story

	def run(self):
		frappe = self.frappe
		started = time.monotonic()
		for abbr in self.res:
			self.make_budget(abbr)
		self.timings["budgets"] = time.monotonic() - started
		events = []  # (day, order, action)
		for quarter, start in enumerate(self.quarter_starts, start=1):
			for abbr in self.res:
				events.append((start, 0, ("call", abbr, quarter)))
				for owner in sorted(set(self.res[abbr].owner_of.values())):
					events += self.payment_events(abbr, owner, quarter, start)
			for offset in RUN_DAYS:
				events.append((start + timedelta(days=offset), 2, ("daily",)))
		for abbr, supplier, number, amount, day, paid in PURCHASES:
			on = self.fy.year_start_date + timedelta(days=day)
			paid_on = self.fy.year_start_date + timedelta(days=paid) if paid else None
			events.append((on, 1, ("purchase", abbr, supplier, number, amount, on, paid_on)))
		run_days = {day for day, order, _a in events if order == 2}
		clash = sorted({day for day, order, a in events if a[0] == "pay" and day in run_days})
		assert not clash, f"a payment on a day the reminder job runs makes the order ambiguous: {clash}"
		for day, _order, action in sorted(events, key=lambda e: (e[0], e[1])):
			if action[0] == "call":
				self.make_call(action[1], action[2])
			elif action[0] == "pay":
				_kind, abbr, owner, what = action
				amount = self.amount(abbr, owner, what)
				if amount > 0:
					self.pay(abbr, owner, day, amount)
			elif action[0] == "purchase":
				self.purchase(*action[1:])
			else:
				self.run_daily(day)
		self.timings["total"] = time.monotonic() - started
		frappe.db.sql("select 1")  # still connected, nothing committed

	def payment_events(self, abbr, owner, quarter, start):
		profile = self.profile(abbr, owner)
		owners = sorted(set(self.res[abbr].owner_of.values()))
		on_time = start + timedelta(days=1 + owners.index(owner) % 10)
		if quarter in profile.get("unpaid", ()):
			return []
		defaulter = profile.get("defaulter")
		if defaulter:
			skipped, catch_up_quarter, catch_up_day = defaulter
			if quarter in skipped:
				return []
			if quarter == catch_up_quarter:
				return [(start + timedelta(days=catch_up_day), 1, ("pay", abbr, owner, "all"))]
		if quarter in profile.get("late", ()):
			return [(start + timedelta(days=20), 1, ("pay", abbr, owner, ("quarter", quarter)))]
		if quarter in profile.get("partial", ()):
			return [
				(start + timedelta(days=5), 1, ("pay", abbr, owner, ("part", quarter))),
				(start + timedelta(days=37), 1, ("pay", abbr, owner, ("quarter", quarter))),
			]
		if quarter in profile.get("overpay", ()):
			return [(on_time, 1, ("pay", abbr, owner, ("round_up", quarter)))]
		if profile.get("prepay") and quarter == 1:
			return [(on_time, 1, ("pay", abbr, owner, ("twice", quarter)))]
		if profile.get("prepay") and quarter == 2:
			return []  # paid in January
		return [(on_time, 1, ("pay", abbr, owner, ("quarter", quarter)))]

	def amount(self, abbr, owner, what) -> Decimal:
		book = self.book
		if what == "all":
			return book.owed(abbr, owner)
		kind, quarter = what
		left = book.open_in(abbr, owner, quarter)
		if kind == "quarter":
			return left
		if kind == "part":
			return (left * Decimal("0.4")).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
		if kind == "round_up":
			return (left // 500 + 1) * 500
		if kind == "twice":
			return 2 * left + 100
		raise AssertionError(what)


# --- helpers of the checks ---------------------------------------------------------------------


def cents(value) -> Decimal:
	return money(value or 0)


def gl_balance(frappe, company, accounts=None, party=None, debit_credit=False):
	"""Σ debit − credit of the company's GL Entries (not cancelled), on `accounts` (numbers)."""
	conditions = ["gle.company = %(company)s", "gle.is_cancelled = 0"]
	values = {"company": company}
	if accounts:
		conditions.append("acc.account_number in %(accounts)s")
		values["accounts"] = tuple(accounts)
	if party:
		conditions.append("gle.party_type = 'Customer' and gle.party = %(party)s")
		values["party"] = party
	row = frappe.db.sql(
		f"""select coalesce(sum(gle.debit), 0), coalesce(sum(gle.credit), 0) from `tabGL Entry` gle
		join `tabAccount` acc on acc.name = gle.account where {" and ".join(conditions)}""",
		values,
	)[0]
	if debit_credit:
		return cents(row[0]), cents(row[1])
	return cents(row[0]) - cents(row[1])


def quarters_of(amount: str) -> tuple[Decimal, Decimal]:
	"""The two amounts a quarter of `amount` may be, to the cent (floor and ceiling)."""
	exact = Decimal(amount) / 4
	low = exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
	return low, low if low == exact else low + Decimal("0.01")


def key_weights_from_demo(year, abbr, key) -> dict[str, Decimal]:
	"""{unit number: weight} of a key, from the demo data (not from the site)."""
	name = year.res[abbr].name
	units = [u for u in year.data["units"] if u["residence"] == name]
	if key == "general":
		return {u["unit_number"]: Decimal(str(u["tantiemes"])) for u in units}
	rows = next(k for k in year.data["allocation_keys"] if k["residence"] == name and k["key_name"] == key)
	return {row["unit"]: Decimal(str(row["weight"])) for row in rows["units"]}


def letters(year) -> dict:
	"""{(run day, abbr, co-owner, quarter, level): amount the letter asks for that quarter} of the
	Dunnings the daily job made, with the checks that hold for each one."""
	frappe = year.frappe
	abbr_of = {res.name: abbr for abbr, res in year.res.items()}
	result = {}
	for day, name in year.created_dunnings:
		dunning = frappe.get_doc("Dunning", name)
		res = year.res[abbr_of[dunning.syndic_residence]]
		assert dunning.docstatus == 1 and dunning.posting_date == day
		assert dunning.company == res.company and dunning.customer == res.customers[dunning.syndic_co_owner]
		owed = defaultdict(Decimal)  # quarter -> outstanding listed in the letter
		for row in dunning.overdue_payments:
			call = frappe.db.get_value("Sales Invoice", row.sales_invoice, "syndic_call_for_funds")
			owed[year.quarter_of_call[call]] += cents(row.outstanding)
		assert cents(dunning.total_outstanding) == sum(owed.values())
		for (abbr, quarter), amount in owed.items():
			assert abbr == abbr_of[dunning.syndic_residence]
			key = (day, abbr, dunning.syndic_co_owner, quarter, dunning.syndic_level)
			assert key not in result, key  # never twice the same level for the same call
			result[key] = amount
	return result
