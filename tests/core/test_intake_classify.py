"""Classification from French and Arabic cues, issuers and banks as data."""

import unicodedata

from syndic_maroc.core.intake.classify import classify, find_bank, find_issuer
from syndic_maroc.core.intake.model import BANK_STATEMENT, INVOICE, OTHER, UTILITY_BILL
from syndic_maroc.core.text import fold


def key(text: str) -> str:
	return "\n".join(fold(line) for line in text.splitlines())


def test_invoice():
	c = classify(
		key(
			"ATLAS ASCENSEURS SARL\nFACTURE N° F2024-0012\nDésignation   Qté   P.U. HT\nTotal HT   1 000,00\nTVA 20 %   200,00\nTotal TTC   1 200,00"
		)
	)
	assert c.doc_class == INVOICE and c.confidence > 0.6


def test_utility_bill_and_issuer():
	text = "Lydec\nAvis de facturation Electricité\nPériode de consommation du 05/01/2024 au 05/02/2024\n286 kWh\nNet à payer * 414,31 *\nDate limite de paiement 20/02/2024"
	c = classify(key(text))
	assert c.doc_class == UTILITY_BILL and c.issuer == "Lydec"


def test_srm_wins_over_the_company_it_replaced():
	assert (
		find_issuer(key("SRM Casablanca-Settat (ex-Lydec)\nAvis de facturation mensuelle"))
		== "SRM Casablanca-Settat"
	)


def test_issuer_list_is_data():
	custom = [{"name": "SRM Fès-Meknès", "patterns": [r"\bsrm\s*fes"]}]
	assert find_issuer(key("SRM Fès-Meknès\nFacture eau"), custom) == "SRM Fès-Meknès"


def test_bank_statement():
	text = "ATTIJARIWAFA BANK   RELEVE DE COMPTE\nRIB : 007 780 0001234567890123 45\nCODE   LIBELLE   DATE VALEUR   DEBIT   CREDIT\nSOLDE DEPART AU 01 03 2024   12 345,67 CREDITEUR\nVERSEMENT ESPECE   04 03 2024   500,00"
	c = classify(key(text))
	assert c.doc_class == BANK_STATEMENT and c.issuer == "Attijariwafa bank"
	assert find_bank(key("CIH BANK")) == "CIH Bank"


def test_arabic_cues_in_presentation_forms_and_visual_order():
	# "فاتورة الكهرباء" as a PDF text layer gives it: presentation forms, reversed.
	shaped = "".join(reversed("ﻓﺎﺗﻮﺭﺓ ﺍﻟﻜﻬﺮﺑﺎﺀ"))
	assert unicodedata.normalize("NFKC", shaped) != shaped
	text = f"{shaped}\nPériode de consommation du 01/01/2024 au 31/01/2024\nNet à payer 100,00\nDate limite de paiement 15/02/2024"
	c = classify(key(text))
	assert c.doc_class == UTILITY_BILL
	assert c.scores[UTILITY_BILL] > classify(key(text.replace(shaped, ""))).scores[UTILITY_BILL]


def test_other():
	assert (
		classify(
			key("Procès-verbal de l'assemblée générale\nRésolution n° 1 : approbation des comptes")
		).doc_class
		== OTHER
	)
