"""core.intake.matching and core.intake.review: supplier by ICE then fuzzy name, résidence
clues, statement lines → open invoices (only when unambiguous), booking and auto-approval."""

from datetime import date
from decimal import Decimal

from syndic_maroc.core.intake import matching, review
from syndic_maroc.core.intake.matching import (
	OpenInvoice,
	match_line,
	match_lines,
	match_supplier,
)

SUPPLIERS = [
	{
		"name": "Nadafa Services SARL",
		"supplier_name": "Nadafa Services SARL",
		"ice": "004905063000113",
	},
	{
		"name": "Atlas Ascenseurs Maroc SARL",
		"supplier_name": "Atlas Ascenseurs Maroc SARL",
		"ice": "004960627000169",
	},
	{"name": "Atlas Sécurité", "supplier_name": "Atlas Sécurité", "ice": None},
	{
		"name": "SRM Casablanca-Settat",
		"supplier_name": "SRM Casablanca-Settat",
		"ice": "002588942000122",
	},
]


def test_supplier_by_ice_wins_over_the_name():
	m = match_supplier("004 960627 0001 69", ["Nadafa Services"], SUPPLIERS)
	assert (m.supplier, m.basis, m.score) == ("Atlas Ascenseurs Maroc SARL", "ice", 1.0)


def test_supplier_by_fuzzy_name_ignores_legal_forms_and_case():
	m = match_supplier(None, ["STE NADAFA SERVICES S.A.R.L"], SUPPLIERS)
	assert (m.supplier, m.basis) == ("Nadafa Services SARL", "name")
	m = match_supplier("999999999999999", ["Nadafa Servises"], SUPPLIERS)  # OCR typo, unknown ICE
	assert m.supplier == "Nadafa Services SARL"


def test_supplier_left_to_the_reviewer_when_two_names_are_close():
	m = match_supplier(None, ["Atlas"], SUPPLIERS)
	assert m.supplier is None
	assert {c for c, _s in m.candidates} >= {"Atlas Sécurité"}
	assert match_supplier(None, ["Garage Moderne du Nord"], SUPPLIERS).supplier is None


def test_name_similarity_bounds():
	assert matching.name_similarity("Nadafa Services SARL", "NADAFA SERVICES") == 1.0
	assert matching.name_similarity("", "x") == 0.0
	assert matching.name_similarity("Lydec", "Redal") < 0.6


def test_guess_residence_by_rib_ice_or_name():
	residences = [
		{
			"name": "Résidence Les Jardins d'Anfa",
			"residence_name": "Résidence Les Jardins d'Anfa",
			"rib": "007780174876405449369710",
			"ice": None,
		},
		{
			"name": "Résidence Palmeraie Targa",
			"residence_name": "Résidence Palmeraie Targa",
			"rib": "230450360919402447679304",
			"ice": "001234567000089",
		},
	]
	assert (
		matching.guess_residence(residences, rib="007 780 1748764054493697 10")
		== "Résidence Les Jardins d'Anfa"
	)
	assert matching.guess_residence(residences, ice="001234567000089") == "Résidence Palmeraie Targa"
	assert (
		matching.guess_residence(residences, text="Client : SYNDICAT RESIDENCE PALMERAIE TARGA\nMarrakech")
		== "Résidence Palmeraie Targa"
	)
	assert matching.guess_residence(residences, text="Client : Résidence Al Andalous") is None


def _invoices():
	return [
		OpenInvoice(
			"ACC-SINV-2025-00041",
			"CUST-1",
			"Karim Bennani",
			Decimal("1500.00"),
			date(2025, 1, 31),
			"COP-00001",
		),
		OpenInvoice(
			"ACC-SINV-2025-00042",
			"CUST-2",
			"Salma El Idrissi",
			Decimal("1500.00"),
			date(2025, 1, 31),
			"COP-00002",
		),
		OpenInvoice(
			"ACC-SINV-2025-00043",
			"CUST-3",
			"Youssef Alaoui",
			Decimal("2250.00"),
			date(2025, 1, 31),
			"COP-00003",
		),
		OpenInvoice(
			"ACC-SINV-2025-00044",
			"CUST-3",
			"Youssef Alaoui",
			Decimal("2250.00"),
			date(2025, 4, 30),
			"COP-00003",
		),
		OpenInvoice(
			"ACC-SINV-2025-00045",
			"CUST-4",
			"Nadia Tazi",
			Decimal("980.50"),
			date(2025, 1, 31),
			"COP-00004",
		),
	]


def test_line_matched_by_name_and_amount():
	m = match_line("VIREMENT RECU DE M. KARIM BENNANI", "", Decimal("1500.00"), _invoices())
	assert (m.status, m.invoice, m.co_owner, m.basis) == (
		"matched",
		"ACC-SINV-2025-00041",
		"COP-00001",
		"name+amount",
	)


def test_same_payer_two_invoices_same_amount_takes_the_oldest():
	m = match_line("VIR RECU ALAOUI YOUSSEF", "", Decimal("2250.00"), _invoices())
	assert (m.status, m.invoice) == ("matched", "ACC-SINV-2025-00043")


def test_line_matched_by_reference_written_on_it():
	m = match_line("VERSEMENT ESPECE", "ACC-SINV-2025-00042", Decimal("1500.00"), _invoices())
	assert (m.status, m.invoice, m.basis) == (
		"matched",
		"ACC-SINV-2025-00042",
		"reference",
	)


