"""Supplier invoices: identifiers (ICE, IF, RC, Patente), number, dates, totals, TVA, lines."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

from syndic_maroc.core.text import fold

from . import keyvalue
from .layout import GAP, Line
from .model import InvoiceFields, InvoiceLine, TaxLine
from .numbers import clean_digits, find_amounts, find_dates, parse_amount, parse_rate
from .rules_common import (
	STRONG,
	WEAK,
	field,
	find_lines,
	first_amount,
	first_date,
	ocr_name,
	rx,
	set_field,
	value_after,
)

BUYER = r"client|acheteur|customer|buyer"
LEGAL_FORMS = r"\b(sarl|s\.a\.r\.l|sa|sas|snc|sarl au|ste|societe|ets|etablissements)\b"
HT = r"(?:total|montant|net|sous[- ]total)\s*(?:h\.?\s?t\.?|hors\s+taxes?)(?![a-z])"
TTC = r"(?:total|montant|net)\s*(?:a payer\s*)?(?:t\.?\s?t\.?\s?c\.?)(?![a-z])|toutes taxes comprises|net a payer"
TVA = r"(?<![a-z])t\.?\s?v\.?\s?a\.?(?![a-z])"
NUMBER = r"(?:facture|fact\.)?\s*(?:n\s?[°º*o]|no\.|numero|num\.)\s*[:.]?"


def _ids(lines: list[Line], out: InvoiceFields) -> None:
	for ln in lines:
		for m in rx(
			r"\bi\.?c\.?e\b\s*(client|du client|acheteur|customer|buyer)?\s*(?:n\s?[°º]|no\.?)?\s*[:.\-]?\s*"
		).finditer(ln.key):
			raw = clean_digits(ln.after(m.end()))
			digits = re.match(r"[\d ]{15,21}", raw)
			if not digits:
				continue
			ice = re.sub(r"\D", "", digits.group(0))[:15]
			if len(ice) != 15:
				continue
			customer = bool(m.group(1)) or bool(rx(BUYER).search(ln.key[max(0, m.start() - 12) : m.start()]))
			name = "customer_ice" if customer else "ice"
			if not getattr(out, name).present:
				setattr(out, name, field(ice, STRONG, ln))
	for name, pattern, size in (
		(
			"tax_id",
			r"(?<![a-z])(?:i\.?f\.?|identifiant fiscal|id\.? fiscal)(?![a-z])\s*(?:n\s?[°º])?\s*[:.\-]?\s*",
			(6, 10),
		),
		(
			"rc",
			r"(?<![a-z])(?:r\.?c\.?|registre (?:du )?commerce)(?![a-z])\s*(?:n\s?[°º])?\s*[:.\-]?\s*",
			(3, 8),
		),
		(
			"patente",
			r"(?<![a-z])(?:patente|t\.?p\.?|taxe professionnelle)(?![a-z])\s*(?:n\s?[°º])?\s*[:.\-]?\s*",
			(6, 10),
		),
	):
		for i, m in find_lines(lines, pattern):
			raw = clean_digits(lines[i].after(m.end()))
			d = re.match(rf"(\d{{{size[0]},{size[1]}}})(?!\d)", raw)
			if d:
				setattr(out, name, field(d.group(1), STRONG, lines[i]))
				break
	if not out.tax_id.present:
		# Legal footer "ICE : … - IF : … - RC : …" with the IF label misread: take the number
		# that sits between the ICE and the RC.
		for ln in lines:
			m = rx(r"\bi\.?c\.?e\b.*?\d{15}(.*?)\br\.?c\b").search(ln.key)
			if m:
				d = re.search(
					r"(?<!\d)(\d{6,10})(?!\d)",
					clean_digits(ln.text[ln.text_from_key(m.start(1)) : ln.text_from_key(m.end(1))]),
				)
				if d:
					out.tax_id = field(d.group(1), WEAK, ln)
					break


TITLE = r"^(?:facture|invoice|note d.honoraires?|note de frais|avis|devis|bon|quittance|memoire)\b"


def _supplier(lines: list[Line], out: InvoiceFields) -> None:
	"""The supplier: among the first lines of page 1, the cell printed largest that is neither a
	title ("FACTURE"), a label, an address nor a logo's initials (issue 15: the block may sit
	left or right, under a logo)."""
	page1 = [ln for ln in lines if ln.page == 1][:8]
	best = None
	for order, ln in enumerate(page1):
		for cell in ln.text.split(GAP):
			# a logo's frame read as "|" and its initials stuck to the name: the longest part
			cell = max(re.split(r"\s*[|¦]\s*", cell.strip()), key=len)
			cell = re.sub(r"^(?:\S{0,2}[^\sA-Za-z0-9&'.\-]\S{0,2}\s+)+(?=\S{3})", "", cell).strip()
			key = fold(cell)
			if (
				len(cell) < 4
				or rx(TITLE).search(key)
				or rx(r"^(designation|description|libelle|qte|quantite|montant|total|prix)\b").search(key)
				or rx(r"^(date|n\s?[°º]|tel|fax|client|page|ice|if|rc|email|e-mail|www)\b").search(key)
				or rx(ADDRESS).search(key)
				or re.match(r"\d", cell)
				or re.search(r":\s*\S*\d", cell)  # "label : value", not a name
				or not re.search(r"[A-Za-z]{2}", cell)
			):
				continue
			words = [w for w in ln.words if w.text in cell.split()]
			size = max((w.height for w in words), default=0)
			rank = (size + (2 if rx(LEGAL_FORMS).search(key) else 0), -order)
			if best is None or rank > best[0]:
				best = (rank, cell, key, ln)
	if best is None:
		return
	_rank, cell, key, ln = best
	conf = 0.85 if rx(LEGAL_FORMS).search(key) or cell.isupper() else WEAK
	# The legal footer usually repeats the name: agreement raises the confidence.
	if any(other is not ln and fold(other.text).startswith(key[:12]) for other in lines[-8:]):
		conf = STRONG
	out.supplier_name = field(ocr_name(cell), conf, ln)


ADDRESS = (
	r"\b(rue|bd|boulevard|av|avenue|lot|lotissement|imm|immeuble|quartier|angle|route|zone|appt|etage|bp)\b"
)


def looks_like_number(token: str) -> bool:
	"""What a document number looks like, whatever its label: 2 to 30 characters of letters,
	digits and - / . _, at least two digits, and not a date, an amount, an ICE or a phone."""
	t = token.rstrip(".-/")
	if not 2 <= len(t) <= 30 or sum(c.isdigit() for c in t) < 2:
		return False
	if re.fullmatch(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}", t):
		return False
	if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})*,\d{2}|\d+[.,]\d{2}", t):
		return False
	if re.fullmatch(r"\d{15,}|0[5-8]\d{8}", t):
		return False
	return True


def _number_and_dates(lines: list[Line], out: InvoiceFields) -> None:
	hits = []
	for i, m in find_lines(lines, NUMBER):
		ln = lines[i]
		before = ln.key[: m.start()]
		if "client" in before or rx(
			r"\b(ice|if|rc|cnss|patente|tel|compte|police|contrat|commande|bon|bl)\b"
		).search(before[-12:]):
			continue
		if rx(ADDRESS).search(before[-20:]):
			continue
		rank = 0 if "fact" in ln.key[: m.end()] else 1 if not before.strip() else 2
		hits.append((rank, i, m))
	for rank, i, m in sorted(hits, key=lambda h: (h[0], h[1])):
		ln = lines[i]
		tm = re.match(r"\s*[:.#]?\s*([A-Za-z0-9][\w/\-.]*)", ln.after(m.end()))
		if tm and looks_like_number(tm.group(1)):
			value = tm.group(1).rstrip(".-/")
			out.invoice_number = field(value, STRONG if rank < 2 else WEAK, ln)
			after = ln.after(m.end())[tm.end() :]
			d = rx(r"^\s*(?:du|le|en date du)\s").search(after.lower())
			if d and not out.invoice_date.present:
				found = first_date(after)
				if found:
					out.invoice_date = field(found, STRONG, ln)
			break
	if not out.invoice_date.present:
		found = value_after(
			lines,
			r"(?<![a-z])date(?: de (?:la )?facture| facture| d.emission)?\s*[:.]?(?!\s*(?:d.echeance|limite|de paiement|valeur|d.effet))",
			first_date,
		)
		if found:
			set_field(out, "invoice_date", found)
	found = value_after(lines, r"echeance|date limite|a regler avant|payable (?:le|avant)", first_date)
	if found:
		set_field(out, "due_date", found)


def _totals(lines: list[Line], out: InvoiceFields) -> None:
	for name, pattern in (("total_ht", HT), ("total_ttc", TTC)):
		found = value_after(lines, pattern, first_amount, below=False, last=True) or value_after(
			lines, pattern, first_amount, last=True
		)
		if found:
			set_field(out, name, found)
	taxes = []
	for i, m in find_lines(lines, TVA):
		ln = lines[i]
		if (
			rx(r"\b(ice|identifiant|n°\s*tva|assujetti|exonere)\b").search(ln.key)
			or rx(TTC).search(ln.key)
			or rx(HT).search(ln.key)
		):
			continue
		after = ln.after(m.end())
		rate = parse_rate(after)
		amounts = [a for a, s, e in find_amounts(after) if not re.match(r"\s*%", after[e : e + 3])]
		if not amounts:
			continue
		if rate is not None and len(amounts) >= 2:
			taxes.append((TaxLine(rate=rate, base=amounts[-2], amount=amounts[-1]), ln))
		else:
			taxes.append((TaxLine(rate=rate, amount=amounts[-1]), ln))
	total_line = [t for t in taxes if rx(r"total\s*t\.?v\.?a").search(t[1].key)]
	rated = [t for t in taxes if t[0].rate is not None and t not in total_line]
	if rated:
		out.taxes = [t for t, _ in rated]
		out.total_tva = field(
			sum(t.amount for t in out.taxes), STRONG, min((ln for _, ln in rated), key=lambda x: x.conf)
		)
	elif total_line or taxes:
		t, ln = (total_line or taxes)[-1]
		out.total_tva = field(t.amount, WEAK, ln)
		# a TVA row without its rate says nothing the TVA total does not: not listed as a rate row
		out.taxes = [t] if t.rate is not None else []
	if total_line and rated:
		declared = total_line[-1][0].amount
		if declared != out.total_tva.value:
			out.total_tva = field(declared, WEAK, total_line[-1][1])


def _table_header(lines: list[Line], columns: str) -> int | None:
	"""Index of the lines table's header: a designation column and one matching `columns`."""
	for i, _m in find_lines(lines, r"designation|description|libelle|prestation"):
		if rx(columns).search(lines[i].key):
			return i
	return None


