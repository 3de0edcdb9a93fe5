"""Rule + LLM merging (pure): agreement, disagreement, LLM-only, typing of the LLM's answer."""

from datetime import date
from decimal import Decimal as D

from syndic_maroc.core.intake.merge import coerce, llm_schema, mark_rule_only, merge, review_fields
from syndic_maroc.core.intake.model import (
	BANK_STATEMENT,
	BOTH,
	INVOICE,
	LLM,
	RULE,
	UTILITY_BILL,
	Field,
	InvoiceFields,
)


def rules():
	return InvoiceFields(
		supplier_name=Field("ATLAS ASCENSEURS SARL", 0.95),
		invoice_number=Field("F2024-0153", 0.95),
		total_ttc=Field(D("1200.00"), 0.75),
		total_ht=Field(D("1000.00"), 0.95),
	)


def test_agreement_gives_both_and_more_confidence():
	fields = merge(
		INVOICE,
		rules(),
		{"supplier_name": "Atlas Ascenseurs SARL", "total_ttc": 1200, "invoice_number": "F2024-0153"},
	)
	assert fields.total_ttc.source == BOTH and fields.total_ttc.confidence >= 0.95
	assert fields.supplier_name.source == BOTH
	assert fields.invoice_number.source == BOTH


def test_disagreement_keeps_the_rule_value_and_lowers_confidence():
	fields = merge(INVOICE, rules(), {"total_ht": "1 100,00"})
	assert fields.total_ht.value == D("1000.00") and fields.total_ht.source == RULE
	assert fields.total_ht.alternative == D("1100.00") and fields.total_ht.confidence <= 0.5
	assert "total_ht" in review_fields(fields)


def test_llm_fills_what_rules_missed():
	fields = merge(
		INVOICE,
		rules(),
		{
			"invoice_date": "2024-03-15",
			"ice": "001 234 567 000 089",
			"due_date": None,
			"lines": [{"description": "Nettoyage", "quantity": 1, "unit_price": 1000, "amount": 1000}],
		},
	)
	assert fields.invoice_date.value == date(2024, 3, 15) and fields.invoice_date.source == LLM
	assert fields.invoice_date.confidence < 0.8
	assert fields.ice.value == "001234567000089"
	assert not fields.due_date.present
	assert fields.lines[0].amount == D("1000.00")


def test_no_answer_changes_nothing_and_rule_only_is_marked_for_review():
	fields = merge(INVOICE, rules(), None)
	assert fields.supplier_name.confidence == 0.95
	mark_rule_only(fields)
	assert set(review_fields(fields)) == {"supplier_name", "invoice_number", "total_ttc", "total_ht"}


def test_coerce():
	assert coerce("total_ttc", "414,31") == D("414.31")
	assert coerce("total_ttc", 414.31) == D("414.31")
	assert coerce("consumption", "286") == 286
	assert coerce("due_date", "20/02/2024") == date(2024, 2, 20)
	assert coerce("due_date", "pas de date") is None
	assert coerce("supplier_name", "  ") is None


def test_schemas_are_json_schema_objects():
	for cls in (INVOICE, UTILITY_BILL, BANK_STATEMENT):
		s = llm_schema(cls)
		assert s["type"] == "object" and set(s["required"]) <= set(s["properties"])
	assert llm_schema(INVOICE)["properties"]["total_ttc"]["type"] == ["number", "null"]
	assert "transactions" not in llm_schema(BANK_STATEMENT)["properties"]
