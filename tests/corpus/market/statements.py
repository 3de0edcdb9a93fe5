"""Procedural bank statements in layout families (issue 15): columns in other orders, a single
signed column with a trailing minus, a D/C marker, headers on two lines, carried-forward lines at
page breaks, banks of our list and banks that are not in it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ..draw import Doc, H, fmt_amount

BANKS = [
	("Attijariwafa bank", "007"),
	("CIH Bank", "230"),
	("BMCI", "013"),
	("Bank of Africa", "011"),
	("Banque Populaire", "145"),
	("Crédit du Maroc", "021"),
	("Société Générale Maroc", "022"),
]
UNKNOWN_BANKS = ["BANQUE ATLANTIQUE DU NORD", "UNION BANCAIRE DU SOUSS"]
LABELS = [
	("VIR RECU COPROPRIETAIRE LOT {n}", 1),
	("VERSEMENT ESPECES", 1),
	("PRLV LYDEC EAU ELECTRICITE", -1),
	("VIR EMIS NETTOYAGE AL AMANE", -1),
	("FRAIS TENUE DE COMPTE", -1),
	("CHEQUE PAYE GARDIENNAGE", -1),
	("REMISE CHEQUE COPROPRIETAIRE", 1),
]
TUNING_FAMILIES = ("debit_credit", "debit_credit_balance")
HELDOUT_FAMILIES = ("signed_trailing_minus", "dc_marker", "credit_first_two_line_header", "carried_forward")


def make(rng, family: str) -> dict:
	unknown = family in ("signed_trailing_minus", "dc_marker") and rng.random() < 0.6
	if unknown:
		bank, code = rng.choice(UNKNOWN_BANKS), f"{rng.randint(300, 399)}"
	else:
		bank, code = rng.choice(BANKS)
	start = date(2025, 1, 1) + timedelta(days=30 * rng.randint(0, 18))
	start = start.replace(day=1)
	end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
	opening = Decimal(rng.randint(5000_00, 90000_00)) / 100
	n = rng.randint(34, 44) if family == "carried_forward" else rng.randint(6, 16)
	txns, bal = [], opening
	days = sorted(rng.randint(0, (end - start).days) for _ in range(n))
	for k, dd in enumerate(days):
		label, sign = rng.choice(LABELS)
		amount = Decimal(rng.randint(50_00, 8000_00)) / 100
		if sign < 0 and bal - amount < 0:
			sign = 1
		bal += amount * sign
		txns.append(
			{
				"date": (start + timedelta(days=dd)).isoformat(),
				"label": label.format(n=chr(65 + k % 6) + str(rng.randint(1, 40))),
				"debit": str(amount) if sign < 0 else None,
				"credit": str(amount) if sign > 0 else None,
				"balance": str(bal),
			}
		)
	rib = code + "".join(str(rng.randint(0, 9)) for _ in range(24 - len(code)))
	return {
		"class": "bank_statement",
		"family": family,
		"bank": bank,
		"rib": rib,
		"account_holder": f"SYNDICAT RESIDENCE {rng.choice(['LES PINS', 'AL WAHA', 'NAKHIL', 'ANDALOUS'])}",
		"period_start": start.isoformat(),
		"period_end": end.isoformat(),
		"opening_balance": str(opening),
		"closing_balance": str(bal),
		"currency": "MAD",
		"transactions": [
			{
				"date": t["date"],
				"label": t["label"],
				"debit": t["debit"],
				"credit": t["credit"],
				"value_date": None,
				"reference": "",
			}
			for t in txns
		],
		"_balances": [t["balance"] for t in txns],
		"_style": rng.choice(["fr", "fr", "frdot"]),
	}


def draw(t: dict, path) -> None:
	doc = Doc(path)
	fam = t["family"]
	amt = lambda v: fmt_amount(Decimal(v), t["_style"])  # noqa: E731
	d = lambda iso: date.fromisoformat(iso).strftime("%d/%m/%Y")  # noqa: E731
	rib = t["rib"]
	doc.text(40, 45, t["bank"], 14, bold=True)
	doc.text(40, 62, "Agence Centrale - Casablanca", 8)
	doc.text(297, 95, "RELEVÉ DE COMPTE", 13, bold=True, align="center")
	doc.text(40, 120, f"Période du {d(t['period_start'])} au {d(t['period_end'])}", 9)
	doc.text(40, 134, f"RIB : {rib[:3]} {rib[3:6]} {rib[6:22]} {rib[22:]}", 9)
	doc.text(330, 120, t["account_holder"], 9, bold=True)
	doc.text(330, 134, "Devise : MAD", 9)
	if fam == "credit_first_two_line_header":
		cols = {"date": 40, "label": 105, "credit": 400, "debit": 470, "balance": 555}
		heads = [("date", "Date"), ("label", "Libellé de"), ("credit", "Montant"), ("debit", "Montant")]
		heads2 = [("label", "l'opération"), ("credit", "Crédit"), ("debit", "Débit"), ("balance", "Solde")]
	elif fam in ("signed_trailing_minus", "dc_marker"):
		cols = {"date": 40, "label": 105, "amount": 440, "balance": 555}
		heads = [
			("date", "Jour"),
			("label", "Nature de l'opération"),
			("amount", "Mouvement"),
			("balance", "Position"),
		]
		heads2 = []
	else:
		cols = {"date": 40, "label": 105, "debit": 400, "credit": 470}
		if fam != "debit_credit":
			cols["balance"] = 555
		heads = [("date", "Date opé"), ("label", "Libellé"), ("debit", "Débit"), ("credit", "Crédit")]
		heads += [("balance", "Solde")] if "balance" in cols else []
		heads2 = []

	def header(y):
		for k, s in heads:
			doc.text(cols[k], y, s, 8.5, bold=True, align="left" if k in ("date", "label") else "right")
		for k, s in heads2:
			doc.text(cols[k], y + 11, s, 8.5, bold=True, align="left" if k in ("date", "label") else "right")
		return y + (30 if heads2 else 18)

	y = header(165)
	doc.text(cols["label"], y, "Solde précédent", 8.5, bold=True)
	doc.text(cols.get("balance", cols.get("credit", 555)), y, amt(t["opening_balance"]), 8.5, align="right")
	y += 14
	prev_bal = t["opening_balance"]
	for tx, bal in zip(t["transactions"], t["_balances"], strict=True):
		if y > H - 80:
			if fam == "carried_forward":
				doc.text(cols["label"], y, "A reporter", 8.5, bold=True)
				doc.text(cols["balance"], y, amt(prev_bal), 8.5, align="right")
			doc.page()
			y = header(60)
			if fam == "carried_forward":
				doc.text(cols["label"], y, "Report", 8.5, bold=True)
				doc.text(cols["balance"], y, amt(prev_bal), 8.5, align="right")
				y += 14
		doc.text(cols["date"], y, d(tx["date"]), 8.5)
		doc.text(cols["label"], y, tx["label"], 8.5)
		if "amount" in cols:
			v = tx["debit"] or tx["credit"]
			if fam == "dc_marker":
				doc.text(cols["amount"], y, amt(v), 8.5, align="right")
				doc.text(cols["amount"] + 14, y, "D" if tx["debit"] else "C", 8.5)
			else:
				doc.text(cols["amount"], y, amt(v) + ("-" if tx["debit"] else ""), 8.5, align="right")
		else:
			for k in ("debit", "credit"):
				if tx[k]:
					doc.text(cols[k], y, amt(tx[k]), 8.5, align="right")
		if "balance" in cols:
			doc.text(cols["balance"], y, amt(bal), 8.5, align="right")
		prev_bal = bal
		y += 14
	doc.text(cols["label"], y + 4, "Nouveau solde au " + d(t["period_end"]), 8.5, bold=True)
	doc.text(
		cols.get("balance", cols.get("credit", 555)), y + 4, amt(t["closing_balance"]), 8.5, align="right"
	)
	doc.save()