def _lines(lines: list[Line], out: InvoiceFields) -> None:
	header = _table_header(lines, r"montant|total|prix|p\.?\s?u|amount|unit price|qty")
	if header is None:
		return
	for ln in lines[header + 1 :]:
		if rx(HT + "|" + TTC + "|" + TVA + r"|arrete|total").search(ln.key):
			break
		cells = [c.strip() for c in ln.text.split(GAP) if c.strip()]
		if len(cells) < 2:
			continue
		amount = parse_amount(cells[-1]) if re.search(r"\d[.,]\d{2}\s*$", cells[-1]) else None
		if amount is None:
			continue
		desc_cells, nums = [], []
		for c in cells[:-1]:
			if re.fullmatch(r"[\d\s.,]+", c) and not nums and desc_cells:
				nums.append(c)
			elif nums or re.fullmatch(r"[\d\s.,%]+", c):
				nums.append(c)
			else:
				desc_cells.append(c)
		qty = price = None
		raw = [c for c in nums if "%" not in c and parse_amount(c) is not None]
		values = [parse_amount(c) for c in raw]
		if len(values) >= 2:
			qty, price = values[0], values[1]
		elif len(values) == 1:
			# One number besides the amount (a column lost by the OCR): a price has decimals.
			v = values[0]
			if re.search(r"[.,]\d{2}$", raw[0]) and v:
				price, q = v, amount / v
				qty = Decimal(int(q)) if q == q.to_integral_value() else None
			else:
				qty = v
				price = (amount / v).quantize(Decimal("0.01")) if v and (amount / v) * v == amount else None
		conf = (
			STRONG
			if qty is not None and price is not None and abs(qty * price - amount) <= Decimal("0.02")
			else WEAK
		)
		conf = min(conf, 0.5 + 0.5 * ln.conf)
		out.lines.append(
			InvoiceLine(
				description=" ".join(desc_cells),
				quantity=qty,
				unit_price=price,
				amount=amount,
				confidence=round(conf, 3),
			)
		)


