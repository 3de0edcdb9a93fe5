"""A full year on the demo résidences, on a real site: the budget voted by the AG, four quarterly
calls for funds, the co-owners' payments (on time, late, partial, one overpayment, one prepaid
quarter; bank transfer, cheque, cash, card) through the desk's API, the daily reminder job on
its dates, two supplier invoices; then the books are checked against the scenario's own figures.

The résidences are copies of the demo ones (demo/data.py: Casablanca 60 lots, Marrakech
12 lots, one co-owner in both) built by the demo loader under unique names (tests/site/_scenario.py),
committed once for the module and deleted after it. The year itself (every ledger document)
runs in one transaction, rolled back at the end: in tests the call's issue job runs inline and
commits nothing (finance/invoicing.py), nor does the reminder job (finance/reminders.py).

Every expectation comes from the inputs: the budget lines, the lots' tantièmes from the demo
data, the payments the scenario makes (tests/site/_scenario.Book) and the reminder delays of the
law's practice (15 / 30 / 45 days after the due date, loi 18-00 art. 25 for the mise en demeure).
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

import pytest

from tests.site import _scenario as S
from tests.site._scenario import money

pytestmark = [pytest.mark.site, pytest.mark.slow]

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


@pytest.fixture(scope="module")
def year(site):
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	muted = frappe.flags.mute_emails
	frappe.flags.mute_emails = True  # the demo's addresses are example.* anyway
	retry_deadlock(frappe, S.remove_leftovers)  # of a run killed before its teardown
	tag = f"{random.randrange(10000, 100000)}"
	data = S.fresh_demo_data(tag, {"JDA": f"J{tag}", "RPT": f"M{tag}"})
	started = time.monotonic()
	retry_deadlock(frappe, lambda: S.load_registry(data))
	registry_seconds = time.monotonic() - started
	try:
		# The year is one transaction of a few minutes: on a site shared with other test runs it
		# may be the victim of a deadlock (InnoDB then rolls it back whole): run it again.
		for attempt in range(1, 4):
			y = Year(frappe, data, tag)
			y.load()
			y.timings["registry"] = registry_seconds
			try:
				y.run()
				break
			except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
				print(f"\nfull year: deadlock with another transaction after {dict(y.timings)}")
				frappe.db.rollback()
				if attempt == 3:
					raise
			except Exception:
				print(f"\nfull year: stopped after {dict(y.timings)}")
				raise
		yield y
	finally:
		frappe.db.rollback()
		frappe.flags.mute_emails = muted
		companies = [frappe.db.get_value("Residence", r, "company") for r in data["renamed"].values()]
		companies = [c for c in companies if c]
		left = frappe.db.count("GL Entry", {"company": ("in", companies)}) if companies else 0
		assert not left, (
			f"the year was committed: {left} GL entries left in {companies} (kept to be looked at)"
		)
		retry_deadlock(frappe, lambda: S.remove_registry(data))


# --- the checks -------------------------------------------------------------------------------


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


def test_each_quarter_calls_a_quarter_of_the_budget_to_the_cent(year):
	frappe = year.frappe
	for abbr, lines in BUDGETS.items():
		budget = year.budgets[abbr]
		assert budget.status == "Approved" and budget.docstatus == 1
		assert cents(budget.total_amount) == sum(Decimal(a) for _c, _k, a in lines)
		by_category = defaultdict(list)
		for quarter in range(1, 5):
			call = year.calls[abbr, quarter]
			# loi 18-00 art. 24: due on the first day of the quarter
			assert call.due_date == year.quarter_starts[quarter - 1]
			assert call.issue_status == "Completed"
			amounts = {row.category: cents(row.amount) for row in call.lines}
			for category, _key, amount in lines:
				low, high = quarters_of(amount)
				assert low <= amounts[category] <= high, (abbr, quarter, category, amounts[category])
				by_category[category].append(amounts[category])
			assert cents(call.total_amount) == sum(amounts.values())
			invoices = frappe.get_all(
				"Sales Invoice",
				filters={"syndic_call_for_funds": call.name, "docstatus": 1},
				fields=["grand_total", "outstanding_amount", "debit_to", "posting_date", "due_date"],
			)
			assert len(invoices) == call.invoice_count == call.invoices_issued
			assert sum(cents(i.grand_total) for i in invoices) == cents(call.total_amount)
			assert {i.posting_date for i in invoices} == {call.posting_date}
		for category, _key, amount in lines:
			assert sum(by_category[category]) == Decimal(amount), (abbr, category)
		called = sum(cents(year.calls[abbr, q].total_amount) for q in range(1, 5))
		assert called == cents(budget.total_amount) == year.book.total_called(abbr)


def key_weights_from_demo(year, abbr, key) -> dict[str, Decimal]:
	"""{unit number: weight} of a key, from the demo data (not from the site)."""
	name = year.res[abbr].name
	units = [u for u in year.data["units"] if u["residence"] == name]
	if key == "general":
		return {u["unit_number"]: Decimal(str(u["tantiemes"])) for u in units}
	rows = next(k for k in year.data["allocation_keys"] if k["residence"] == name and k["key_name"] == key)
	return {row["unit"]: Decimal(str(row["weight"])) for row in rows["units"]}


def test_each_unit_pays_its_share_of_each_line(year):
	frappe = year.frappe
	for abbr, lines in BUDGETS.items():
		res = year.res[abbr]
		number_of = {name: u.unit_number for name, u in res.units.items()}
		owner_of = {u["unit_number"]: u["co_owner"] for u in year.data["units"] if u["residence"] == res.name}
		for transfer in year.data["transfers"]:
			if transfer["residence"] == res.name:
				owner_of[transfer["unit_number"]] = transfer["new_owner"]
		customer_of_key = {
			key: frappe.db.get_value("Co-owner", {"cin" if key[0].isalpha() else "ice": key}, "customer")
			for key in set(owner_of.values())
		}
		for quarter in range(1, 5):
			call = year.calls[abbr, quarter]
			amounts = {row.category: cents(row.amount) for row in call.lines}
			items = frappe.db.sql(
				"""select si.customer, item.syndic_unit, item.syndic_category, item.amount
				from `tabSales Invoice Item` item join `tabSales Invoice` si on si.name = item.parent
				where si.syndic_call_for_funds = %s and si.docstatus = 1""",
				call.name,
				as_dict=True,
			)
			shares = defaultdict(dict)
			for item in items:
				unit = number_of[item.syndic_unit]
				assert unit not in shares[item.syndic_category], (call.name, unit, item.syndic_category)
				shares[item.syndic_category][unit] = cents(item.amount)
				# the invoice goes to the lot's owner on the due date
				assert item.customer == customer_of_key[owner_of[unit]], (call.name, unit)
			for category, key, _amount in lines:
				weights = key_weights_from_demo(year, abbr, key)
				total_weight = sum(weights.values())
				got = shares[category]
				assert set(got) == set(weights), (abbr, category)
				assert sum(got.values()) == amounts[category], (abbr, quarter, category)
				for unit, weight in weights.items():
					exact = amounts[category] * weight / total_weight
					assert abs(got[unit] - exact) < Decimal("0.01"), f"{abbr} Q{quarter} {category} {unit}"


def test_trial_balance_of_each_residence_balances_and_matches_erpnext(year):
	from erpnext.accounts.report.trial_balance.trial_balance import execute

	frappe = year.frappe
	for abbr, res in year.res.items():
		debit, credit = gl_balance(frappe, res.company, debit_credit=True)
		assert debit == credit > 0, (abbr, debit, credit)
		_columns, data = execute(
			frappe._dict(
				company=res.company,
				fiscal_year=year.fy.name,
				from_date=year.fy.year_start_date,
				to_date=year.fy.year_end_date,
				show_zero_values=0,
			)
		)
		total = next(row for row in data if row and row.get("account") and "Total" in str(row["account"]))
		assert (cents(total["debit"]), cents(total["credit"])) == (debit, credit)
		assert cents(total["closing_debit"]) == cents(total["closing_credit"])
		# every leaf account of the report shows its ledger balance
		balances = dict(
			frappe.db.sql(
				"""select account, sum(debit) - sum(credit) from `tabGL Entry`
				where company = %s and is_cancelled = 0 group by account""",
				res.company,
			)
		)
		leaves = {row["account"]: row for row in data if row and row.get("account") in balances}
		assert set(leaves) == set(balances)
		for account, row in leaves.items():
			closing = cents(row["closing_debit"]) - cents(row["closing_credit"])
			assert closing == cents(balances[account]), account

		# the ledger tells the year from the inputs
		book = year.book
		works_called = sum(
			cents(row.amount)
			for q in range(1, 5)
			for row in year.calls[abbr, q].lines
			if row.category in WORKS_CATEGORIES
		)
		assert gl_balance(frappe, res.company, ["7111"]) == -(book.total_called(abbr) - works_called)
		assert gl_balance(frappe, res.company, ["7112"]) == -works_called
		received = sum((p[3] for p in book.payments if p[0] == abbr), Decimal(0))
		cash = sum((p[3] for p in book.payments if p[0] == abbr and p[4] == "Cash"), Decimal(0))
		supplier_paid = sum((amount for _pe, amount in res.get("supplier_payments", [])), Decimal(0))
		assert gl_balance(frappe, res.company, ["5161"]) == cash
		assert gl_balance(frappe, res.company, ["5121"]) == received - cash - supplier_paid
		for _pi, amount, number in res.get("purchases", []):
			assert gl_balance(frappe, res.company, [number]) == amount
		purchased = sum((amount for _pi, amount, _n in res.get("purchases", [])), Decimal(0))
		assert gl_balance(frappe, res.company, ["4411"]) == -(purchased - supplier_paid)


def test_receivables_are_calls_minus_payments_and_advances_are_overpayments(year):
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute
	from syndic_maroc.finance.arrears import arrears

	frappe = year.frappe
	book = year.book
	for abbr, res in year.res.items():
		expected = book.total_called(abbr) - book.total_settled(abbr)
		assert expected > 0  # some co-owners are still in arrears at the year end
		assert gl_balance(frappe, res.company, ["3421", "3423"]) == expected
		outstanding = frappe.db.sql(
			"""select sum(outstanding_amount) from `tabSales Invoice` where company = %s and docstatus = 1""",
			res.company,
		)[0][0]
		assert cents(outstanding) == expected
		# the advances left on 4421 are the overpayments not yet set against a later call
		assert gl_balance(frappe, res.company, ["4421"]) == -book.total_advance(abbr)
		for payment in (p for p in year.payments if p["abbr"] == abbr):
			assert cents(payment["advance"]) == payment["expected_advance"], payment
		# ERPNext's Accounts Receivable report (ageing of the calls) says the same
		report = execute(
			{
				"company": res.company,
				"report_date": year.fy.year_end_date,
				"ageing_based_on": "Due Date",
				"range": "30, 60, 90, 120",
			}
		)
		rows = [row for row in report[1] if row.get("party")]
		by_account = defaultdict(Decimal)
		for row in rows:
			by_account[row.get("party_account")] += cents(row.get("outstanding"))
		receivable = {acc(frappe, res.company, n) for n in ("3421", "3423")}
		assert sum(v for a, v in by_account.items() if a in receivable) == expected
		assert sum(by_account.values()) == expected - book.total_advance(abbr)
		# and so does the app's Arrears by Unit (per co-owner and per lot)
		rows, total = arrears(res.name, year.fy.year_end_date, by="co_owner")
		assert cents(total["total"]) == expected
		assert {row["key"]: cents(row["total"]) for row in rows} == {
			owner: book.owed(abbr, owner) for owner in book.owners(abbr) if book.owed(abbr, owner)
		}
		_rows, total = arrears(res.name, year.fy.year_end_date, by="unit")
		assert cents(total["total"]) == expected
	# each payment: its Payment Entries (one per account settled, one for the advance) make the
	# amount received, under one receipt number, in the bank or (cash) the till
	for payment in year.payments:
		entries = [
			frappe.db.get_value(
				"Payment Entry",
				name,
				["paid_amount", "syndic_receipt", "paid_to", "syndic_cheque_bank", "reference_no"],
				as_dict=True,
			)
			for name in payment["payment_entries"]
		]
		assert sum(cents(e.paid_amount) for e in entries) == payment["amount"]
		assert {e.syndic_receipt for e in entries} == {payment["receipt"]}
		till = "5161" if payment["mode"] == "Cash" else "5121"
		assert {e.paid_to for e in entries} == {acc(frappe, year.res[payment["abbr"]].company, till)}
		if payment["mode"] == "Cheque":
			assert all(e.syndic_cheque_bank and e.reference_no.startswith("CHQ-") for e in entries)
	overpaid = {(r, o) for (r, o), v in book.advanced.items() if v > 0}
	assert len(overpaid) >= 2 and sum(book.applied.values()) > 0  # the scenario made and used advances


def test_each_statement_matches_the_ledger_per_bucket(year):
	from syndic_maroc.core.finance.statements import ADVANCES, CURRENT_OPERATIONS, WORKS
	from syndic_maroc.finance.report.owner_statement.owner_statement import execute
	from syndic_maroc.finance.statements import quitus_check, statement_for

	frappe = year.frappe
	book = year.book
	start, end = year.fy.year_start_date, year.fy.year_end_date
	for abbr, res in year.res.items():
		vouchers = set(
			frappe.db.sql_list(
				"select distinct voucher_no from `tabGL Entry` where company = %s", res.company
			)
		)
		for owner in book.owners(abbr):
			customer = res.customers[owner]
			st = statement_for(res.name, owner, start, end).statement
			ledger = {
				CURRENT_OPERATIONS: gl_balance(frappe, res.company, ["3421"], customer),
				WORKS: gl_balance(frappe, res.company, ["3423"], customer),
				ADVANCES: gl_balance(frappe, res.company, ["4421"], customer),
			}
			assert st.opening == 0
			for bucket, balance in ledger.items():
				assert cents(st.buckets[bucket].closing) == balance, (abbr, owner, bucket)
			closing = book.owed(abbr, owner) - book.advance[abbr, owner]
			assert cents(st.closing) == sum(ledger.values()) == closing, (abbr, owner)
			assert cents(st.total_debit) == sum(book.called[abbr, owner].values()) + book.applied[abbr, owner]
			assert {row.voucher for row in st.rows} <= vouchers  # only this résidence's entries
			if st.rows:
				assert cents(st.rows[-1].balance) == closing
			# from mid-year: the opening balance is the ledger before, the closing the same
			half = year.quarter_starts[2]
			second = statement_for(res.name, owner, half, end).statement
			before = frappe.db.sql(
				"""select coalesce(sum(debit - credit), 0) from `tabGL Entry` where company = %s
				and party_type = 'Customer' and party = %s and is_cancelled = 0 and posting_date < %s""",
				(res.company, customer, half),
			)[0][0]
			assert cents(second.opening) == cents(before) and cents(second.closing) == closing
			assert all(row.posting_date >= half for row in second.rows)
			# the quitus (loi 18-00 arts 26, 42) only at a zero balance, résidence by résidence
			if closing == 0:
				assert quitus_check(res.name, owner, end).statement.closing == 0
			else:
				with pytest.raises(frappe.ValidationError, match="Solde"):
					quitus_check(res.name, owner, end)
			_columns, data, _msg, _chart, summary = execute(
				{"residence": res.name, "co_owner": owner, "from_date": start, "to_date": end}
			)
			assert cents(data[-1]["balance"]) == closing and cents(summary[-1]["value"]) == closing


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


def test_dunnings_once_per_level_only_for_co_owners_in_arrears(year):
	frappe = year.frappe
	created = letters(year)
	expected = Counter(year.expected_dunnings)
	assert max(expected.values()) == 1
	assert Counter(created.keys()) == expected
	levels = Counter(level for *_rest, level in year.expected_dunnings)
	assert set(levels) == {level for level, _d in LEVELS}  # the year went through every level
	# letters went to the co-owners in arrears, and to nobody who paid on time
	in_arrears = {
		(abbr, year.res[abbr].owner_of[unit_number])
		for abbr in PROFILES
		for unit_number, profile in PROFILES[abbr].items()
		if set(profile) & {"late", "partial", "defaulter", "unpaid"}
	}
	assert {(abbr, owner) for _d, abbr, owner, _q, _l in created} == in_arrears
	# each letter went once by e-mail, to the co-owner's address, with its PDF
	for _day, name in year.created_dunnings:
		owner = frappe.db.get_value("Dunning", name, "syndic_co_owner")
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Dunning", "reference_name": name},
			fields=["name", "message"],
		)
		assert len(queue) == 1 and f"{name}.pdf" in queue[0].message, name
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient"
		)
		assert recipients == [frappe.db.get_value("Co-owner", owner, "email")], name


def test_each_letter_asks_for_what_is_still_owed(year):
	"""After a partial payment, the letter asks for what is left, not for the whole call."""
	created = letters(year)
	assert set(created) == set(year.expected_amounts)
	assert created == year.expected_amounts


def test_the_two_residences_never_share_an_entry(year):
	from syndic_maroc.finance.statements import quitus_check

	frappe = year.frappe
	company_of = {}

	def company_of_voucher(doctype, name):
		if (doctype, name) not in company_of:
			company_of[doctype, name] = frappe.db.get_value(doctype, name, "company")
		return company_of[doctype, name]

	for res in year.res.values():
		company = res.company
		accounts = set(frappe.get_all("Account", filters={"company": company}, pluck="name"))
		cost_centers = set(frappe.get_all("Cost Center", filters={"company": company}, pluck="name"))
		customers = set(res.customers.values())
		units = set(res.units)
		gl = frappe.get_all(
			"GL Entry",
			filters={"company": company, "is_cancelled": 0},
			fields=[
				"account",
				"cost_center",
				"party_type",
				"party",
				"voucher_type",
				"voucher_no",
				"against_voucher",
			],
		)
		assert gl
		for row in gl:
			assert row.account in accounts, row
			assert not row.cost_center or row.cost_center in cost_centers, row
			assert company_of_voucher(row.voucher_type, row.voucher_no) == company, row
			if row.party_type == "Customer":
				assert row.party in customers, row
		ple = frappe.get_all(
			"Payment Ledger Entry",
			filters={"company": company, "delinked": 0},
			fields=[
				"account",
				"party",
				"voucher_type",
				"voucher_no",
				"against_voucher_type",
				"against_voucher_no",
			],
		)
		assert ple
		for row in ple:
			assert row.account in accounts, row
			assert company_of_voucher(row.voucher_type, row.voucher_no) == company, row
			assert company_of_voucher(row.against_voucher_type, row.against_voucher_no) == company, row
		for si in frappe.get_all(
			"Sales Invoice",
			filters={"company": company},
			fields=["name", "syndic_residence", "debit_to", "customer", "cost_center"],
		):
			assert si.syndic_residence == res.name, si
			assert si.debit_to in accounts and si.customer in customers, si
			for item in frappe.get_all(
				"Sales Invoice Item",
				filters={"parent": si.name},
				fields=["income_account", "cost_center", "syndic_unit"],
			):
				assert item.income_account in accounts and item.cost_center in cost_centers, item
				assert item.syndic_unit in units, item
		for pe in frappe.get_all(
			"Payment Entry",
			filters={"company": company},
			fields=["name", "paid_from", "paid_to", "party_type", "party", "syndic_residence"],
		):
			assert pe.paid_from in accounts and pe.paid_to in accounts, pe
			if pe.party_type == "Customer":
				assert pe.syndic_residence == res.name and pe.party in customers, pe
			for ref in frappe.get_all(
				"Payment Entry Reference",
				filters={"parent": pe.name},
				fields=["reference_doctype", "reference_name"],
			):
				assert company_of_voucher(ref.reference_doctype, ref.reference_name) == company, ref
		for dunning in frappe.get_all(
			"Dunning", filters={"company": company}, fields=["name", "syndic_residence", "customer"]
		):
			assert dunning.syndic_residence == res.name and dunning.customer in customers, dunning
	# the co-owner of both résidences: two accounts, one in each company, that never mix
	casa, marrakech = year.res[CASA], year.res[MARRAKECH]
	shared = set(casa.customers) & set(marrakech.customers)
	assert shared
	for owner in shared:
		customer = casa.customers[owner]
		assert customer == marrakech.customers[owner]
		for res, other in ((casa, marrakech), (marrakech, casa)):
			own = set(
				frappe.db.sql_list(
					"select voucher_no from `tabGL Entry` where party = %s and company = %s",
					(customer, res.company),
				)
			)
			theirs = set(
				frappe.db.sql_list(
					"select voucher_no from `tabGL Entry` where party = %s and company = %s",
					(customer, other.company),
				)
			)
			assert own and theirs and not own & theirs
	# the owner of V-03 is clear in Casablanca and owes in Marrakech: quitus here, not there
	owner = marrakech.owner_of["V-03"]
	end = year.fy.year_end_date
	assert owner in shared and year.book.owed(CASA, owner) == 0 < year.book.owed(MARRAKECH, owner)
	assert quitus_check(casa.name, owner, end).statement.closing == 0
	with pytest.raises(frappe.ValidationError, match="Solde débiteur"):
		quitus_check(marrakech.name, owner, end)


def test_print_figures(year):
	"""Not a check: the scenario's size and timings (pytest -s shows them)."""
	frappe = year.frappe
	counts = {
		doctype: frappe.db.count(doctype, {"company": ("in", [r.company for r in year.res.values()])})
		for doctype in ("Sales Invoice", "Payment Entry", "Dunning", "Purchase Invoice", "GL Entry")
	}
	print(
		f"\nfull year: {counts}, {year.daily_runs} daily runs, "
		+ ", ".join(f"{k} {v:.1f} s" for k, v in sorted(year.timings.items()))
	)
	assert counts["Sales Invoice"] > 0
