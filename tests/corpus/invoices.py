"""Supplier invoices of the kind a Moroccan syndic receives (nettoyage, ascenseur, gardiennage…)."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .draw import Doc, fmt_amount, fmt_date
from .frwords import amount_words

SUPPLIERS = [
	("ATLAS ASCENSEURS SARL", "45, Bd Zerktouni", "Casablanca"),
	("NETTOYAGE AL AMANE SARL AU", "12, Rue Ibnou Mounir, Maârif", "Casablanca"),
	("SECURITE ANFA GARDIENNAGE", "Angle Bd Anfa et Rue Moulay Rachid", "Casablanca"),
	("JARDINS DE L'OASIS", "Lot. Al Fath, N° 88", "Rabat"),
	("HYGIENE SERVICES MAROC", "Zone Industrielle Sidi Ghanem, Lot 301", "Marrakech"),
	("ELECTRO BATIMENT NORD", "23, Avenue Mohammed V", "Tanger"),
	("PLOMBERIE MODERNE DU SOUSS", "Quartier Dakhla, Imm. 14", "Agadir"),
	("PEINTURE ET DECOR FES", "Route d'Imouzzer, N° 5", "Fès"),
]
SERVICES = [
	("Nettoyage des parties communes - mois de {m}", 1, (2500, 6000)),
	("Entretien préventif ascenseur (contrat) - {m}", 1, (900, 2200)),
	("Gardiennage 24h/24 - 2 agents - {m}", 1, (7000, 14000)),
	("Entretien espaces verts - {m}", 1, (800, 2500)),
	("Désinsectisation et dératisation", 1, (600, 1800)),
	("Fourniture lampes LED 18W", (6, 40), (25, 70)),
	("Remplacement contacteur pompe surpresseur", 1, (450, 1600)),
	("Main d'oeuvre technicien (heures)", (2, 12), (120, 250)),
	("Peinture cage d'escalier (m2)", (20, 90), (35, 60)),
	("Produits d'entretien (lot)", (1, 6), (150, 400)),
	("Remplacement serrure porte hall", 1, (350, 900)),
]
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
RESIDENCES = ["Les Jasmins", "Al Andalous", "Les Orangers", "Riad Salam", "Palmier 2", "Yasmine Anfa"]
C = Decimal("0.01")


def _digits(rng, n):
	return "".join(str(rng.randint(0, 9)) for _ in range(n))


def make(rng, i: int) -> dict:
	name, street, city = SUPPLIERS[i % len(SUPPLIERS)]
	d = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
	month = MONTHS[d.month - 1]
	mixed = rng.random() < 0.3
	lines = []
	for desc, qty, price in rng.sample(SERVICES, rng.randint(1, 4)):
		q = Decimal(qty if isinstance(qty, int) else rng.randint(*qty))
		pu = Decimal(rng.randint(price[0] * 100, price[1] * 100)) / 100
		rate = Decimal(10) if mixed and rng.random() < 0.5 else Decimal(20)
		amount = (q * pu).quantize(C, ROUND_HALF_UP)
		lines.append(
			{
				"description": desc.format(m=month),
				"quantity": str(q),
				"unit_price": str(pu),
				"amount": str(amount),
				"rate": int(rate),
			}
		)
	taxes = {}
	for ln in lines:
		taxes.setdefault(ln["rate"], Decimal(0))
		taxes[ln["rate"]] += Decimal(ln["amount"])
	tax_rows = [
		{"rate": str(r), "base": str(b), "amount": str((b * r / 100).quantize(C, ROUND_HALF_UP))}
		for r, b in sorted(taxes.items(), reverse=True)
	]
	ht = sum(Decimal(ln["amount"]) for ln in lines)
	tva = sum(Decimal(t["amount"]) for t in tax_rows)
	number = rng.choice(
		[
			f"F{d.year}-{rng.randint(1, 999):04d}",
			f"{rng.randint(1, 999)}/{d.year}",
			f"FA{d.strftime('%y%m')}{rng.randint(10, 99)}",
		]
	)
	due = d + timedelta(days=rng.choice([0, 30, 30, 60])) if rng.random() < 0.8 else None
	return {
		"class": "supplier_invoice",
		"template": rng.choice(["A", "B"]),
		"supplier_name": name,
		"address": f"{street}, {city}",
		"city": city,
		"ice": "00" + _digits(rng, 13),
		"tax_id": _digits(rng, 8),
		"rc": str(rng.randint(10000, 599999)),
		"patente": _digits(rng, 8),
		"cnss": _digits(rng, 7),
		"customer_name": f"Syndicat des copropriétaires Résidence {rng.choice(RESIDENCES)}",
		"customer_ice": "00" + _digits(rng, 13),
		"invoice_number": number,
		"invoice_date": d.isoformat(),
		"due_date": due.isoformat() if due else None,
		"total_ht": str(ht),
		"total_tva": str(tva),
		"total_ttc": str(ht + tva),
		"currency": "MAD",
		"taxes": tax_rows,
		"lines": [
			{k: v for k, v in ln.items() if k != "rate"} | {"tva_rate": str(ln["rate"])} for ln in lines
		],
		"style": rng.choice(["fr", "fr", "dot", "frdot"]),
	}


def draw(t: dict, path) -> None:
	doc = Doc(path)
	st = t["style"]
	amt = lambda v: fmt_amount(Decimal(v), st)  # noqa: E731
	d = date.fromisoformat(t["invoice_date"])
	mixed = len(t["taxes"]) > 1
	# Supplier block
	doc.text(40, 50, t["supplier_name"], 14, bold=True)
	doc.text(40, 66, t["address"], 9)
	doc.text(40, 78, "Tél : 05 22 " + t["tax_id"][:2] + " " + t["tax_id"][2:4] + " " + t["tax_id"][4:6], 9)
	if t["template"] == "A":
		doc.text(555, 50, "FACTURE", 18, bold=True, align="right")
		doc.text(400, 80, "N° :", 10)
		doc.text(450, 80, t["invoice_number"], 10, bold=True)
		doc.text(400, 95, "Date :", 10)
		doc.text(450, 95, fmt_date(d), 10)
		if t["due_date"]:
			doc.text(400, 110, "Échéance :", 10)
			doc.text(450, 110, fmt_date(date.fromisoformat(t["due_date"])), 10)
	else:
		doc.text(40, 120, f"Facture N° {t['invoice_number']} du {d.day} {_month(d)} {d.year}", 13, bold=True)
		if t["due_date"]:
			doc.text(40, 136, "Date d'échéance : " + fmt_date(date.fromisoformat(t["due_date"]), "dash"), 9)
	# Customer
	doc.rect(330, 140, 225, 62)
	doc.text(338, 154, "Client :", 9, bold=True)
	cut = t["customer_name"].rfind(" ", 0, 48)
	doc.text(338, 168, t["customer_name"][:cut], 8)
	doc.text(338, 180, t["customer_name"][cut + 1 :], 8)
	doc.text(338, 194, "ICE client : " + t["customer_ice"], 8)
	# Lines
	y = 230
	cols = [(40, "Désignation"), (330, "Qté"), (420, "P.U. HT"), (555, "Montant HT")]
	if mixed:
		cols = [(40, "Désignation"), (300, "Qté"), (375, "P.U. HT"), (420, "TVA"), (555, "Montant HT")]
	doc.rect(35, y - 12, 525, 18, fill=True)
	for x, label in cols:
		doc.text(x, y, label, 9, bold=True, align="left" if x == 40 else "right")
	y += 22
	for ln in t["lines"]:
		doc.text(40, y, ln["description"], 9)
		q = ln["quantity"]
		if mixed:
			doc.text(300, y, q, 9, align="right")
			doc.text(375, y, amt(ln["unit_price"]), 9, align="right")
			doc.text(420, y, ln["tva_rate"] + "%", 9, align="right")
		else:
			doc.text(330, y, q, 9, align="right")
			doc.text(420, y, amt(ln["unit_price"]), 9, align="right")
		doc.text(555, y, amt(ln["amount"]), 9, align="right")
		y += 18
	doc.line(35, y - 6, 560, y - 6)
	y += 20
	ht_label, tva_label, ttc_label = (
		("Total HT", "TVA {r} %", "Total TTC")
		if t["template"] == "A"
		else ("Montant H.T.", "T.V.A. ({r}%)", "Montant T.T.C.")
	)
	doc.text(380, y, ht_label, 10)
	doc.text(555, y, amt(t["total_ht"]), 10, align="right")
	for tax in t["taxes"]:
		y += 16
		doc.text(380, y, tva_label.format(r=tax["rate"]), 10)
		doc.text(555, y, amt(tax["amount"]), 10, align="right")
	y += 18
	doc.rect(375, y - 13, 185, 19)
	doc.text(380, y, ttc_label, 11, bold=True)
	doc.text(555, y, amt(t["total_ttc"]) + (" DH" if st == "fr" else " MAD"), 11, bold=True, align="right")
	y += 40
	words = amount_words(Decimal(t["total_ttc"]))
	doc.text(40, y, "Arrêtée la présente facture à la somme de :", 9)
	doc.text(40, y + 13, words[:95], 9, bold=True)
	if len(words) > 95:
		doc.text(40, y + 26, words[95:], 9, bold=True)
	doc.text(40, y + 50, "Mode de règlement : virement bancaire", 9)
	# Legal footer
	doc.line(35, 770, 560, 770)
	foot = f"ICE : {t['ice']}  -  IF : {t['tax_id']}  -  RC : {t['rc']} {t['city']}  -  Patente : {t['patente']}  -  CNSS : {t['cnss']}"
	doc.text(297, 784, foot, 7.5, align="center")
	doc.text(297, 796, t["supplier_name"] + " - " + t["address"], 7, align="center")
	doc.save()


def _month(d):
	return MONTHS[d.month - 1]