def _customer(lines: list[Line], out: InvoiceFields) -> None:
	"""The billed party: the lines under "Client :" (or beside it), up to its ICE or address."""
	for i, m in find_lines(
		lines, r"^(?:client|doit|facture a|adresse de facturation|bill to|billed to|sold to|customer)\s*:?"
	):
		ln = lines[i]
		parts = [ln.after(m.end()).split(GAP)[0].strip()] if ln.after(m.end()).strip() else []
		for nxt in lines[i + 1 : i + 4]:
			if nxt.page != ln.page or rx(
				r"\b(ice|i\.c\.e|if|tel|designation|description|libelle|qty|qte|adresse|n\s?[°º])\b"
			).search(nxt.key):
				break
			parts.append(nxt.text.split(GAP)[0].strip())
		name = " ".join(p for p in parts if p)
		if len(name) >= 3:
			out.customer_name = field(ocr_name(name), WEAK if len(parts) > 1 else STRONG, ln)
			return


def extract(lines: list[Line]) -> InvoiceFields:
	out = InvoiceFields()
	_supplier(lines, out)
	_customer(lines, out)
	_ids(lines, out)
	_number_and_dates(lines, out)
	_totals(lines, out)
	_lines(lines, out)
	if any(rx(r"\b(mad|dhs?|dirhams?)\b|درهم").search(ln.key) for ln in lines):
		out.currency = field("MAD", STRONG)
	elif any(rx(r"\beur\b|€").search(ln.key) for ln in lines):
		out.currency = field("EUR", WEAK)
	_fix_lines(out)
	_line_rate_bases(lines, out)
	_positional(lines, out)
	_ice_by_type(lines, out)
	_reconcile(out)
	_arith_totals(lines, out)
	_confirm_lines(out)
	return out


