"""Checks on extracted fields (MOROCCO.md §2, §5 rule 25). Each finding is an Issue with a French
message, and lowers the confidence of the fields it implicates so that the review form
highlights them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from syndic_maroc.core.amounts import format_amount
from syndic_maroc.core.errors import ValidationError, _
from syndic_maroc.core.identifiers import validate_ice, validate_rib

from .model import BANK_STATEMENT, INVOICE, UTILITY_BILL, Field, Issue

TVA_RATES = {Decimal(0), Decimal(7), Decimal(10), Decimal(14), Decimal(20)}
CENT = Decimal("0.01")
SUSPECT = 0.4  # confidence cap of a field implicated in a failed check
OLDEST = date(2000, 1, 1)

M = {
	"missing": _("Mandatory field not found: {label}."),
	"totals": _("Total excl. VAT ({ht}) + VAT ({tva}) ≠ Total incl. VAT ({ttc}): difference of {diff}."),
	"lines_sum": _("The sum of the lines ({lines}) does not match the total excluding VAT ({ht})."),
	"tax_sum": _("The sum of the VAT lines ({taxes}) does not match the total VAT ({tva})."),
	"tva_rate": _("Unusual VAT rate: {rate} % (Moroccan rates: 0, 7, 10, 14, 20 %) — to check."),
	"tax_base": _("VAT {rate} %: {base} × {rate} % = {expected}, the document states {amount}."),
	"ice": _('Invalid ICE "{value}": it must have exactly 15 digits.'),
	"rib": _('Invalid RIB "{value}": it must have exactly 24 digits.'),
	"date_future": _("Date in the future for {label} ({value})."),
	"date_old": _("Implausible date for {label} ({value})."),
	"date_order": _("{later_label} ({later}) is before {earlier_label} ({earlier})."),
	"period_long": _("Unusual consumption period: {days} days."),
	"index": _(
		"New reading ({new}) − previous reading ({old}) = {diff}, but the stated consumption is {consumption}."
	),
	"balance": _(
		"Opening balance ({opening}) + credits ({credits}) − debits ({debits}) = {computed}, but the stated closing balance is {closing}."
	),
	"total_debit": _("The sum of the debits ({computed}) does not match the total debit ({declared})."),
	"total_credit": _("The sum of the credits ({computed}) does not match the total credit ({declared})."),
	"txn_outside": _("{count} transaction(s) dated outside the statement period."),
	"due_far": _("Due date {value} is more than a year after {label}: probably misread."),
}
# What each check protects against (shown to developers; the reviewer sees the message).
PROTECTS = {
	"missing": "a draft booked without a field the Purchase Invoice / bank line needs",
	"totals": "a misread total booked: HT + TVA must equal TTC to the cent",
	"lines_sum": "a lost or misread item line (the lines must add up to HT)",
	"tax_sum": "a lost TVA row (the rate rows must add up to the TVA total)",
	"tva_rate": "a misread rate (Moroccan TVA rates are 0, 7, 10, 14, 20 %)",
	"tax_base": "a misread TVA amount or base (base × rate)",
	"ice": "a misread ICE (15 digits) attached to the supplier",
	"rib": "a misread RIB (24 digits) matched to the wrong bank account",
	"date_future": "a misread issue date: an invoice, bill or statement is not dated after the day it is read",
	"date_old": "a misread year (nothing before 2000 is plausible)",
	"date_order": "swapped or misread dates (a due date before the invoice date, a period ending before it starts)",
	"due_far": "a misread due date: due dates are days or months after the invoice, not years",
	"period_long": "a misread period date (a bill covers one or two months)",
	"index": "a misread meter reading or consumption (new − old = consumption)",
	"balance": "a lost, duplicated or misread statement line (opening + credits − debits = closing)",
	"total_debit": "a lost or misread debit line",
	"total_credit": "a lost or misread credit line",
	"txn_outside": "a misread transaction date (it must fall within the statement period)",
}
LABELS = {
	"supplier_name": _("supplier"),
	"invoice_number": _("invoice number"),
	"invoice_date": _("invoice date"),
	"due_date": _("due date"),
	"total_ttc": _("total incl. VAT"),
	"total_ht": _("total excl. VAT"),
	"issuer": _("issuer"),
	"amount_due": _("amount to pay"),
	"bill_date": _("invoice date"),
	"period_start": _("period start"),
	"period_end": _("period end"),
	"rib": _("RIB"),
	"opening_balance": _("opening balance"),
	"closing_balance": _("closing balance"),
	"ice": _("ICE"),
}
REQUIRED = {
	INVOICE: ["supplier_name", "invoice_number", "invoice_date", "total_ttc"],
	UTILITY_BILL: ["issuer", "amount_due", "due_date"],
	BANK_STATEMENT: ["rib", "opening_balance", "closing_balance"],
}


def _v(f: Field):
	return f.value if f.present else None


def _fmt(d: Decimal | None) -> str:
	return "—" if d is None else format_amount(d)


class _Checker:
	def __init__(self, fields, today: date):
		self.fields = fields
		self.today = today
		self.issues: list[Issue] = []

	def flag(self, names: list[str], code: str, severity: str = "warning", **params) -> None:
		self.issues.append(
			Issue(field=",".join(names), code=code, message=M[code], params=params, severity=severity)
		)
		for name in names:
			f = getattr(self.fields, name, None)
			if isinstance(f, Field) and f.present:
				f.confidence = min(f.confidence, SUSPECT)

	def required(self, names: list[str]) -> None:
		for name in names:
			if not getattr(self.fields, name).present:
				self.flag([name], "missing", label=LABELS.get(name, name))

	def dates(self, names: list[str], future_days: int = 1) -> None:
		"""Issue dates (invoice, bill, period, statement): not after the day of reading (one day
		of tolerance for time zones), not before 2000."""
		for name in names:
			d = _v(getattr(self.fields, name))
			if d is None:
				continue
			if d > self.today + timedelta(days=future_days):
				self.flag([name], "date_future", label=LABELS.get(name, name), value=d.strftime("%d/%m/%Y"))
			elif d < OLDEST:
				self.flag([name], "date_old", label=LABELS.get(name, name), value=d.strftime("%d/%m/%Y"))

	def due(self, name: str, issued: str) -> None:
		"""A due date after today is normal; only one more than a year after the issue date (or
		after today when the issue date is unknown) is implausible."""
		d = _v(getattr(self.fields, name))
		if d is None:
			return
		ref = _v(getattr(self.fields, issued)) or self.today
		if d > ref + timedelta(days=366):
			self.flag([name], "due_far", label=LABELS.get(issued, issued), value=d.strftime("%d/%m/%Y"))
		elif d < OLDEST:
			self.flag([name], "date_old", label=LABELS.get(name, name), value=d.strftime("%d/%m/%Y"))

	def order(self, earlier: str, later: str) -> None:
		a, b = _v(getattr(self.fields, earlier)), _v(getattr(self.fields, later))
		if a and b and b < a:
			self.flag(
				[earlier, later],
				"date_order",
				later_label=LABELS.get(later, later).capitalize(),
				later=b.strftime("%d/%m/%Y"),
				earlier_label=LABELS.get(earlier, earlier),
				earlier=a.strftime("%d/%m/%Y"),
			)


def _valid(check, value: str) -> bool:
	try:
		return check(value or "") == value
	except ValidationError:
		return False


def ice_ok(value: str) -> bool:
	"""15 digits exactly, as extracted (core.identifiers.validate_ice; no separators left)."""
	return _valid(validate_ice, value)


def rib_ok(value: str) -> bool:
	"""24 digits exactly, as extracted (the RIB key is not checked: MOROCCO.md §2.5)."""
	return _valid(validate_rib, value)


def _invoice(c: _Checker) -> None:
	f = c.fields
	c.required(REQUIRED[INVOICE])
	for name in ("ice", "customer_ice"):
		v = _v(getattr(f, name))
		if v is not None and not ice_ok(v):
			c.flag([name], "ice", value=v)
	ht, tva, ttc = _v(f.total_ht), _v(f.total_tva), _v(f.total_ttc)
	if ht is not None and tva is not None and ttc is not None and ht + tva != ttc:
		c.flag(
			["total_ht", "total_tva", "total_ttc"],
			"totals",
			"error",
			ht=_fmt(ht),
			tva=_fmt(tva),
			ttc=_fmt(ttc),
			diff=_fmt(abs(ht + tva - ttc)),
		)
	if f.lines and ht is not None and all(ln.amount is not None for ln in f.lines):
		s = sum(ln.amount for ln in f.lines)
		if s != ht:
			c.flag(["total_ht"], "lines_sum", lines=_fmt(s), ht=_fmt(ht))
			for ln in f.lines:
				ln.confidence = min(ln.confidence, SUSPECT)
	if f.taxes and tva is not None and all(t.amount is not None for t in f.taxes):
		s = sum(t.amount for t in f.taxes)
		if s != tva:
			c.flag(["total_tva"], "tax_sum", taxes=_fmt(s), tva=_fmt(tva))
	for t in f.taxes:
		if t.rate is not None and t.rate not in TVA_RATES:
			c.flag(["total_tva"], "tva_rate", rate=str(t.rate))
		if t.rate is not None and t.base is not None and t.amount is not None:
			expected = (t.base * t.rate / 100).quantize(CENT)
			if abs(expected - t.amount) > CENT:
				c.flag(
					["total_tva"],
					"tax_base",
					rate=str(t.rate),
					base=_fmt(t.base),
					expected=_fmt(expected),
					amount=_fmt(t.amount),
				)
	c.dates(["invoice_date"])
	c.due("due_date", "invoice_date")
	c.order("invoice_date", "due_date")


def _utility(c: _Checker) -> None:
	f = c.fields
	c.required(REQUIRED[UTILITY_BILL])
	c.dates(["bill_date", "period_start"])
	# A bill may be printed before the end of the period it announces (estimated reading): a
	# period end up to a month ahead is normal.
	c.dates(["period_end"], future_days=31)
	c.due("due_date", "bill_date")
	c.order("period_start", "period_end")
	c.order("bill_date", "due_date")
	a, b = _v(f.period_start), _v(f.period_end)
	if a and b and b >= a and (b - a).days > 100:
		c.flag(["period_start", "period_end"], "period_long", days=(b - a).days)
	old, new, cons = _v(f.index_old), _v(f.index_new), _v(f.consumption)
	if old is not None and new is not None and cons is not None and new - old != cons and new >= old:
		c.flag(
			["index_old", "index_new", "consumption"],
			"index",
			old=old,
			new=new,
			diff=new - old,
			consumption=cons,
		)


def _statement(c: _Checker) -> None:
	f = c.fields
	c.required(REQUIRED[BANK_STATEMENT])
	rib = _v(f.rib)
	if rib is not None and not rib_ok(rib):
		c.flag(["rib"], "rib", value=rib)
	c.dates(["period_start", "period_end"])
	c.order("period_start", "period_end")
	debits = sum((t.debit or Decimal(0)) for t in f.transactions)
	credits = sum((t.credit or Decimal(0)) for t in f.transactions)
	opening, closing = _v(f.opening_balance), _v(f.closing_balance)
	if opening is not None and closing is not None and opening + credits - debits != closing:
		c.flag(
			["opening_balance", "closing_balance"],
			"balance",
			"error",
			opening=_fmt(opening),
			credits=_fmt(credits),
			debits=_fmt(debits),
			computed=_fmt(opening + credits - debits),
			closing=_fmt(closing),
		)
		for t in f.transactions:
			t.confidence = min(t.confidence, 0.6)
	for name, computed, code in (
		("total_debit", debits, "total_debit"),
		("total_credit", credits, "total_credit"),
	):
		declared = _v(getattr(f, name))
		if declared is not None and declared != computed:
			c.flag([name], code, computed=_fmt(computed), declared=_fmt(declared))
	a, b = _v(f.period_start), _v(f.period_end)
	if a and b:
		outside = [
			t
			for t in f.transactions
			if t.date and not (a - timedelta(days=3) <= t.date <= b + timedelta(days=3))
		]
		if outside:
			c.flag([], "txn_outside", count=len(outside))
			for t in outside:
				t.confidence = min(t.confidence, SUSPECT)


def validate(doc_class: str, fields, today: date | None = None) -> list[Issue]:
	"""The issues found; the confidence of implicated fields is lowered in place."""
	if fields is None:
		return []
	c = _Checker(fields, today or date.today())
	{INVOICE: _invoice, UTILITY_BILL: _utility, BANK_STATEMENT: _statement}.get(doc_class, lambda _c: None)(c)
	return c.issues
