"""The positional key-value search: a label left of, above, or in the same cell as its value;
a value under a neighbouring label is not taken (issue 15)."""

from syndic_maroc.core.intake import keyvalue
from syndic_maroc.core.intake.layout import document_lines
from syndic_maroc.core.intake.model import Page, Word
from syndic_maroc.core.intake.rules_common import first_date
from syndic_maroc.core.intake.rules_invoice import NUMBER_LABEL, _number_token, looks_like_number


def page(*rows):
	"""rows: (y, [(x, text), …]); words 6 pt per character, 10 pt high."""
	words = []
	for y, cells in rows:
		for x, text in cells:
			for part in text.split(" "):
				words.append(Word(part, x, y, x + 6 * len(part), y + 10))
				x += 6 * len(part) + 4
	return document_lines([Page(1, 600, 800, words)])


def test_value_in_same_cell_right_and_below():
	same = page((100, [(40, "Facture N° FA-2026/118")]))
	right = page((100, [(40, "Invoice No."), (300, "FA-2026/118")]))
	below = page(
		(100, [(40, "N° de facture"), (200, "Date")]), (114, [(40, "FA-2026/118"), (200, "01/02/2026")])
	)
	for lines, where in ((same, "same"), (right, "right"), (below, "below")):
		got = keyvalue.candidates(lines, NUMBER_LABEL, _number_token)
		assert got and got[0].value == "FA-2026/118" and got[0].where == where


def test_value_under_a_neighbouring_label_is_not_taken():
	lines = page((100, [(40, "Date"), (200, "Échéance")]), (114, [(200, "15/03/2026")]))
	assert keyvalue.candidates(lines, r"(?<![a-z])date(?![a-z])", first_date) == []


def test_number_shapes():
	for ok in ("PROBE-FA-2026-0042", "2026/0042", "FA241107", "NH-12/26", "INV2026.031"):
		assert looks_like_number(ok), ok
	for bad in ("12/11/2026", "1 200,00", "1200.50", "001234567000089", "0522123456", "Date", "F1"):
		assert not looks_like_number(bad), bad