def _confirm_lines(out: InvoiceFields) -> None:
	"""Lines that add up exactly to a total HT read independently are confirmed by it."""
	ht = out.total_ht.value if out.total_ht.present else None
	if ht is None or not out.lines or any(ln.amount is None for ln in out.lines):
		return
	if sum(ln.amount for ln in out.lines) == ht and out.total_ht.confidence >= 0.9:
		for ln in out.lines:
			ln.confidence = max(ln.confidence, 0.9)


def _rate_tax(base: Decimal, rate: Decimal) -> Decimal:
	return (base * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _reconcile(out: InvoiceFields) -> None:
	"""Make HT + TVA = TTC hold when one printed total was misread or is missing.

	Independent sources vote: the printed totals, the sum of the lines, TVA recomputed from the
	rates (per line when lines carry a rate, else on HT). The combination that adds up with the
	most votes wins; a field changed that way keeps the printed value as `alternative` and a
	lower confidence, so the reviewer sees it.
	"""
	ocr = {
		n: getattr(out, n).value if getattr(out, n).present else None
		for n in ("total_ht", "total_tva", "total_ttc")
	}
	lines_sum = (
		sum(ln.amount for ln in out.lines)
		if out.lines and all(ln.amount is not None for ln in out.lines)
		else None
	)
	rates = [t.rate for t in out.taxes if t.rate is not None]
	ht_c = {v for v in (ocr["total_ht"], lines_sum) if v is not None}
	if ocr["total_ttc"] is not None and ocr["total_tva"] is not None:
		ht_c.add(ocr["total_ttc"] - ocr["total_tva"])
	best = None
	for ht in ht_c:
		tva_c = {v for v in (ocr["total_tva"],) if v is not None}
		computed = None
		if len(rates) == 1:
			computed = _rate_tax(ht, rates[0])
		elif len(rates) > 1 and len(out.taxes) == len(rates) and all(t.base is not None for t in out.taxes):
			computed = sum(_rate_tax(t.base, t.rate) for t in out.taxes)
		if computed is not None:
			tva_c.add(computed)
		if ocr["total_ttc"] is not None:
			tva_c.add(ocr["total_ttc"] - ht)
		for tva in tva_c:
			ttc_c = {v for v in (ocr["total_ttc"], ht + tva) if v is not None}
			for ttc in ttc_c:
				if ht + tva != ttc or ht <= 0 or tva < 0:
					continue
				votes = (
					(ht == ocr["total_ht"])
					+ (ht == lines_sum)
					+ (tva == ocr["total_tva"])
					+ (tva == computed)
					+ (ttc == ocr["total_ttc"])
				)
				if best is None or votes > best[0]:
					best = (votes, ht, tva, ttc)
	if best is None or best[0] < 2:
		return
	_, ht, tva, ttc = best
	for name, value in (("total_ht", ht), ("total_tva", tva), ("total_ttc", ttc)):
		current = getattr(out, name)
		if current.present and current.value == value:
			continue
		f = field(value, 0.7 if best[0] >= 3 else 0.6)
		f.alternative = current.value if current.present else None
		setattr(out, name, f)
	if len(out.taxes) == 1 and out.taxes[0].amount != tva:
		out.taxes[0].amount = tva
	elif (
		len(out.taxes) > 1
		and sum(t.amount for t in out.taxes) != tva
		and all(t.base is not None and t.rate is not None for t in out.taxes)
	):
		for t in out.taxes:
			t.amount = _rate_tax(t.base, t.rate)


def _fix_lines(out: InvoiceFields) -> None:
	"""quantity × unit price = amount: a misread quantity is recomputed when the division is exact."""
	for ln in out.lines:
		if ln.quantity is None or ln.unit_price is None or ln.amount is None or ln.unit_price == 0:
			continue
		if abs(ln.quantity * ln.unit_price - ln.amount) <= Decimal("0.02"):
			continue
		q = ln.amount / ln.unit_price
		if q == q.to_integral_value() and q > 0:
			ln.quantity = Decimal(int(q))
			ln.confidence = min(ln.confidence, 0.7)


def _line_rate_bases(lines: list[Line], out: InvoiceFields) -> None:
	"""When lines carry their TVA rate, the base of each tax row is the sum of its lines."""
	if len(out.taxes) < 2 or any(t.base is not None for t in out.taxes):
		return
	header = _table_header(lines, r"\btva\b")
	if header is None:
		return
	bases: dict[Decimal, Decimal] = {}
	k = 0
	for ln in lines[header + 1 :]:
		if k >= len(out.lines):
			break
		rate = parse_rate(ln.text)
		amounts = find_amounts(ln.text)
		if rate is None or not amounts or amounts[-1][0] != out.lines[k].amount:
			continue
		bases[rate] = bases.get(rate, Decimal(0)) + out.lines[k].amount
		k += 1
	if k == len(out.lines) and set(bases) == {t.rate for t in out.taxes}:
		for t in out.taxes:
			t.base = bases[t.rate]


# --- label-agnostic search (keyvalue): labels built from parts, values by type -------------------

DOC_NOUN = (
	r"(?:facture|fact\.?|invoice|note d.honoraires?|note de frais|avis d.(?:echeance|appel)|quittance"
	r"|memoire|bill|فاتوره|الفاتوره)"
)
MARK = r"(?:n\s?[°º*o]\.?|no\.?|num(?:ero|\.)?|#|number|nr\.?|ref(?:erence)?\.?|رقم)"
NUMBER_LABEL = (
	rf"(?<![a-z]){DOC_NOUN}\s*(?:de\s+)?{MARK}(?![a-z])"
	rf"|(?<![a-z]){MARK}\s*(?:de\s+(?:la\s+)?|d.)?{DOC_NOUN}(?![a-z])"
	r"|(?:^|(?<=   ))(?:n\s?[°º]|numero)\s*[:.]?(?=\s*(?:   |$))"  # a cell holding only "N°"
)
NOT_ISSUE = (
	r"echeance|limite|paiement|valeur|effet|due|payment|payable|regle|regler|avant|livraison|commande"
	r"|استحقاق|الاداء"
)
DATE_LABEL = r"(?<![a-z])(?:date|dated|issued on|issue date|invoice date|du|le|تاريخ|بتاريخ)(?![a-z])"
DUE_LABEL = (
	r"echeance|date limite|a regler (?:avant|le)|payable (?:le|avant|au plus tard)|due date|payment due"
	r"|pay by|date de paiement|الاستحقاق|اجل الاداء"
)
NOT_NUMBER_BEFORE = r"\b(client|ice|if|rc|cnss|patente|tel|compte|police|contrat|commande|bon|bl|devis)\b"


def _number_token(text: str) -> str | None:
	m = re.match(r"\s*[:.#\-]?\s*([A-Za-z0-9][\w/\-.]*)", text)
	if m and looks_like_number(m.group(1)):
		return m.group(1).rstrip(".-/")
	return None


def _skip_number(cell, m: re.Match) -> bool:
	return bool(rx(NOT_NUMBER_BEFORE).search(cell.line.key[max(cell.start, m.start() - 14) : m.start()]))


def _skip_issue_date(cell, m: re.Match) -> bool:
	# the cell of the label speaks of another date (due, payment, delivery)
	return bool(rx(NOT_ISSUE).search(cell.key))


def _positional(lines: list[Line], out: InvoiceFields) -> None:
	"""Fields the label rules missed, from the positional search; a value only when the
	candidates agree (precision first: a wrong value is worse than an empty one)."""
	if not out.invoice_number.present:
		got = keyvalue.candidates(lines, NUMBER_LABEL, _number_token, _skip_number)
		_take(out, "invoice_number", got)
	if not out.due_date.present:
		got = keyvalue.candidates(lines, DUE_LABEL, first_date)
		_take(out, "due_date", got)
	if not out.invoice_date.present:
		got = keyvalue.candidates(lines, DATE_LABEL, first_date, _skip_issue_date)
		if out.due_date.present:
			got = [c for c in got if c.value != out.due_date.value]
		_take(out, "invoice_date", got)


def _take(out, name: str, got: list) -> None:
	if not got:
		return
	best = got[0].score
	values = {c.value for c in got if c.score >= best}
	if len(values) != 1:
		return  # two values equally placed: leave it to the reviewer
	c = got[0]
	setattr(out, name, field(c.value, 0.95 if c.score >= 0.95 else 0.85, c.line))


def _ice_by_type(lines: list[Line], out: InvoiceFields) -> None:
	"""An ICE is 15 digits: when no label gave the supplier's, the one 15-digit number of the page
	that is not the buyer's (and not inside a RIB) is taken, at a confidence that asks a look."""
	if out.ice.present:
		return
	found = set()
	for ln in lines:
		if rx(BUYER).search(ln.key):
			continue
		for m in re.finditer(r"(?<![\d ])(\d{15})(?![\d])", clean_digits(ln.text)):
			found.add((m.group(1), id(ln)))
	values = {v for v, _ in found} - ({out.customer_ice.value} if out.customer_ice.present else set())
	if len(values) == 1:
		value = values.pop()
		ln = next(ln for ln in lines if value in clean_digits(ln.text))
		out.ice = field(value, 0.85, ln)


TOTAL_WORD = r"total|montant|net|somme|subtotal|sous[- ]total|amount|المجموع|مجموع"
TAX_WORD = r"(?<![a-z])(?:t\.?v\.?a|vat|taxe|tax)(?![a-z])|الضريبه"


def _arith_totals(lines: list[Line], out: InvoiceFields) -> None:
	"""HT, TVA and TTC chosen by the arithmetic when the labels did not give three totals that add
	up: the amounts ending the lines that carry a total or a tax word (never a unit-price column:
	only a line's last amount, never an item row's) are searched for HT + TVA = TTC with TVA at a
	Moroccan rate of HT (or the sum of the printed rate rows); the largest such TTC wins."""
	ht, tva, ttc = (
		getattr(out, n).value if getattr(out, n).present else None
		for n in ("total_ht", "total_tva", "total_ttc")
	)
	if ht is not None and tva is not None and ttc is not None and ht + tva == ttc:
		return
	from .structure import RATES, item_rows

	totals, taxes = [], []
	for ln in lines:
		amounts = find_amounts(ln.text)
		if not amounts or item_rows([ln]):
			continue
		last = amounts[-1][0]
		label = ln.key[: ln.key.rfind(GAP)] if GAP in ln.key else ln.key
		if rx(TAX_WORD).search(label) and not rx(r"\bi\.?c\.?e\b|identifiant").search(label):
			taxes.append((last, ln))
		if rx(TOTAL_WORD).search(label):
			totals.append((last, ln))
	tax_sum = sum(a for a, _ in taxes) if len(taxes) > 1 else None
	best = None
	for a, la in totals:
		for c, lc in totals:
			if c <= a:
				continue
			b = c - a
			tax_lines = [lt for v, lt in taxes if v == b]
			at_rate = any(abs((a * r / 100).quantize(CENT) - b) <= CENT for r in RATES)
			if not (tax_lines or b == tax_sum) or not (at_rate or b == tax_sum):
				continue
			if best is None or c > best[2]:
				best = (a, b, c, la, tax_lines[0] if tax_lines else lc, lc)
	if best is None:
		return
	a, b, c, la, lb, lc = best
	for name, value, ln in (("total_ht", a, la), ("total_tva", b, lb), ("total_ttc", c, lc)):
		cur = getattr(out, name)
		if cur.present and cur.value == value:
			continue
		f = field(value, 0.85, ln)
		f.alternative = cur.value if cur.present else None
		setattr(out, name, f)
	if not out.taxes or sum(t.amount for t in out.taxes if t.amount is not None) != b:
		rate = next((r for r in RATES if abs((a * r / 100).quantize(CENT) - b) <= CENT), None)
		rows = [v for v, ln in taxes if not any(ln is lt for _v, lt in totals)]
		if rate is not None and len(rows) <= 1:
			out.taxes = [TaxLine(rate=rate, base=a, amount=b)]
