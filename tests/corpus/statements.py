"""Bank statements (relevés) of the layouts seen at Attijariwafa, CIH and BMCI."""

from datetime import date, timedelta
from decimal import Decimal

from .draw import Doc, fmt_amount, fmt_date

BANKS = {
	"Attijariwafa bank": {"code": "007", "kind": "awb"},
	"CIH Bank": {"code": "230", "kind": "cih"},
	"BMCI": {"code": "013", "kind": "bmci"},
}
NAMES = [
	"M. ALAOUI AHMED",
	"MME BENNANI SALMA",
	"M. EL IDRISSI KARIM",
	"MME TAZI NADIA",
	"M. BERRADA OMAR",
	"MME CHRAIBI LAILA",
	"M. FASSI HAMZA",
]
SUPPLIERS = [
	"NETTOYAGE AL AMANE",
	"ATLAS ASCENSEURS",
	"SECURITE ANFA",
	"JARDINS DE L OASIS",
	"HYGIENE SERVICES",
]
ROWS_PER_PAGE = 36


def _digits(rng, n):
	return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _txn(rng, d):
	r = rng.random()
	ref = ""
	if r < 0.22:
		label, credit = "VERSEMENT ESPECE", rng.randint(300, 3000) * 100
	elif r < 0.45:
		label, credit = "VIREMENT RECU DE " + rng.choice(NAMES), rng.randint(500, 6000) * 100
	elif r < 0.57:
		ref = _digits(rng, 7)
		label, credit = f"REMISE CHEQUE N° {ref}", rng.randint(800, 5000) * 100
	elif r < 0.62:
		label, credit = "REMISE TPE", rng.randint(20000, 150000)
	else:
		credit = None
		if r < 0.78:
			ref = _digits(rng, 9)
			label, debit = f"VIR.EMIS WEB VERS {rng.choice(SUPPLIERS)} REF {ref}", rng.randint(80000, 1500000)
		elif r < 0.84:
			ref = _digits(rng, 10)
			label, debit = f"PRLV LYDEC FACT {ref}", rng.randint(20000, 300000)
		elif r < 0.90:
			ref = _digits(rng, 7)
			label, debit = f"PAIEMENT CHEQUE N° {ref}", rng.randint(50000, 900000)
		elif r < 0.95:
			label, debit = "FRAIS TENUE DE COMPTE", rng.choice([3300, 5500, 6600])
		else:
			label, debit = "COMMISSION VIREMENT", rng.choice([550, 1100, 1650])
		return {"date": d, "label": label, "debit": Decimal(debit) / 100, "credit": None, "reference": ref}
	return {"date": d, "label": label, "debit": None, "credit": Decimal(credit) / 100, "reference": ref}


def make(rng, i: int, n_lines: int | None = None) -> dict:
	bank = list(BANKS)[i % len(BANKS)]
	n = n_lines or rng.randint(20, 80)
	start = date(2024, rng.randint(1, 12), 1)
	end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
	opening = Decimal(rng.randint(2_000_000, 15_000_000)) / 100
	days = sorted(rng.randint(start.day, end.day) for _ in range(n))
	txns = []
	for day in days:
		t = _txn(rng, start.replace(day=day))
		t["value_date"] = t["date"] + timedelta(days=rng.choice([0, 0, 1, 2]))
		txns.append(t)
	total_debit = sum((t["debit"] or 0) for t in txns)
	total_credit = sum((t["credit"] or 0) for t in txns)
	rib = BANKS[bank]["code"] + rng.choice(["780", "810", "450", "640"]) + _digits(rng, 16) + _digits(rng, 2)
	return {
		"class": "bank_statement",
		"bank": bank,
		"rib": rib,
		"account_holder": rng.choice(
			[
				"SYNDICAT DES COPROPRIETAIRES RESIDENCE LES JASMINS",
				"SYNDICAT RESIDENCE AL ANDALOUS",
				"SYNDICAT COPROPRIETE RIAD SALAM",
			]
		),
		"period_start": start.isoformat(),
		"period_end": end.isoformat(),
		"opening_balance": str(opening),
		"closing_balance": str(opening + total_credit - total_debit),
		"total_debit": str(total_debit),
		"total_credit": str(total_credit),
		"currency": "MAD",
		"transactions": [
			{
				"date": (t["value_date"] if BANKS[bank]["kind"] == "awb" else t["date"]).isoformat(),
				"value_date": t["value_date"].isoformat(),
				"label": t["label"],
				"debit": str(t["debit"]) if t["debit"] is not None else None,
				"credit": str(t["credit"]) if t["credit"] is not None else None,
				"reference": t["reference"],
			}
			for t in txns
		],
	}


def _rib_text(rib):
	return f"{rib[:3]} {rib[3:6]} {rib[6:22]} {rib[22:]}"


