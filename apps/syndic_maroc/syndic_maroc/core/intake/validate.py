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
	"missing": _("Champ obligatoire non trouvé : {label}."),
	"totals": _("Total HT ({ht}) + TVA ({tva}) ≠ Total TTC ({ttc}) : écart de {diff}."),
	"lines_sum": _("La somme des lignes ({lines}) ne correspond pas au total HT ({ht})."),
	"tax_sum": _("La somme des lignes de TVA ({taxes}) ne correspond pas au total TVA ({tva})."),
	"tva_rate": _("Taux de TVA inhabituel : {rate} % (taux marocains : 0, 7, 10, 14, 20 %) — à vérifier."),
	"tax_base": _("TVA {rate} % : {base} × {rate} % = {expected}, le document indique {amount}."),
	"ice": _("ICE invalide « {value} » : il doit compter exactement 15 chiffres."),
	"rib": _("RIB invalide « {value} » : il doit compter exactement 24 chiffres."),
	"date_future": _("Date {label} dans le futur ({value})."),
	"date_old": _("Date {label} invraisemblable ({value})."),
	"date_order": _("{later_label} ({later}) est antérieure à {earlier_label} ({earlier})."),
	"period_long": _("Période de consommation inhabituelle : {days} jours."),
	"index": _(
		"Nouvel index ({new}) − ancien index ({old}) = {diff}, mais la consommation indiquée est {consumption}."
	),
	"balance": _(
		"Solde initial ({opening}) + crédits ({credits}) − débits ({debits}) = {computed}, mais le solde final indiqué est {closing}."
	),
	"total_debit": _("La somme des débits ({computed}) ne correspond pas au total des débits ({declared})."),
	"total_credit": _(
		"La somme des crédits ({computed}) ne correspond pas au total des crédits ({declared})."
	),
	"txn_outside": _("{count} opération(s) datée(s) hors de la période du relevé."),
}
LABELS = {
	"supplier_name": _("fournisseur"),
	"invoice_number": _("numéro de facture"),
	"invoice_date": _("date de facture"),
	"due_date": _("date d'échéance"),
	"total_ttc": _("total TTC"),
	"total_ht": _("total HT"),
	"issuer": _("émetteur"),
	"amount_due": _("montant à payer"),
	"bill_date": _("date de facture"),
	"period_start": _("début de période"),
	"period_end": _("fin de période"),
	"rib": _("RIB"),
	"opening_balance": _("solde initial"),
	"closing_balance": _("solde final"),
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

	def dates(self, names: list[str], future_days: int = 31) -> None:
		for name in names:
			d = _v(getattr(self.fields, name))
			if d is None:
				continue
			if d > self.today + timedelta(days=future_days):
				self.flag([name], "date_future", label=LABELS.get(name, name), value=d.strftime("%d/%m/%Y"))
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
	c.dates(["invoice_date", "due_date"], future_days=3)
	c.order("invoice_date", "due_date")


def _utility(c: _Checker) -> None:
	f = c.fields
	c.required(REQUIRED[UTILITY_BILL])
	c.dates(["bill_date", "period_start", "period_end"], future_days=3)
	c.dates(["due_date"], future_days=120)
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
	c.dates(["period_start", "period_end"], future_days=3)
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
