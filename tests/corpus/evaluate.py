"""Field-level scoring of an extraction against the generator's ground truth.

Scalar fields: a true positive when the value is right, a false positive when a wrong value was
given (also a false negative), a false negative when it is missing. Lists (invoice lines, TVA
rows, statement transactions) are aligned in order on their amounts and dates, then each
sub-field is scored the same way ("transactions.label", …).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from syndic_maroc.core.intake.model import jsonable
from syndic_maroc.core.text import fold

SCALARS = {
	"supplier_invoice": [
		"supplier_name",
		"ice",
		"tax_id",
		"rc",
		"patente",
		"customer_name",
		"customer_ice",
		"invoice_number",
		"invoice_date",
		"due_date",
		"total_ht",
		"total_tva",
		"total_ttc",
		"currency",
	],
	"utility_bill": [
		"issuer",
		"service",
		"bill_number",
		"contract_number",
		"reference",
		"bill_date",
		"period_start",
		"period_end",
		"index_old",
		"index_new",
		"consumption",
		"consumption_unit",
		"reading_type",
		"amount_due",
		"due_date",
	],
	"bank_statement": [
		"bank",
		"rib",
		"account_holder",
		"period_start",
		"period_end",
		"opening_balance",
		"closing_balance",
		"total_debit",
		"total_credit",
		"currency",
	],
}
LISTS = {
	"supplier_invoice": {
		"lines": (["description", "quantity", "unit_price", "amount"], ["amount"]),
		"taxes": (["rate", "amount"], ["rate"]),
	},
	"bank_statement": {
		"transactions": (
			["date", "label", "debit", "credit", "value_date", "reference"],
			["date", "debit", "credit"],
		)
	},
	"utility_bill": {},
}


def norm(value) -> str | None:
	if value is None or value == "" or value == []:
		return None
	if isinstance(value, (int, float, Decimal)):
		return str(Decimal(str(value)).normalize())
	s = str(value)
	if re.fullmatch(r"-?\d+(\.\d+)?", s):
		return str(Decimal(s).normalize())
	return re.sub(r"\s+", " ", fold(s)).strip(" .") or None


@dataclass
class Score:
	tp: int = 0
	fp: int = 0
	fn: int = 0

	def add(self, truth, pred) -> None:
		t, p = norm(truth), norm(pred)
		if t is None and p is None:
			return
		if t is not None and p == t:
			self.tp += 1
			return
		if p is not None:
			self.fp += 1
		if t is not None:
			self.fn += 1

	@property
	def precision(self) -> float:
		return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

	@property
	def recall(self) -> float:
		return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

	@property
	def f1(self) -> float:
		p, r = self.precision, self.recall
		return 2 * p * r / (p + r) if p + r else 0.0

	def __iadd__(self, other):
		self.tp += other.tp
		self.fp += other.fp
		self.fn += other.fn
		return self


@dataclass
class Report:
	by_field: dict = field(default_factory=lambda: defaultdict(Score))
	errors: list = field(default_factory=list)  # (doc id, field, truth, predicted)

	def total(self) -> Score:
		s = Score()
		for v in self.by_field.values():
			s += v
		return s


def predicted_dict(fields) -> dict:
	"""An extraction's fields as plain values (Field → its value)."""
	if fields is None:
		return {}
	data = jsonable(fields)
	return {
		k: (v["value"] if isinstance(v, dict) and "confidence" in v and "source" in v else v)
		for k, v in data.items()
	}


def score(doc_id: str, truth: dict, pred: dict, report: Report, doc_class: str | None = None) -> None:
	cls = truth["class"]
	if doc_class is not None:
		report.by_field["class"].add(cls, doc_class)
		if doc_class != cls:
			report.errors.append((doc_id, "class", cls, doc_class))
	for name in SCALARS[cls]:
		before = report.by_field[name].tp
		report.by_field[name].add(truth.get(name), pred.get(name))
		if report.by_field[name].tp == before and norm(truth.get(name)) != norm(pred.get(name)):
			report.errors.append((doc_id, name, truth.get(name), pred.get(name)))
	for lname, (subs, keys) in LISTS[cls].items():
		t_items = truth.get(lname) or []
		p_items = pred.get(lname) or []
		kt = [tuple(norm(it.get(k)) for k in keys) for it in t_items]
		kp = [tuple(norm(it.get(k)) for k in keys) for it in p_items]
		sm = difflib.SequenceMatcher(a=kt, b=kp, autojunk=False)
		for _op, a0, a1, b0, b1 in sm.get_opcodes():
			pairs = list(zip(range(a0, a1), range(b0, b1), strict=False))
			extra_t = range(a0 + len(pairs), a1)
			extra_p = range(b0 + len(pairs), b1)
			for ia, ib in pairs:
				for s in subs:
					sc = report.by_field[f"{lname}.{s}"]
					before = sc.tp
					sc.add(t_items[ia].get(s), p_items[ib].get(s))
					if sc.tp == before and norm(t_items[ia].get(s)) != norm(p_items[ib].get(s)):
						report.errors.append(
							(doc_id, f"{lname}[{ia}].{s}", t_items[ia].get(s), p_items[ib].get(s))
						)
			for ia in extra_t:
				for s in subs:
					report.by_field[f"{lname}.{s}"].add(t_items[ia].get(s), None)
				report.errors.append((doc_id, f"{lname}[{ia}]", "missing", None))
			for ib in extra_p:
				for s in subs:
					report.by_field[f"{lname}.{s}"].add(None, p_items[ib].get(s))
				report.errors.append((doc_id, f"{lname}[+{ib}]", None, "extra"))


def table(report: Report, title: str) -> str:
	rows = [f"{title}", f"  {'field':<28}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
	for name in sorted(report.by_field):
		s = report.by_field[name]
		rows.append(f"  {name:<28}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp + s.fn:>6}")
	t = report.total()
	rows.append(f"  {'ALL':<28}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}{t.tp + t.fn:>6}")
	return "\n".join(rows)
