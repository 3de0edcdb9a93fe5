"""Language detection: French, Modern Standard Arabic, Darija in Arabic script and in arabizi."""

import pytest
from syndic_maroc.core.assistant.language import ARABIC, DARIJA, FRENCH, detect


@pytest.mark.parametrize(
	"question",
	[
		"Combien doit le lot B-12 ?",
		"Les 10 plus gros impayés à la résidence",
		"Le budget nettoyage est-il dépassé en fin d'année ?",
		"Quelle est la date de la prochaine AG ?",
		"pourquoi mon appel du 2e trimestre est-il de 1 250 DH ?",
	],
)
def test_french(question):
	lang = detect(question)
	assert lang.code == FRENCH and lang.reply == "fr"


@pytest.mark.parametrize(
	"question",
	[
		"ما هو رصيدي؟",
		"ما هو مجموع المستحقات غير المؤداة؟",
		"متى الجمع العام المقبل؟",
		"كم عدد الشقق في الإقامة؟",
	],
)
def test_modern_standard_arabic(question):
	lang = detect(question)
	assert lang.code == ARABIC and lang.reply == "ar" and lang.script == "arabic"


@pytest.mark.parametrize(
	"question",
	[
		"شحال خاصني نخلص؟",
		"واش خلصت النداء ديال الربع الثاني؟",
		"علاش الواجب ديالي غالي هاد العام؟",
		"شكون ما خلصش؟",
	],
)
def test_darija_in_arabic_script(question):
	lang = detect(question)
	assert lang.code == DARIJA and lang.reply == "ar"


@pytest.mark.parametrize(
	"question",
	[
		"ch7al khassni nkhlles",
		"chhal 3andi f l7ssab",
		"wach khallest lwajib dyal T2 ?",
		"3lach lwajib ghali had l3am",
	],
)
def test_arabizi(question):
	lang = detect(question)
	assert lang.code == DARIJA and lang.script == "latin" and lang.reply == "ar"


def test_mixed_french_and_darija():
	assert detect("combien خاصني نخلص pour le lot B-12").code == DARIJA
	assert detect("wach l'appel du 2e trimestre tkhlles ?").code == DARIJA


def test_french_ordinals_and_lot_numbers_are_not_arabizi():
	# "2eme", "T2", "B-12" carry digits next to letters; they are not Darija letters.
	assert detect("le 2eme trimestre du lot B12 et le T3").code == FRENCH
	assert detect("fin de l'année").code == FRENCH
