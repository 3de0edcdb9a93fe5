"""Utility bills (Lydec/SRM, Redal, Amendis, ONEE, RADEEMA…): MOROCCO.md §2.4."""

from __future__ import annotations

import re
from decimal import Decimal

from .classify import find_issuer
from .issuers import UTILITY_ISSUERS
from .layout import GAP, Line
from .model import UtilityBillFields
from .numbers import clean_digits, find_dates, find_integers, parse_amount
from .rules_common import (
	STRONG,
	WEAK,
	field,
	find_lines,
	first_amount,
	first_date,
	last_amount,
	rx,
	set_field,
	token,
	value_after,
)

UNIT = r"(kwh|m3|m³|m 3)"


def _unit(raw: str) -> str:
	return "kWh" if raw.lower() == "kwh" else "m3"


def _column_values(lines: list[Line], header_i: int, labels: dict[str, str]) -> dict[str, tuple[str, Line]]:
	"""Values under the header cells named by `labels` (name → pattern), matched by x-position."""
	header = lines[header_i]
	centres = {}
	for name, pattern in labels.items():
		m = rx(pattern).search(header.key)
		if m:
			ws = [
				w
				for w, (s, e) in zip(header.words, header.kspans, strict=False)
				if s < m.end() and m.start() < e
			]
			if ws:
				centres[name] = (min(w.x0 for w in ws), max(w.x1 for w in ws))
	out: dict[str, tuple[str, Line]] = {}
	for ln in lines[header_i + 1 : header_i + 3]:
		if ln.page != header.page:
			break
		cells = _cells(ln)
		for name, (x0, x1) in centres.items():
			best = min(cells, key=lambda c: _distance(c, x0, x1), default=None)
			if best and _distance(best, x0, x1) < 3 * (x1 - x0 + 10) and name not in out:
				out[name] = (best[0], ln)
		if out:
			break
	return out


def _cells(ln: Line) -> list[tuple[str, float, float]]:
	"""(text, x0, x1) of each column cell of a line (words joined across single spaces)."""
	cells, cur = [], []
	for w, (s, e) in zip(ln.words, ln.spans, strict=False):
		if cur and ln.text[cur[-1][1][1] : s] == GAP:
			cells.append(cur)
			cur = []
		cur.append((w, (s, e)))
	if cur:
		cells.append(cur)
	return [(" ".join(w.text for w, _ in c), c[0][0].x0, c[-1][0].x1) for c in cells]


def _distance(cell, x0, x1) -> float:
	return min(abs(cell[1] - x0), abs(cell[2] - x1), abs((cell[1] + cell[2]) / 2 - (x0 + x1) / 2))


def _int(text: str) -> int | None:
	found = find_integers(clean_digits(text).replace(".", " "))
	return found[0][0] if found else None


# (field, label pattern, parser) read on the label's own line, in this order.
_HEADER_FIELDS = (
	(
		"bill_number",
		r"facture\s+(?:d.)?(?:electricite|eau|gaz)?\s*(?:n\s?[°º*o]?|numero|no)\s*[:.]?",
		token(r"^\s*(\d{6,14}(?: ?[A-Z]{2}\b)?)"),
	),
	(
		"contract_number",
		r"votre contrat|vos contrats|(?:n\s?[°º]?\s*(?:de\s+)?)(?:contrat|police)|contrat\s*n",
		token(r"^\s*[:.]?\s*(?:electricite|eau(?: et assainissement)?)?\s*([A-Z]?\d{5,12})\b"),
	),
	(
		"reference",
		r"reference\(?s?\)?(?:\s+client)?\s*[:.]?",
		token(r"^\s*[:.]?\s*(\d{3,4} ?\d{3} ?\d{3})\b"),
	),
	(
		"bill_date",
		r"(?<![a-z])date(?: de (?:la )?facture| de facturation| d.emission)?\s*[:.]?(?!\s*limite)",
		first_date,
	),
)


