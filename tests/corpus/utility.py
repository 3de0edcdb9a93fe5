"""Utility bills in the layouts of Moroccan distributors (Lydec/SRM, Redal, Amendis, ONEE, RADEEMA)."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .draw import Doc, fmt_amount, fmt_date

C = Decimal("0.01")
ISSUERS = {
	"Lydec": {
		"title": "Lydec",
		"sub": "Distribution d'eau, d'électricité et assainissement liquide",
		"contract": "Votre contrat",
		"style": "dot",
		"kind": "lydec",
	},
	"SRM Casablanca-Settat": {
		"title": "SRM Casablanca-Settat",
		"sub": "Société Régionale Multiservices Casablanca-Settat",
		"contract": "Vos contrats",
		"style": "fr",
		"kind": "lydec",
	},
	"Redal": {
		"title": "REDAL",
		"sub": "Eau - Electricité - Assainissement  Rabat - Salé - Témara",
		"contract": "N° de police",
		"style": "fr",
		"kind": "regie",
	},
	"Amendis": {
		"title": "Amendis",
		"sub": "Tanger - Tétouan",
		"contract": "N° de police",
		"style": "fr",
		"kind": "regie",
	},
	"ONEE": {
		"title": "ONEE",
		"sub": "Office National de l'Electricité et de l'Eau Potable - Branche Electricité",
		"contract": "N° de contrat",
		"style": "fr",
		"kind": "regie",
	},
	"RADEEMA": {
		"title": "RADEEMA",
		"sub": "Régie Autonome de Distribution d'Eau et d'Electricité de Marrakech",
		"contract": "N° de police",
		"style": "fr",
		"kind": "regie",
	},
}
ELEC = [
	(100, Decimal("0.9010")),
	(100, Decimal("1.0732")),
	(300, Decimal("1.1676")),
	(10**6, Decimal("1.3817")),
]
WATER = [(6, Decimal("2.37")), (6, Decimal("7.45")), (10**6, Decimal("10.03"))]


def _digits(rng, n):
	return "".join(str(rng.randint(0, 9)) for _ in range(n))


def make(rng, i: int) -> dict:
	issuer = list(ISSUERS)[i % len(ISSUERS)]
	service = "water" if (issuer != "ONEE" and rng.random() < 0.4) else "electricity"
	start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 540))
	end = start + timedelta(days=rng.choice([30, 31, 29, 61 if issuer == "ONEE" else 30]))
	bill_date = end + timedelta(days=rng.randint(3, 12))
	due = bill_date + timedelta(days=rng.choice([10, 15, 18]))
	cons = rng.randint(80, 650) if service == "electricity" else rng.randint(4, 38)
	old = rng.randint(1000, 90000)
	brackets, remaining, base, tranches = (ELEC if service == "electricity" else WATER), cons, Decimal(0), []
	for size, price in brackets:
		q = min(size, remaining)
		if q <= 0:
			break
		amount = (q * price).quantize(C, ROUND_HALF_UP)
		tranches.append((q, price, amount))
		base += amount
		remaining -= q
	fixed = Decimal(rng.choice(["8.40", "12.60", "5.80"]))
	base += fixed
	taxes = (base * Decimal("0.14" if service == "electricity" else "0.07")).quantize(
		C, ROUND_HALF_UP
	) + Decimal("2.10")
	subtotal = base + taxes
	arrears = Decimal(rng.choice([0, 0, 0, rng.randint(5000, 40000)])) / 100
	unit = "kWh" if service == "electricity" else "m3"
	kind = ISSUERS[issuer]["kind"]
	if kind == "lydec":
		number = f"{_digits(rng, 10)} {rng.choice(['HK', 'ZZ', 'KA', 'HB'])}"
		contract = ("C" if issuer == "Lydec" else "") + _digits(rng, 6 if issuer == "Lydec" else 7)
	else:
		number = f"{bill_date.year}{_digits(rng, 8)}"
		contract = _digits(rng, rng.choice([7, 8, 9]))
	return {
		"class": "utility_bill",
		"issuer": issuer,
		"service": service,
		"bill_number": number,
		"contract_number": contract,
		"reference": f"{_digits(rng, 4)} {_digits(rng, 3)} {_digits(rng, 3)}",
		"bill_date": bill_date.isoformat(),
		"period_start": start.isoformat(),
		"period_end": end.isoformat(),
		"index_old": str(old),
		"index_new": str(old + cons),
		"consumption": str(cons),
		"consumption_unit": unit,
		"reading_type": rng.choice(["relevé", "relevé", "estimation"]) if kind == "regie" else None,
		"taxes": str(taxes),
		"subtotal": str(subtotal),
		"arrears": str(arrears),
		"amount_due": str(subtotal + arrears),
		"due_date": due.isoformat(),
		"tranches": [[q, str(p), str(a)] for q, p, a in tranches],
		"fixed": str(fixed),
		"holder": rng.choice(
			["SYNDICAT RES LES JASMINS", "SYND COPROP AL ANDALOUS", "SYNDIC RESIDENCE RIAD SALAM"]
		),
		"option": rng.choice(["4-Usage domestique", "1-Eclairage Privé", "Usage commun"]),
	}


def draw(t: dict, path) -> None:
	info = ISSUERS[t["issuer"]]
	st = info["style"]
	amt = lambda v: fmt_amount(Decimal(v), st)  # noqa: E731
	elec = t["service"] == "electricity"
	svc_fr = "Electricité" if elec else "Eau et assainissement"
	doc = Doc(path)
	doc.text(40, 50, info["title"], 20, bold=True)
	doc.text(40, 64, info["sub"], 8)
	doc.arabic(555, 50, "فاتورة الكهرباء" if elec else "فاتورة الماء", 12)
	doc.text(555, 70, "Avis de facturation " + svc_fr, 11, bold=True, align="right")
	doc.text(40, 100, t["holder"], 10, bold=True)
	doc.text(40, 114, "Résidence - Casablanca", 9)
	y = 150
	if info["kind"] == "lydec":
		doc.text(40, y, "Référence(s)", 9)
		doc.text(130, y, t["reference"], 9, bold=True)
		doc.text(330, y, f"Facture {'Electricité' if elec else 'eau'} N° {t['bill_number']}", 9, bold=True)
		y += 15
		doc.text(40, y, f"{info['contract']}", 9)
		doc.text(130, y, t["contract_number"], 9, bold=True)
		doc.text(330, y, "Date " + fmt_date(date.fromisoformat(t["bill_date"])), 9)
	else:
		doc.text(40, y, f"{info['contract']} :", 9)
		doc.text(130, y, t["contract_number"], 9, bold=True)
		doc.text(330, y, "Facture N° : " + t["bill_number"], 9, bold=True)
		y += 15
		doc.text(40, y, "Référence client :", 9)
		doc.text(130, y, t["reference"], 9)
		doc.text(330, y, "Date de facture : " + fmt_date(date.fromisoformat(t["bill_date"])), 9)
	y += 15
	doc.text(40, y, "Votre option tarifaire", 9)
	doc.text(150, y, t["option"], 9)
	doc.arabic(555, y, "المرجع", 9)
	y += 25
	period = f"du {fmt_date(date.fromisoformat(t['period_start']))} au {fmt_date(date.fromisoformat(t['period_end']))}"
	doc.text(
		40,
		y,
		f"Période de consommation {svc_fr if info['kind'] == 'lydec' else ''} {period}".replace("  ", " "),
		10,
		bold=True,
	)
	y += 25
	# Index table
	doc.rect(35, y - 12, 525, 18, fill=True)
	heads = [
		(45, "Compteur", "left"),
		(220, "Ancien index", "right"),
		(310, "Nouvel index", "right"),
		(410, "Consommation", "right"),
	]
	if t["reading_type"]:
		heads.append((520, "Type de relevé", "right"))
	for x, h, a in heads:
		doc.text(x, y, h, 8.5, bold=True, align=a)
	y += 18
	doc.text(45, y, "N° " + t["reference"].replace(" ", ""), 9)
	doc.text(220, y, t["index_old"], 9, align="right")
	doc.text(310, y, t["index_new"], 9, align="right")
	doc.text(410, y, f"{t['consumption']} {t['consumption_unit']}", 9, align="right")
	if t["reading_type"]:
		doc.text(520, y, "Index réel" if t["reading_type"] == "relevé" else "Estimation", 9, align="right")
	y += 30
	doc.text(40, y, "Consommation " + svc_fr, 9, bold=True)
	doc.text(555, y, "Montants en Dhs", 8, align="right")
	for n, (q, price, a) in enumerate(t["tranches"], 1):
		y += 14
		doc.text(60, y, f"Tranche {n}", 9)
		doc.text(
			250,
			y,
			f"{q} {t['consumption_unit']} x {price.replace('.', ',') if st == 'fr' else price}",
			9,
			align="right",
		)
		doc.text(555, y, amt(a), 9, align="right")
	y += 14
	doc.text(60, y, "Redevance fixe et location compteur", 9)
	doc.text(555, y, amt(t["fixed"]), 9, align="right")
	y += 18
	doc.text(60, y, "Taxes", 9)
	doc.text(555, y, amt(t["taxes"]), 9, align="right")
	y += 18
	doc.text(40, y, "Sous total TTC", 10, bold=True)
	doc.text(555, y, amt(t["subtotal"]), 10, bold=True, align="right")
	y += 16
	doc.text(40, y, "Montant des impayés TTC", 9)
	doc.text(555, y, amt(t["arrears"]), 9, align="right")
	y += 30
	doc.rect(300, y - 16, 260, 26)
	doc.text(310, y, "Net à payer", 12, bold=True)
	doc.text(550, y, f"* {amt(t['amount_due'])} *", 12, bold=True, align="right")
	doc.arabic(555, y + 22, "المبلغ الواجب أداؤه", 9)
	y += 45
	doc.text(40, y, "Date limite de paiement " + fmt_date(date.fromisoformat(t["due_date"])), 10, bold=True)
	y += 15
	doc.text(40, y, "Mode de règlement : Encaisseur", 9)
	doc.text(40, 790, "Sauf erreur ou omission", 8)
	doc.qr(480, 700, f"{t['issuer']}|{t['bill_number']}|{t['amount_due']}", 70)
	doc.save()