def test_amount_alone_only_when_a_single_invoice_has_it():
	assert match_line("VERSEMENT ESPECE", "", Decimal("980.50"), _invoices()).invoice == "ACC-SINV-2025-00045"
	m = match_line("VERSEMENT ESPECE", "", Decimal("1500.00"), _invoices())
	assert (m.status, m.invoice) == ("ambiguous", None)
	assert m.candidates == ["ACC-SINV-2025-00041", "ACC-SINV-2025-00042"]
	assert match_line("REMISE TPE", "", Decimal("12.00"), _invoices()).status == "unmatched"


def test_payer_known_but_amount_differs_is_partial():
	m = match_line("VIREMENT RECU DE NADIA TAZI", "", Decimal("500.00"), _invoices())
	assert (m.status, m.invoice, m.co_owner) == ("partial", None, "COP-00004")


def test_an_invoice_claimed_by_two_lines_is_ambiguous_for_both():
	lines = [
		{"label": "VERSEMENT ESPECE", "amount": Decimal("980.50")},
		{"label": "REMISE CHEQUE", "amount": Decimal("980.50")},
		{"label": "VIREMENT RECU DE KARIM BENNANI", "amount": Decimal("1500.00")},
	]
	out = match_lines(lines, _invoices())
	assert [m.status for m in out] == ["ambiguous", "ambiguous", "matched"]


def test_form_values_and_confidence():
	fields = {
		"supplier_name": {"value": "Nadafa", "confidence": 0.95, "source": "rule"},
		"invoice_number": {
			"value": "FA-1",
			"confidence": 0.5,
			"source": "rule",
			"alternative": "FA-7",
		},
		"invoice_date": {"value": "2025-01-02", "confidence": 0.95},
		"total_ht": {"value": "100.00", "confidence": 0.95},
		"total_tva": {"value": "20.00", "confidence": 0.95},
		"total_ttc": {"value": "120.00", "confidence": 0.95},
		"ice": {"value": None, "confidence": 0},
	}
	values = review.form_values("supplier_invoice", fields)
	assert values["supplier_name"] == "Nadafa" and "supplier_ice" not in values
	assert review.overall_confidence("supplier_invoice", fields) == 0.5
	assert review.field_confidence("supplier_invoice", fields)["invoice_number"]["alternative"] == "FA-7"
	assert review.review_form_fields("utility_bill", ["bill_number", "transactions[2]", "x"]) == [
		"invoice_number",
		"transactions[2]",
	]
	del fields["total_ttc"]
	assert review.overall_confidence("supplier_invoice", fields) == 0.0


def test_expense_accounts_follow_decree_2_23_700():
	assert review.expense_account_number(review.expense_category("utility_bill", "Water")) == "6111"
	assert review.expense_account_number(review.expense_category("utility_bill", "Electricity")) == "6112"
	assert (
		review.expense_account_number(review.expense_category("supplier_invoice", None, "Elevator")) == "6134"
	)
	assert (
		review.expense_account_number(review.expense_category("supplier_invoice", None, "Cleaning")) == "6131"
	)
	assert review.expense_account_number(review.expense_category("supplier_invoice")) == "6143"
	assert review.expense_account_number("Cleaning", {"Cleaning": "6134"}) == "6134"


def test_booking_puts_tva_on_the_expense():
	b = review.booking(
		"supplier_invoice",
		{"total_ht": "1000.00", "total_tva": "200.00", "total_ttc": "1200.00"},
		[
			{"description": "Entretien", "amount": "600.00"},
			{"description": "Pièces", "amount": "400.00"},
		],
		"Facture",
	)
	assert b.lines == [("Entretien", Decimal("600.00")), ("Pièces", Decimal("400.00"))]
	assert (b.tax, b.total) == (Decimal("200.00"), Decimal("1200.00"))
	b = review.booking(
		"supplier_invoice",
		{"total_ht": "1000.00", "total_tva": "200.00"},
		[{"amount": "10"}],
		"F",
	)
	assert b.lines == [("F", Decimal("1000.00"))] and b.total == Decimal("1200.00")
	b = review.booking("utility_bill", {"amount_due": "414.31"}, None, "Lydec")
	assert (b.lines, b.tax, b.total) == (
		[("Lydec", Decimal("414.31"))],
		Decimal(0),
		Decimal("414.31"),
	)


def test_auto_approval_needs_every_condition():
	base = {
		"enabled": True,
		"doc_class": "supplier_invoice",
		"confidence": 0.97,
		"threshold": 95,
		"review_fields": [],
		"issues": [],
		"llm_status": "ok",
		"supplier": "Nadafa Services SARL",
		"clean_history": 3,
		"min_history": 3,
	}
	assert review.auto_approval(**base).approve
	for change, code in (
		({"enabled": False}, "disabled"),
		({"doc_class": "bank_statement"}, "class"),
		({"issues": [{"code": "totals"}]}, "issues"),
		({"review_fields": ["total_ttc"]}, "review"),
		({"llm_status": "unavailable"}, "llm"),
		({"confidence": 0.9}, "confidence"),
		({"supplier": None}, "supplier"),
		({"clean_history": 2}, "history"),
	):
		d = review.auto_approval(**{**base, **change})
		assert (d.approve, d.code) == (False, code)
		assert d.message
	assert review.invoice_key(" fa-2024/0012 ") == review.invoice_key("FA 2024 0012")