def extract(lines: list[Line], issuers: list[dict] | None = None) -> UtilityBillFields:
	out = UtilityBillFields()
	keytext = "\n".join(ln.key for ln in lines)
	issuer = find_issuer(keytext, issuers or UTILITY_ISSUERS)
	if issuer:
		out.issuer = field(issuer, STRONG)
	elec = bool(rx(r"electricite|\bkwh\b").search(keytext))
	water = bool(rx(r"\beau\b|\bm3\b|assainissement").search(keytext))
	head = "\n".join(ln.key for ln in lines[:15])
	if rx(r"(facture|facturation)\s+(d.)?electricite").search(head) and not rx(
		r"(facture|facturation)\s+(d.)?eau"
	).search(head):
		out.service = field("electricity", STRONG)
	elif rx(r"(facture|facturation)\s+(d.)?eau").search(head) and not rx(
		r"(facture|facturation)\s+(d.)?electricite"
	).search(head):
		out.service = field("water", STRONG)
	elif elec != water:
		out.service = field("electricity" if elec else "water", WEAK)
	elif elec and water:
		out.service = field("both", WEAK)

	for name, label, parse in _HEADER_FIELDS:
		set_field(out, name, value_after(lines, label, parse, below=False))

	for i, m in find_lines(lines, r"periode(?: de consommation)?|consommation du"):
		dates = find_dates(lines[i].after(m.start()))
		if len(dates) >= 2:
			out.period_start = field(dates[0][0], STRONG, lines[i])
			out.period_end = field(dates[1][0], STRONG, lines[i])
			break

	_index(lines, out)
	if not out.consumption.present:
		for i, m in find_lines(lines, r"(\d[\d ]*)\s*" + UNIT + r"(?!\s*x)"):
			ln = lines[i]
			if rx(r"tranche|x\s*\d").search(ln.key):
				continue
			n = _int(ln.key[: m.end()].split(GAP)[-1])
			if n is not None:
				out.consumption = field(n, WEAK, ln)
				out.consumption_unit = field(_unit(m.group(2)), WEAK, ln)
				break
	if not out.consumption_unit.present and out.service.value in ("electricity", "water"):
		out.consumption_unit = field("kWh" if out.service.value == "electricity" else "m3", WEAK)
	if (
		not out.consumption.present
		and out.index_old.present
		and out.index_new.present
		and out.index_new.value >= out.index_old.value
	):
		out.consumption = field(out.index_new.value - out.index_old.value, 0.7)
	_vote_consumption(lines, out)

	if any(rx(r"\bestimation\b|\bestime[e]?\b|index estime").search(ln.key) for ln in lines):
		out.reading_type = field("estimation", WEAK)
	elif any(
		rx(r"index reel|releve reel|\breel\b").search(ln.key) and not rx(r"type de releve").search(ln.key)
		for ln in lines
	):
		out.reading_type = field("relevé", WEAK)

	found = value_after(lines, r"^taxes?\b|total taxes", last_amount, below=False)
	if found:
		set_field(out, "taxes", found)
	_amount_due(lines, out)
	found = value_after(
		lines, r"date limite(?: de (?:paiement|reglement))?|a payer avant(?: le)?|date d.echeance", first_date
	)
	if found:
		set_field(out, "due_date", found)
	_positional(lines, out)
	return out


# --- label-agnostic search (keyvalue): labels from parts, values by type ------------------------

MONTH_NAMES = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split()
CONTRACT_LABEL = (
	r"(?<![a-z])(?:(?:n\s?[°º]|numero|num\.?|ref\.?|reference)\s*(?:de\s+|du\s+)?)?"
	r"(?:contrat|police|abonnement)(?:\s*/\s*(?:contrat|police|abonnement))?(?![a-z])"
)
PAY_LABEL = r"(?<![a-z])(?:net|montant|total|somme|reste)\s*(?:a\s+(?:payer|regler)|du|exigible)(?![a-z])"
DUE_LABEL = r"date limite|echeance|(?:a payer|a regler|payable|reglement)\s+(?:avant|le|au plus tard)"


def _digits_token(text: str) -> str | None:
	m = re.match(r"\s*[:.#\-]?\s*([A-Z]?\d{5,14})(?![\d,.])", clean_digits(text))
	return m.group(1) if m else None


def _positional(lines: list[Line], out: UtilityBillFields) -> None:
	"""What the label rules missed, from the positional search (label left, above or in the same
	cell); a value only when the best-placed candidates agree."""
	from . import keyvalue
	from .rules_invoice import NUMBER_LABEL

	def take(name, got, skip_values=()):
		got = [c for c in got if c.value not in skip_values]
		if (
			got
			and len({c.value for c in got if c.score >= got[0].score}) == 1
			and not getattr(out, name).present
		):
			setattr(out, name, field(got[0].value, 0.95 if got[0].score >= 0.95 else 0.85, got[0].line))

	take("contract_number", keyvalue.candidates(lines, CONTRACT_LABEL, _digits_token))
	taken = {out.contract_number.value} if out.contract_number.present else set()
	take("bill_number", keyvalue.candidates(lines, NUMBER_LABEL, _digits_token), taken)
	take("amount_due", keyvalue.candidates(lines, PAY_LABEL, first_amount))
	take("due_date", keyvalue.candidates(lines, DUE_LABEL, first_date))
	if not out.period_start.present:
		_period(lines, out)


