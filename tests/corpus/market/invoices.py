"""Procedural supplier invoices in layout families, the way the market prints them.

Each family fixes a layout (where the labels sit relative to their values, where the supplier
block is, how the totals are printed); inside a family the rest is drawn at random: wordings
from the family's lexicon part, number and date shapes, amount styles, borders, logo, stamp.
The families are split in code: TUNING_FAMILIES for writing rules, HELDOUT_FAMILIES for the
figure reported (issue 15).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..draw import Doc, H, fmt_amount
from .lexicon import HELDOUT, TUNING

C = Decimal("0.01")
TRADES = [
	("ASCENSEURS", "Entretien préventif ascenseur - {m}", (900, 2400)),
	("NETTOYAGE", "Nettoyage des parties communes - {m}", (2500, 6500)),
	("GARDIENNAGE", "Gardiennage 24h/24 - {m}", (7000, 15000)),
	("JARDINS", "Entretien espaces verts - {m}", (700, 2600)),
	("PLOMBERIE", "Remplacement vanne colonne montante", (400, 1900)),
	("ELECTRICITE", "Remplacement minuterie cage d'escalier", (300, 1500)),
	("ASSURANCES", "Prime multirisque immeuble - {m}", (1500, 9000)),
	("SYNDIC CONSEIL", "Honoraires de gestion - {m}", (1500, 5000)),
]
EXTRA = [
	("Fourniture lampes LED 18W", (4, 30), (25, 70)),
	("Main d'oeuvre technicien (heure)", (2, 10), (120, 260)),
	("Produits d'entretien (lot)", (1, 5), (150, 420)),
	("Déplacement", 1, (100, 300)),
]
FORMS = ["SARL", "SARL AU", "SA", "S.A.R.L", "& FILS"]
NAMES = [
	"ATLAS",
	"AL AMAL",
	"NOUR",
	"ANFA",
	"SOUSS",
	"RIF",
	"OASIS",
	"ZAHRA",
	"MAGHREB",
	"SAFI",
]
CITIES = [
	"Casablanca",
	"Rabat",
	"Marrakech",
	"Tanger",
	"Fès",
	"Agadir",
	"Kénitra",
	"Oujda",
]
MONTHS = [
	"janvier",
	"février",
	"mars",
	"avril",
	"mai",
	"juin",
	"juillet",
	"août",
	"septembre",
	"octobre",
	"novembre",
	"décembre",
]
RATES = [Decimal(20), Decimal(10), Decimal(14), Decimal(7)]

TUNING_FAMILIES = ("classic", "boxed", "right_supplier", "discount", "english")
HELDOUT_FAMILIES = (
	"table_totals",
	"multi_rate_stamp",
	"two_pages",
	"arabic_first",
	"fee_note",
)


def _digits(rng, n):
	return "".join(str(rng.randint(0, 9)) for _ in range(n))


def lexicon(family: str) -> dict:
	return HELDOUT if family in HELDOUT_FAMILIES else TUNING


def make(rng, family: str) -> dict:
	lex = lexicon(family)
	trade, service, price = rng.choice(TRADES[:-1] if family != "fee_note" else TRADES[-1:])
	name = f"{trade} {rng.choice(NAMES)} {rng.choice(FORMS)}"
	d = date(2025, 1, 1) + timedelta(days=rng.randint(0, 640))
	month = MONTHS[d.month - 1]
	n_lines = rng.randint(14, 22) if family == "two_pages" else rng.randint(1, 5)
	items = [(service.format(m=month), 1, price)] + [rng.choice(EXTRA) for _ in range(n_lines - 1)]
	multi = family == "multi_rate_stamp"
	lines = []
	for desc, qty, pr in items:
		q = Decimal(qty if isinstance(qty, int) else rng.randint(*qty))
		pu = Decimal(rng.randint(pr[0] * 100, pr[1] * 100)) / 100
		rate = rng.choice(RATES) if multi else Decimal(20)
		lines.append(
			{
				"description": desc,
				"quantity": q,
				"unit_price": pu,
				"amount": (q * pu).quantize(C),
				"rate": rate,
			}
		)
	if multi and len({ln["rate"] for ln in lines}) < 2:
		lines.append({**lines[0], "description": "Fourniture pièces", "rate": Decimal(10)})
	gross = sum(ln["amount"] for ln in lines)
	discount = (
		(gross * Decimal(rng.choice([3, 5, 10])) / 100).quantize(C, ROUND_HALF_UP)
		if family == "discount"
		else Decimal(0)
	)
	ht = gross - discount
	bases: dict = {}
	for ln in lines:
		bases[ln["rate"]] = bases.get(ln["rate"], Decimal(0)) + ln["amount"]
	if discount:
		bases = {Decimal(20): ht}
	taxes = [(r, b, (b * r / 100).quantize(C, ROUND_HALF_UP)) for r, b in sorted(bases.items(), reverse=True)]
	tva = sum(t[2] for t in taxes)
	ttc = ht + tva
	stamp = (ttc * Decimal("0.0025")).quantize(C, ROUND_HALF_UP) if multi else Decimal(0)
	number = rng.choice(
		[
			f"F{d.year}-{rng.randint(1, 999):04d}",
			f"{rng.randint(1, 999)}/{d.year}",
			f"FA{d.strftime('%y%m')}{rng.randint(10, 99)}",
			f"FAC-{d.strftime('%y')}-{rng.randint(100, 999)}",
			f"{d.year}{rng.randint(10000, 99999)}",
			f"NH-{rng.randint(10, 99)}/{d.strftime('%y')}",
		]
	)
	due = d + timedelta(days=rng.choice([15, 30, 30, 45, 60])) if rng.random() < 0.75 else None
	return {
		"class": "supplier_invoice",
		"family": family,
		"supplier_name": name,
		"address": f"{rng.randint(1, 200)}, {rng.choice(['Bd', 'Rue', 'Avenue'])} {rng.choice(NAMES).title()}, {rng.choice(CITIES)}",
		"ice": "00" + _digits(rng, 13),
		"tax_id": _digits(rng, 8),
		"rc": str(rng.randint(10000, 599999)),
		"patente": _digits(rng, 8),
		"customer_name": f"Syndicat Résidence {rng.choice(['Les Jasmins', 'Al Andalous', 'Riad Salam', 'Yasmine'])}",
		"customer_ice": "00" + _digits(rng, 13)
		if family in ("right_supplier", "multi_rate_stamp") or rng.random() < 0.3
		else None,
		"invoice_number": number,
		"invoice_date": d.isoformat(),
		"due_date": due.isoformat() if due else None,
		"total_ht": str(ht),
		"total_tva": str(tva),
		"total_ttc": str(ttc),
		"currency": "MAD",
		"_lines": [{k: str(v) for k, v in ln.items()} for ln in lines],
		"_gross": str(gross),
		"_discount": str(discount),
		"_taxes": [[str(x) for x in t] for t in taxes],
		"_stamp": str(stamp),
		"_labels": {k: rng.choice(v) for k, v in lex.items()},
		"_amount_style": rng.choice(["fr", "fr", "dot", "frdot"]),
		"_date_style": rng.choice(["%d/%m/%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]),
		"_borders": rng.random() < 0.6,
		"_logo": rng.random() < 0.5,
		"_stamp_mark": rng.random() < 0.5,
	}


class _Draw:
	def __init__(self, t: dict, path):
		self.t, self.doc = t, Doc(path)
		self.lab = t["_labels"]
		self.ar = t["family"] == "arabic_first"
		self.en = t["family"] == "english"

	def amt(self, v) -> str:
		return fmt_amount(Decimal(v), self.t["_amount_style"])

	def date(self, iso: str) -> str:
		return date.fromisoformat(iso).strftime(self.t["_date_style"])

	def L(self, key: str) -> str:
		prefix = "ar_" if self.ar else "en_" if self.en else ""
		return self.lab.get(prefix + key) or self.lab[key]

	def label(self, x, y, s, size=9, bold=False) -> float:
		"""Draw a label (an Arabic-first one as shaped Arabic then its French); its right end."""
		if " / " in s and any("\u0600" <= c <= "\u06ff" for c in s):
			ar, fr = s.split(" / ", 1)
			w = stringWidth(ar, "Helvetica", size) * 1.1
			self.doc.arabic(x + w, y, ar, size)
			x = x + w + 4
			s = "/ " + fr
		self.doc.text(x, y, s, size, bold)
		return x + stringWidth(s, "Helvetica-Bold" if bold else "Helvetica", size)

	def pair(self, x, y, key_label, value, style, size=9):
		if style == "inline":
			end = self.label(x, y, key_label + " :", size)
			self.doc.text(end + 5, y, value, size, bold=True)
		elif style == "column":
			self.label(x, y, key_label, size)
			self.doc.text(x + 150, y, value, size, bold=True)


def draw(t: dict, path) -> None:
	g = _Draw(t, path)
	doc, fam = g.doc, t["family"]
	right = fam == "right_supplier"
	sx = 330 if right else 40
	if t["_logo"]:
		doc.rect(sx, 28, 40, 30)
		doc.text(sx + 20, 47, t["supplier_name"][:2], 12, bold=True, align="center")
		sx += 48
	doc.text(sx, 45, t["supplier_name"], 13, bold=True)
	doc.text(sx, 60, t["address"], 8)
	doc.text(
		sx,
		72,
		f"Tél : 05 22 {t['tax_id'][:2]} {t['tax_id'][2:4]} {t['tax_id'][4:6]}",
		8,
	)
	title = {"english": "INVOICE", "fee_note": "NOTE D'HONORAIRES"}.get(fam, "FACTURE")
	doc.text(297, 105, title, 16, bold=True, align="center")
	# meta: number, date, due
	meta = [("number", t["invoice_number"]), ("date", g.date(t["invoice_date"]))]
	if t["due_date"]:
		meta.append(("due", g.date(t["due_date"])))
	if fam == "boxed":
		x = 40
		for key, value in meta:
			doc.rect(x, 120, 150, 34) if t["_borders"] else None
			g.label(x + 5, 132, g.L(key), 8)
			doc.text(x + 5, 147, value, 10, bold=True)
			x += 160
		y = 175
	else:
		mx = 40 if right else 330
		style = "column" if fam in ("right_supplier", "english", "arabic_first") else "inline"
		if style == "column" and not right:
			mx = 300
		y = 128
		for key, value in meta:
			g.pair(mx, y, g.L(key), value, style, 9)
			y += 15
		y = max(y, 175)
	# customer: left under a right-hand supplier, else right
	cx, cy = (40 if right else 330), y
	doc.text(cx, cy, "Client :" if not g.en else "Bill to:", 9, bold=True)
	doc.text(cx, cy + 12, t["customer_name"], 8)
	if t["customer_ice"]:
		doc.text(
			cx,
			cy + 24,
			f"{g.L('customer_ice') if not g.en else 'Customer ICE'} : {t['customer_ice']}",
			8,
		)
	y = cy + 50
	_items(g, y)
	g.doc.save()


def _items(g: _Draw, y: float) -> None:
	t, doc, fam = g.t, g.doc, g.t["family"]
	heads = (
		("Description", "Qty", "Unit price", "Amount")
		if g.en
		else ("Désignation", "Qté", "P.U. HT", "Montant HT")
	)
	cols = (40, 330, 430, 555)

	def header(y):
		if t["_borders"]:
			doc.rect(35, y - 12, 525, 18, fill=True)
		for x, h in zip(cols, heads, strict=True):
			doc.text(x, y, h, 9, bold=True, align="left" if x == 40 else "right")
		return y + 20

	y = header(y)
	carried = Decimal(0)
	for i, ln in enumerate(t["_lines"]):
		if fam == "two_pages" and y > H - 110:
			doc.text(430, y + 4, "A reporter", 9, bold=True, align="right")
			doc.text(555, y + 4, g.amt(carried), 9, bold=True, align="right")
			_footer(g)
			doc.page()
			y = header(60)
			doc.text(430, y, "Report", 9, bold=True, align="right")
			doc.text(555, y, g.amt(carried), 9, bold=True, align="right")
			y += 18
		doc.text(40, y, ln["description"][:52], 9)
		doc.text(330, y, ln["quantity"], 9, align="right")
		doc.text(430, y, g.amt(ln["unit_price"]), 9, align="right")
		doc.text(555, y, g.amt(ln["amount"]), 9, align="right")
		carried += Decimal(ln["amount"])
		y += 17
		if i == len(t["_lines"]) - 1 and t["_borders"]:
			doc.line(35, y - 8, 560, y - 8)
	y += 12
	rows = []
	if Decimal(t["_discount"]):
		rows += [("Total brut", t["_gross"]), ("Remise", "-" + t["_discount"])]
	rows.append((g.L("ht"), t["total_ht"]))
	taxes = t["_taxes"]
	if fam == "multi_rate_stamp":
		# a rate table: rate | base | TVA, then the TVA total
		doc.text(40, y, "Taux", 8, bold=True)
		doc.text(150, y, "Base HT", 8, bold=True, align="right")
		doc.text(230, y, "TVA", 8, bold=True, align="right")
		for k, (r, b, a) in enumerate(taxes):
			doc.text(40, y + 13 * (k + 1), f"{r} %", 8)
			doc.text(150, y + 13 * (k + 1), g.amt(b), 8, align="right")
			doc.text(230, y + 13 * (k + 1), g.amt(a), 8, align="right")
		rows.append((g.L("tva"), t["total_tva"]))
	else:
		for r, _b, a in taxes:
			lab = g.L("tva")
			rows.append((f"{lab} {r} %" if "/" not in lab else lab, a))
	rows.append((g.L("ttc"), t["total_ttc"]))
	if Decimal(t["_stamp"]):
		rows += [
			("Droit de timbre", t["_stamp"]),
			(g.L("payable"), str(Decimal(t["total_ttc"]) + Decimal(t["_stamp"]))),
		]
	lx = 430 if fam == "table_totals" else 360
	for lab, v in rows:
		if fam == "table_totals":
			g.doc.text(lx, y, lab, 9, bold=True, align="right")
		else:
			g.label(lx, y, lab, 9)
		doc.text(
			555,
			y,
			g.amt(v) + (" DH" if lab == rows[-1][0] else ""),
			9,
			bold=True,
			align="right",
		)
		y += 15
	if t["_stamp_mark"]:
		doc.c.circle(150, H - (y + 40), 32)
		doc.text(150, y + 38, "CACHET", 8, align="center")
		doc.text(150, y + 48, "ET SIGNATURE", 6, align="center")
	_footer(g)


def _footer(g: _Draw) -> None:
	t, doc = g.t, g.doc
	lab = g.lab
	foot = f"{lab['ice']} : {t['ice']}  -  {lab['if']} : {t['tax_id']}  -  {lab['rc']} : {t['rc']}  -  {lab['patente']} : {t['patente']}"
	doc.line(35, 772, 560, 772)
	doc.text(297, 784, foot, 7, align="center")
	doc.text(297, 795, t["supplier_name"] + " - " + t["address"], 6.5, align="center")
