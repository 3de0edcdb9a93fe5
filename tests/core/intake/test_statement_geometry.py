"""Statement tables by geometry (issue 15): a bank not in our list, a header the rules do not
know, a single signed amount column (trailing minus) or a D/C marker; the running balance
chooses the columns and repairs a misread amount."""

from datetime import date
from decimal import Decimal as D

from syndic_maroc.core.intake.extract import extract_pages
from syndic_maroc.core.intake.model import Page, Word


def page(rows):
	words = []
	for y, cells in rows:
		for x, text, align in cells:
			width = 5.5 * len(text)
			x0 = x - width if align == "r" else x
			for part in text.split(" "):
				words.append(Word(part, x0, y, x0 + 5.5 * len(part), y + 9))
				x0 += 5.5 * len(part) + 3
	return Page(1, 595, 842, words)


def statement(lines, header=("Jour", "Opérations", "Mouvement", "Position"), amounts=None):
	rows = [
		(40, [(40, "BANQUE DU DETROIT", "l")]),
		(56, [(40, "Relevé de compte du 01/03/2026 au 31/03/2026", "l")]),
		(70, [(40, "RIB : 181 810 21211 12345678901 2 34", "l")]),
		(84, [(40, "Syndicat Résidence Les Pins", "l")]),
		(110, [(40, header[0], "l"), (110, header[1], "l"), (420, header[2], "r"), (540, header[3], "r")]),
		(124, [(110, "Solde précédent", "l"), (540, "10 000,00", "r")]),
	]
	y = 138
	for d, label, amount, balance in lines:
		rows.append((y, [(40, d, "l"), (110, label, "l"), (420, amount, "r"), (540, balance, "r")]))
		y += 14
	rows.append((y + 6, [(110, "Nouveau solde", "l"), (540, lines[-1][3], "r")]))
	return extract_pages([page(rows)], today=date(2026, 4, 2))


LINES = [
	("03/03/2026", "VIR RECU COPROPRIETAIRE A12", "1 500,00", "11 500,00"),
	("07/03/2026", "PRLV LYDEC FACT 2026031", "842,40-", "10 657,60"),
	("12/03/2026", "CHQ 1234567 NETTOYAGE", "3 000,00-", "7 657,60"),
	("20/03/2026", "VERSEMENT ESPECES", "250,00", "7 907,60"),
]


def test_unknown_bank_signed_column_read_by_geometry():
	x = statement(LINES)
	assert x.doc_class == "bank_statement"
	assert x.fields.bank.value == "BANQUE DU DETROIT"
	got = [(t.date.day, t.debit, t.credit) for t in x.fields.transactions]
	assert got == [
		(3, None, D("1500.00")),
		(7, D("842.40"), None),
		(12, D("3000.00"), None),
		(20, None, D("250.00")),
	]
	assert x.fields.opening_balance.value == D("10000.00") and x.fields.closing_balance.value == D("7907.60")
	assert not [i for i in x.issues if i.code == "balance"]


def test_dc_marker_gives_the_side():
	lines = [(d, lab, a.rstrip("-") + (" D" if a.endswith("-") else " C"), b) for d, lab, a, b in LINES]
	got = [(t.debit, t.credit) for t in statement(lines).fields.transactions]
	assert got == [(None, D("1500.00")), (D("842.40"), None), (D("3000.00"), None), (None, D("250.00"))]


def test_misread_amount_repaired_from_running_balance():
	lines = list(LINES)
	lines[1] = ("07/03/2026", "PRLV LYDEC FACT 2026031", "848,40-", "10 657,60")  # 2 read as 8
	x = statement(lines)
	t = x.fields.transactions[1]
	assert t.debit == D("842.40") and t.confidence < 0.8  # repaired, and shown for review
	assert not [i for i in x.issues if i.code == "balance"]
