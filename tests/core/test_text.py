"""core.text and core.errors: Unicode clean-up and the translatable error type."""

import pytest
from syndic_maroc.core.errors import ValidationError, _
from syndic_maroc.core.text import fold, normalize_text, strip_accents, to_ascii_digits


def test_arabic_presentation_forms_become_base_letters():
	# "ﺍﻟﻜﻬﺮﺑﺎﺀ" as extracted from a Lydec bill (MOROCCO.md §2.3)
	assert normalize_text("ﺍﻟﻜﻬﺮﺑﺎﺀ") == "الكهرباء"
	assert normalize_text("ﻻ") == "لا"  # lam-alef ligature


def test_spaces_and_invisible_marks():
	assert normalize_text("  1\u00a0200,50\u202fDH\t\n") == "1 200,50 DH"
	assert normalize_text("\u200e12\u200b34\ufeff") == "1234"
	assert normalize_text(None) == ""


def test_arabic_indic_digits():
	assert to_ascii_digits("١٥/٠١/٢٠٢٦") == "15/01/2026"
	assert to_ascii_digits("۱۲۳") == "123"
	assert normalize_text("٤١٤,٣١") == "414,31"


def test_strip_accents():
	assert strip_accents("Février, août, décembre, Ç") == "Fevrier, aout, decembre, C"


@pytest.mark.parametrize(
	("text", "folded"),
	[
		("Février", "fevrier"),
		("JANVIER", "janvier"),
		("أبريل", "ابريل"),
		("إبريل", "ابريل"),
		("آذار", "اذار"),
		("يـنـايـر", "يناير"),  # tatweel
		("مُحَرَّم", "محرم"),  # harakat
		("الأولى", "الاولي"),  # alef maqsura
		("تشرين األول", "تشرين الاول"),  # broken lam-alef
		("الاتحاد", "الاتحاد"),  # a genuine "ال" + alef stays
	],
)
def test_fold(text, folded):
	assert fold(text) == folded


def test_validation_error_keeps_template_and_params():
	error = ValidationError(_("L'ICE doit contenir 15 chiffres (reçu : {value})"), value="12")
	assert isinstance(error, ValueError)
	assert error.message == "L'ICE doit contenir 15 chiffres (reçu : {value})"
	assert error.params == {"value": "12"}
	assert str(error) == "L'ICE doit contenir 15 chiffres (reçu : 12)"


def test_validation_error_translates_then_formats():
	error = ValidationError("Montant illisible : « {value} »", value="12a")
	arabic = {"Montant illisible : « {value} »": "مبلغ غير مقروء: «{value}»"}
	assert error.translated(lambda m: arabic.get(m, m)) == "مبلغ غير مقروء: «12a»"


def test_a_broken_translation_falls_back_to_the_french_template():
	error = ValidationError("Date invalide : « {value} »", value="31/02")
	assert error.translated(lambda m: "تاريخ غير صالح {valeur}") == "Date invalide : « 31/02 »"


def test_marker_returns_the_message_unchanged():
	assert _("Date vide") == "Date vide"
