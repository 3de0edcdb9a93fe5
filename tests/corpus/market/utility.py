"""Procedural water / electricity bills of every issuer of MOROCCO.md §2.4 (issuers.py), in
layout families with their own label lexicons, split tuning / held-out (issue 15): contract or
police numbers, periods printed as a month or as two meter-reading dates, the amount due under
other labels than "Net à payer"."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from syndic_maroc.core.intake.issuers import UTILITY_ISSUERS

from ..draw import Doc, fmt_amount

MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
TUNING_FAMILIES = ("inline_block", "label_columns")
HELDOUT_FAMILIES = ("boxed_summary", "meter_reading_dates")
LEX = {
	"tuning": {
		"number": ["N° Facture", "Facture N°"],
		"contract": ["N° de contrat", "Contrat N°", "N° Police"],
		"amount": ["Net à payer", "Montant à payer"],
		"due": ["Date limite de paiement", "À payer avant le"],
		"date": ["Date de facture", "Date d'émission"],
		"consumption": ["Consommation"],
	},
	"heldout": {
		"number": ["Réf. facture", "N° de la facture"],
		"contract": ["Contrat / Police", "Réf. contrat", "Numéro de police"],
		"amount": ["Total à payer", "Montant dû", "Somme à régler"],
		"due": ["Échéance", "Payable avant le", "Date d'exigibilité"],
		"date": ["Date de la facture", "Émise le"],
		"consumption": ["Quantité consommée", "Volume consommé"],
	},
}


def make(rng, family: str) -> dict:
	part = "heldout" if family in HELDOUT_FAMILIES else "tuning"
	issuer = rng.choice(UTILITY_ISSUERS)["name"]
	service = "electricity" if issuer == "ONEE" or rng.random() < 0.55 else "water"
	year, month = 2025, rng.randint(1, 12)
	if family == "meter_reading_dates":
		start = date(year, month, rng.randint(2, 9))
		end = start + timedelta(days=rng.randint(28, 33))
	else:
		start = date(year, month, 1)
		end = date(year, month, calendar.monthrange(year, month)[1])
	bill_date = end + timedelta(days=rng.randint(3, 12))
	due = bill_date + timedelta(days=rng.choice([10, 15, 20]))
	cons = rng.randint(90, 700) if service == "electricity" else rng.randint(5, 40)
	old = rng.randint(1000, 60000)
	amount = (Decimal(cons) * Decimal("1.42" if service == "electricity" else "7.9")).quantize(
		Decimal("0.01")
	)
	amount += Decimal(rng.randint(0, 9999)) / 100
	return {
		"class": "utility_bill",
		"family": family,
		"issuer": issuer,
		"service": service,
		"bill_number": f"{rng.randint(10, 99)}{rng.randint(100000, 999999)}",
		"contract_number": "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([8, 9, 10]))),
		"reference": None,
		"bill_date": bill_date.isoformat(),
		"period_start": start.isoformat(),
		"period_end": end.isoformat(),
		"index_old": old,
		"index_new": old + cons,
		"consumption": cons,
		"consumption_unit": "kWh" if service == "electricity" else "m3",
		"reading_type": None,
		"amount_due": str(amount),
		"due_date": due.isoformat(),
		"_labels": {k: rng.choice(v) for k, v in LEX[part].items()},
		"_month_period": family != "meter_reading_dates" and rng.random() < 0.6,
	}


def draw(t: dict, path) -> None:
	doc = Doc(path)
	lab, fam = t["_labels"], t["family"]
	d = lambda iso: date.fromisoformat(iso).strftime("%d/%m/%Y")  # noqa: E731
	elec = t["service"] == "electricity"
	# the issuer as its bills print it (the full name of a régie)
	name = {"RAK": "RAK - Régie Autonome de Kénitra"}.get(t["issuer"], t["issuer"])
	doc.text(40, 45, name, 15, bold=True)
	doc.text(40, 60, "Service clientèle : 0801 00 00 00", 8)
	doc.text(297, 90, "FACTURE " + ("ÉLECTRICITÉ" if elec else "EAU POTABLE"), 12, bold=True, align="center")
	start = date.fromisoformat(t["period_start"])
	if fam == "meter_reading_dates":
		period = None
	elif t["_month_period"]:
		period = f"Période : {MONTHS[start.month - 1]} {start.year}"
	else:
		period = f"Période du {d(t['period_start'])} au {d(t['period_end'])}"
	pairs = [
		(lab["number"], t["bill_number"]),
		(lab["date"], d(t["bill_date"])),
		(lab["contract"], t["contract_number"]),
	]
	y = 120
	if fam == "boxed_summary":
		x = 40
		for label, value in pairs:
			doc.rect(x, y - 12, 165, 34)
			doc.text(x + 5, y, label, 8)
			doc.text(x + 5, y + 14, value, 10, bold=True)
			x += 175
		y += 40
	else:
		for label, value in pairs:
			if fam == "label_columns":
				doc.text(40, y, label, 9)
				doc.text(200, y, value, 9, bold=True)
			else:
				doc.text(40, y, f"{label} : {value}", 9)
			y += 14
	doc.text(330, 120, "SYNDICAT RESIDENCE LES ACACIAS", 9, bold=True)
	doc.text(330, 134, "Compteur général - Casablanca", 8)
	y += 10
	if period:
		doc.text(40, y, period, 9, bold=True)
		y += 20
	unit = "kWh" if elec else "m3"
	doc.text(40, y, "Ancien index", 8.5, bold=True)
	doc.text(150, y, "Nouvel index", 8.5, bold=True)
	doc.text(270, y, lab["consumption"], 8.5, bold=True)
	if fam == "meter_reading_dates":
		doc.text(420, y, "Relevé précédent", 8.5, bold=True)
		doc.text(520, y, "Relevé actuel", 8.5, bold=True)
	y += 14
	doc.text(40, y, str(t["index_old"]), 9)
	doc.text(150, y, str(t["index_new"]), 9)
	doc.text(270, y, f"{t['consumption']} {unit}", 9)
	if fam == "meter_reading_dates":
		doc.text(420, y, d(t["period_start"]), 9)
		doc.text(520, y, d(t["period_end"]), 9)
	y += 40
	if fam == "boxed_summary":
		doc.rect(330, y - 12, 225, 40)
		doc.text(340, y, lab["amount"], 9)
		doc.text(545, y + 16, fmt_amount(Decimal(t["amount_due"])) + " DH", 12, bold=True, align="right")
		doc.text(40, y, lab["due"], 9)
		doc.text(40, y + 16, d(t["due_date"]), 10, bold=True)
	else:
		doc.text(330, y, lab["amount"], 10, bold=True)
		doc.text(555, y, fmt_amount(Decimal(t["amount_due"])) + " DH", 11, bold=True, align="right")
		doc.text(330, y + 16, f"{lab['due']} : {d(t['due_date'])}", 9)
	doc.save()