def draw(t: dict, path) -> None:
	kind = BANKS[t["bank"]]["kind"]
	doc = Doc(path)
	start, end = date.fromisoformat(t["period_start"]), date.fromisoformat(t["period_end"])
	ds = {"awb": "space", "cih": "short", "bmci": "slash"}[kind]
	txns = t["transactions"]
	pages = [txns[i : i + ROWS_PER_PAGE] for i in range(0, len(txns), ROWS_PER_PAGE)] or [[]]
	if kind == "awb":
		cols = [
			(40, "CODE", "left"),
			(80, "LIBELLE", "left"),
			(410, "DATE VALEUR", "right"),
			(488, "DEBIT", "right"),
			(555, "CREDIT", "right"),
		]
	elif kind == "cih":
		cols = [
			(40, "Date opé", "left"),
			(95, "Libellé", "left"),
			(410, "Date val", "right"),
			(488, "Débit", "right"),
			(555, "Crédit", "right"),
		]
	else:
		cols = [
			(40, "Date opération", "left"),
			(120, "Détails", "left"),
			(410, "Date valeur", "right"),
			(488, "Débit", "right"),
			(555, "Crédit", "right"),
		]
	for pno, rows in enumerate(pages, 1):
		doc.text(40, 45, t["bank"].upper() if kind != "bmci" else "BMCI - Groupe BNP Paribas", 15, bold=True)
		doc.text(
			555,
			45,
			"RELEVE DE COMPTE" if kind != "bmci" else "Relevé de vos opérations",
			12,
			bold=True,
			align="right",
		)
		doc.text(555, 60, f"Page {pno}/{len(pages)}", 8, align="right")
		doc.text(40, 80, t["account_holder"], 9, bold=True)
		doc.text(40, 95, "RIB : " + _rib_text(t["rib"]), 9)
		doc.text(40, 110, "Devise : MAD", 9)
		doc.text(330, 95, f"Période du {fmt_date(start)} au {fmt_date(end)}", 9)
		y = 140
		doc.rect(35, y - 12, 525, 18, fill=True)
		for x, h, a in cols:
			doc.text(x, y, h, 8.5, bold=True, align=a)
		y += 20
		if pno == 1:
			if kind == "awb":
				doc.text(80, y, f"SOLDE DEPART AU {fmt_date(start, 'space')}", 9, bold=True)
				doc.text(
					555,
					y,
					fmt_amount(Decimal(t["opening_balance"])) + " CREDITEUR",
					9,
					bold=True,
					align="right",
				)
			elif kind == "cih":
				doc.text(95, y, f"SOLDE DEPART AU : {fmt_date(start)}", 9, bold=True)
				doc.text(555, y, fmt_amount(Decimal(t["opening_balance"])), 9, bold=True, align="right")
			else:
				doc.text(120, y, f"SOLDE PRECEDENT AU {fmt_date(start - timedelta(days=1))}", 9, bold=True)
				doc.text(555, y, fmt_amount(Decimal(t["opening_balance"])), 9, bold=True, align="right")
			y += 16
		for r in rows:
			d, vd = date.fromisoformat(r["date"]), date.fromisoformat(r["value_date"])
			if kind == "awb":
				doc.text(40, y, r["label"][:3].replace(".", "").replace(" ", "") + "0", 8)
				doc.text(80, y, r["label"], 8)
			else:
				doc.text(40, y, fmt_date(d, ds), 8.5)
				doc.text(cols[1][0], y, r["label"], 8)
			doc.text(cols[2][0], y, fmt_date(vd, ds), 8.5, align="right")
			if r["debit"]:
				doc.text(488, y, fmt_amount(Decimal(r["debit"])), 8.5, align="right")
			if r["credit"]:
				doc.text(555, y, fmt_amount(Decimal(r["credit"])), 8.5, align="right")
			y += 15
		if pno == len(pages):
			y += 6
			doc.line(35, y - 10, 560, y - 10)
			doc.text(cols[1][0], y, "TOTAL MOUVEMENTS", 9, bold=True)
			doc.text(488, y, fmt_amount(Decimal(t["total_debit"])), 9, bold=True, align="right")
			doc.text(555, y, fmt_amount(Decimal(t["total_credit"])), 9, bold=True, align="right")
			y += 16
			value = Decimal(t["closing_balance"])
			closing = fmt_amount(abs(value))
			# A debtor balance: "DEBITEUR" (Attijariwafa) or the amount in the Débit column.
			x = 488 if value < 0 and kind != "awb" else 555
			if kind == "awb":
				doc.text(80, y, f"SOLDE FINAL AU {fmt_date(end, 'space')}", 9, bold=True)
				doc.text(
					555,
					y,
					closing + (" DEBITEUR" if value < 0 else " CREDITEUR"),
					9,
					bold=True,
					align="right",
				)
			elif kind == "cih":
				doc.text(95, y, f"SOLDE FINAL AU : {fmt_date(end)}", 9, bold=True)
				doc.text(x, y, closing, 9, bold=True, align="right")
			else:
				doc.text(120, y, f"NOUVEAU SOLDE AU {fmt_date(end)}", 9, bold=True)
				doc.text(x, y, closing, 9, bold=True, align="right")
		doc.text(297, 815, f"{t['bank']} - Société anonyme - Siège social Casablanca", 7, align="center")
		doc.page()
	doc.save()