def _period(lines: list[Line], out: UtilityBillFields) -> None:
	"""A period printed as a month ("Période : mars 2026", "Mois de mars 2026"), else as the two
	meter-reading dates of one line (20 to 70 days apart, not after the bill date)."""
	import calendar
	from datetime import date

	months = "|".join(MONTH_NAMES)
	for ln in lines:
		m = rx(rf"(?:periode|mois|consommation)\D{{0,30}}?\b({months})\s+(\d{{4}})\b").search(ln.key)
		if m:
			year, month = int(m.group(2)), MONTH_NAMES.index(m.group(1)) + 1
			out.period_start = field(date(year, month, 1), 0.85, ln)
			out.period_end = field(date(year, month, calendar.monthrange(year, month)[1]), 0.85, ln)
			return
	bill = out.bill_date.value if out.bill_date.present else None
	found = []
	for ln in lines:
		dates = [d for d, _s, _e in find_dates(ln.text)]
		if len(dates) == 2 and 20 <= (dates[1] - dates[0]).days <= 70 and (bill is None or dates[1] <= bill):
			found.append((dates, ln))
	if len(found) == 1:
		(a, b), ln = found[0]
		out.period_start = field(a, 0.85, ln)
		out.period_end = field(b, 0.85, ln)


def _index(lines: list[Line], out: UtilityBillFields) -> None:
	header = next((i for i, _m in find_lines(lines, r"ancien\w*\s+index|index\s+(?:ancien|precedent)")), None)
	if header is not None:
		cols = _column_values(
			lines,
			header,
			{
				"old": r"ancien\w*\s+index|index\s+(?:ancien|precedent)",
				"new": r"nouv\w*\s+index|index\s+(?:nouveau|actuel)",
				"cons": r"consommation|conso\.?",
			},
		)
		if "old" in cols and "new" in cols:
			old, new = _int(cols["old"][0]), _int(cols["new"][0])
			if old is not None and new is not None:
				out.index_old = field(old, STRONG, cols["old"][1])
				out.index_new = field(new, STRONG, cols["new"][1])
		if "cons" in cols:
			text, ln = cols["cons"]
			m = re.search(r"(\d[\d ]*)\s*" + UNIT, text, re.I)
			n = _int(m.group(1) if m else text)
			if n is not None:
				conf = STRONG
				if (
					out.index_old.present
					and out.index_new.present
					and out.index_new.value - out.index_old.value != n
				):
					conf = WEAK
				out.consumption = field(n, conf, ln)
				if m:
					out.consumption_unit = field(_unit(m.group(2)), STRONG, ln)
	if not out.index_old.present:
		found = value_after(lines, r"ancien\w*\s+index\s*[:.]?", _int, below=False)
		found2 = value_after(lines, r"nouv\w*\s+index\s*[:.]?", _int, below=False)
		if found and found2:
			set_field(out, "index_old", found)
			set_field(out, "index_new", found2)


def _amount_due(lines: list[Line], out: UtilityBillFields) -> None:
	net = value_after(
		lines, r"net a payer|montant a payer|total a payer|total des deux factures", first_amount, last=True
	)
	sub = value_after(lines, r"sous[- ]?total ttc|total ttc", first_amount, below=False)
	arrears = value_after(lines, r"impayes?|arriere", first_amount, below=False)
	expected = None
	if sub:
		expected = sub[0] + (arrears[0] if arrears else Decimal(0))
	if net and (expected is None or net[0] == expected):
		conf = STRONG if expected is not None else net[2]
		out.amount_due = field(net[0], conf, net[1])
	elif expected is not None:
		# "Net à payer * 414,31 *" misread (asterisks glued to the digits): rebuild it.
		out.amount_due = field(expected, 0.7 if not net else 0.6, sub[1])
		if net:
			out.amount_due.alternative = net[0]
	elif net:
		out.amount_due = field(net[0], net[2], net[1])


def _vote_consumption(lines: list[Line], out: UtilityBillFields) -> None:
	"""Consumption has up to three sources: its own cell, new − old index, and the sum of the
	tariff brackets ("Tranche 1   100 kWh x 0,9010"). When two agree against the printed
	cell (a misread digit), the agreed value wins at a review-level confidence."""
	brackets = []
	for _i, m in find_lines(lines, r"tranche\s*\d+\D*?(\d[\d ]*)\s*" + UNIT + r"\s*x"):
		brackets.append(int(m.group(1).replace(" ", "")))
	by_brackets = sum(brackets) if brackets else None
	by_index = (
		out.index_new.value - out.index_old.value if out.index_old.present and out.index_new.present else None
	)
	cell = out.consumption.value if out.consumption.present else None
	if by_brackets is not None and by_brackets == by_index and cell != by_brackets:
		f = field(by_brackets, 0.7)
		f.alternative = cell
		out.consumption = f
