"""Bank statements: bank, RIB, period, balances and every transaction (MOROCCO.md §2.5).

Debit and credit are told apart by column position under the header ("Débit", "Crédit"), never
by sign; dates without a year ("06/05", CIH) take it from the period or the opening balance.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from syndic_maroc.core.text import fold

from . import statement_geometry
from .classify import find_bank
from .issuers import BANKS
from .layout import GAP, Line
from .model import BankStatementFields, Field, Transaction
from .numbers import clean_digits, find_amounts, find_dates, parse_amount
from .rules_common import STRONG, WEAK, field, find_lines, rx

COLUMNS = {
	"date": r"date\s*(?:d.)?op\w*\.?|^date$|date\s+comptable",
	"label": r"libelle|details?|designation|nature|operations?$|description",
	"value_date": r"date\s*(?:de\s+)?val\w*\.?|^valeur$",
	"debit": r"debit",
	"credit": r"credit",
	"balance": r"^solde$",
	"code": r"^code$",
}
OPENING = (
	r"solde\s+(?:de\s+)?(?:depart|precedent|initial|d.ouverture|anterieur)|ancien solde|report a nouveau"
)
CLOSING = r"solde\s+(?:final|fin|de cloture|nouveau)|nouveau solde|solde au\b"
TOTALS = r"total\s+(?:des\s+)?mouvements|totaux|total des operations"


def _cells(ln: Line) -> list[tuple[str, float, float]]:
	cells, cur, last_end = [], [], None
	for w, (s, e) in zip(ln.words, ln.spans, strict=False):
		if cur and ln.text[last_end:s] == GAP:
			cells.append(cur)
			cur = []
		cur.append(w)
		last_end = e
	if cur:
		cells.append(cur)
	return [(" ".join(w.text for w in c), c[0].x0, c[-1].x1) for c in cells]


def _header_columns(ln: Line) -> dict[str, tuple[float, float]] | None:
	"""Column name → (x0, x1) from a header line that names at least Débit and Crédit."""
	cols = {}
	for text, x0, x1 in _cells(ln):
		from syndic_maroc.core.text import fold

		key = fold(text)
		for name, pattern in COLUMNS.items():
			if name not in cols and rx(pattern).search(key):
				cols[name] = (x0, x1)
				break
	return cols if "debit" in cols and "credit" in cols else None


def _height(ln: Line) -> float:
	hs = sorted(w.height for w in ln.words if w.height > 0)
	return hs[len(hs) // 2] if hs else 10.0


def _distance(x0, x1, c0, c1) -> float:
	return min(abs(x0 - c0), abs(x1 - c1), abs((x0 + x1) / 2 - (c0 + c1) / 2))


def _nearest(cols: dict, x0: float, x1: float, names) -> str | None:
	best = min((n for n in names if n in cols), key=lambda n: _distance(x0, x1, *cols[n]), default=None)
	return best


def _rib(lines: list[Line]) -> tuple[str, Line] | None:
	for i, m in find_lines(lines, r"\b(rib|r\.i\.b|iban|compte)\b\s*(?:n\s?[°º])?\s*[:.]?"):
		raw = clean_digits(lines[i].after(m.end()))
		iban = re.match(r"\s*MA\s?(\d\d)\s?((?:\d\s?){24})", raw, re.I)
		if iban:
			return re.sub(r"\D", "", iban.group(2)), lines[i]
		d = re.match(r"\s*((?:\d[ .\-]?){24})(?!\d)", raw)
		if d:
			return re.sub(r"\D", "", d.group(1)), lines[i]
	return None


def _signed_amount(ln: Line, start: int = 0) -> Decimal | None:
	amounts = find_amounts(ln.text[start:])
	if not amounts:
		return None
	value = amounts[-1][0]
	if rx(r"\bdebiteur\b|\bdb\b").search(ln.key):
		value = -value
	return value


def extract(lines: list[Line], banks: list[dict] | None = None) -> BankStatementFields:
	out = BankStatementFields()
	keytext = "\n".join(ln.key for ln in lines)
	bank = find_bank(keytext, banks or BANKS)
	if bank:
		out.bank = field(bank, STRONG)
	found = _rib(lines)
	if found:
		out.rib = field(found[0], STRONG, found[1])
	for ln in lines[:10]:
		# the holder's cell, wherever it sits on the line (left block or right block)
		cell = next(
			(
				c.strip()
				for c in ln.text.split(GAP)
				if rx(r"^(syndicat|syndic|synd\.?|copropriete|residence|ste|societe|m\.|mme|mr)\b").search(
					fold(c.strip())
				)
			),
			None,
		)
		if cell:
			out.account_holder = field(cell, WEAK, ln)
			break
	if any(rx(r"\bmad\b|\bdhs?\b|dirham").search(ln.key) for ln in lines[:20]):
		out.currency = field("MAD", STRONG)

	for i, m in find_lines(lines, r"periode\s+du|du\s+\d|\bdu\b.*\bau\b"):
		dates = find_dates(lines[i].after(m.start()))
		if len(dates) >= 2 and dates[0][0] <= dates[1][0]:
			out.period_start = field(dates[0][0], STRONG, lines[i])
			out.period_end = field(dates[1][0], STRONG, lines[i])
			break

	open_i = next((i for i, _m in find_lines(lines, OPENING)), None)
	if open_i is not None:
		ln = lines[open_i]
		dates = find_dates(ln.text)
		after = ln.text[dates[0][2] :] if dates else ln.text
		value = _signed_amount(Line(words=[], text=after, key=after.lower()), 0)
		if value is not None:
			out.opening_balance = field(value, STRONG, ln)
		if dates and not out.period_start.present:
			d = dates[0][0]
			out.period_start = field(d + timedelta(days=1) if "precedent" in ln.key else d, WEAK, ln)
	close_i = None
	for i, _m in find_lines(lines, CLOSING):
		close_i = i
	if close_i is not None:
		ln = lines[close_i]
		dates = find_dates(ln.text)
		after = ln.text[dates[0][2] :] if dates else ln.text
		value = _signed_amount(Line(words=[], text=after, key=ln.key), 0)
		if value is not None:
			out.closing_balance = field(value, STRONG, ln)
		if dates and not out.period_end.present:
			out.period_end = field(dates[0][0], WEAK, ln)

	year = (
		(out.period_start.value or out.period_end.value or date.today()).year
		if (out.period_start.present or out.period_end.present)
		else None
	)
	_transactions(lines, out, year)
	if not out.transactions:
		# no header the rules know (another bank's wording, or OCR damage): by geometry
		out.transactions = statement_geometry.transactions(
			lines,
			year,
			out.opening_balance.value if out.opening_balance.present else None,
			out.closing_balance.value if out.closing_balance.present else None,
		)
	if not out.bank.present:
		out.bank = _bank_from_page(lines)
	return out


BANK_WORD = r"\b(banque|bank|bancaire|credit|caisse|populaire)\b|بنك|مصرف"


def _bank_from_page(lines: list[Line]):
	"""A bank not in our list: its name as printed at the top of page 1 (a cell with a bank
	word, printed largest), at a confidence that asks a look."""
	best = None
	for ln in [ln for ln in lines if ln.page == 1][:8]:
		for cell in ln.text.split(GAP):
			key = fold(cell)
			if not rx(BANK_WORD).search(key) or re.search(r"\d", cell) or len(cell.strip()) < 4:
				continue
			if rx(r"releve|extrait|compte|agence|rib|iban").search(key):
				continue
			size = max((w.height for w in ln.words if w.text in cell.split()), default=0)
			if best is None or size > best[0]:
				best = (size, cell.strip(), ln)
	return field(best[1], WEAK, best[2]) if best else Field()


def _transactions(lines: list[Line], out: BankStatementFields, year: int | None) -> None:
	cols = None
	page = None
	in_table = False
	for k, ln in enumerate(lines):
		if ln.page != page:
			page, in_table = ln.page, False
		header = _header_columns(ln)
		if header:
			# a header on two lines ("Montant" over "Crédit"): the line above names the rest
			above = lines[k - 1] if k else None
			if above is not None and above.page == ln.page and ln.y - above.y < 2.2 * _height(ln):
				for text, x0, x1 in _cells(above):
					key = fold(text)
					for name, pattern in COLUMNS.items():
						if name not in header and name not in ("debit", "credit") and rx(pattern).search(key):
							header[name] = (x0, x1)
							break
			cols, in_table = header, True
			continue
		if not cols or not in_table:
			continue
		if rx(TOTALS).search(ln.key):
			_totals(ln, cols, out)
			continue
		if rx(OPENING + "|" + CLOSING).search(ln.key):
			_balance_side(ln, cols, out)
			continue
		t = _transaction(ln, cols, year)
		if t:
			out.transactions.append(t)


def _balance_side(ln: Line, cols: dict, out: BankStatementFields) -> None:
	"""A balance printed in the Débit column is a debtor (negative) balance."""
	name = "opening_balance" if rx(OPENING).search(ln.key) else "closing_balance"
	f = getattr(out, name)
	if not f.present or f.value < 0 or rx(r"\bcrediteur\b").search(ln.key):
		return
	cells = [c for c in _cells(ln) if re.search(r"\d[.,]\d{2}", c[0])]
	if cells and _nearest(cols, cells[-1][1], cells[-1][2], ("debit", "credit", "balance")) == "debit":
		f.value = -f.value


def _totals(ln: Line, cols: dict, out: BankStatementFields) -> None:
	for text, x0, x1 in _cells(ln):
		value = parse_amount(text) if re.search(r"\d[.,]\d{2}\s*$", text) else None
		if value is None:
			continue
		side = _nearest(cols, x0, x1, ("debit", "credit", "balance"))
		if side == "debit":
			out.total_debit = field(value, STRONG, ln)
		elif side == "credit":
			out.total_credit = field(value, STRONG, ln)


def _transaction(ln: Line, cols: dict, year: int | None) -> Transaction | None:
	t = Transaction(confidence=round(min(0.95, 0.5 + 0.5 * ln.conf), 3))
	label = []
	for text, x0, x1 in _cells(ln):
		amount = parse_amount(text) if re.fullmatch(r"-?[\d .]*\d[.,]\d{2}-?", text.strip()) else None
		if amount is not None:
			side = _nearest(cols, x0, x1, ("debit", "credit", "balance"))
			if side == "debit" and t.debit is None:
				t.debit = abs(amount)
			elif side == "credit" and t.credit is None:
				t.credit = abs(amount)
			continue
		name = _nearest(cols, x0, x1, ("date", "label", "value_date", "code"))
		dates = find_dates(text, year)
		whole_date = dates and dates[0][1] <= 1 and dates[-1][2] >= len(text.strip()) - 1 and len(dates) <= 2
		if whole_date and name in ("date", "value_date", "label", "code", None):
			if name == "value_date" or (name != "date" and "date" not in cols):
				t.value_date = t.value_date or dates[-1][0]
			else:
				t.date = t.date or dates[0][0]
				if len(dates) == 2:  # "06/0506/05": operation and value dates glued
					t.value_date = t.value_date or dates[1][0]
			continue
		if name == "code":
			continue
		# A label cell that swallowed the value date printed right after it.
		if dates and dates[-1][2] == len(text) and "value_date" in cols and t.value_date is None:
			t.value_date = dates[-1][0]
			text = text[: dates[-1][1]].strip()
		label.append(text)
	if t.debit is None and t.credit is None:
		return None
	if t.date is None:
		t.date = t.value_date
	if t.date is None:
		return None
	t.label = " ".join(label).strip()
	m = re.search(r"(?:N\s?[°º]|REF\.?|FACT\.?|CHQ\.?|CHEQUE)\s*:?\s*(\d{5,})", t.label, re.I)
	t.reference = m.group(1) if m else ""
	return t
