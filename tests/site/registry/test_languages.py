"""English is the source language: the same message reads English, French or Arabic with the
user's language (the app's catalogue compiled to sites/assets/locale and loaded by Frappe)."""

import pytest

pytestmark = pytest.mark.site

TOTAL_TANTIEMES = {
	"en": "The residence's total tantiemes must be strictly positive (received: 0)",
	"fr": "Le total des tantièmes de la résidence doit être strictement positif (reçu : 0)",
	"ar": "يجب أن يكون مجموع الحصص الشائعة للإقامة موجباً قطعاً (القيمة المتوصل بها: 0)",
}
PRESCRIPTION_DATE = {"en": "Prescription Date", "fr": "Date de prescription", "ar": "تاريخ التقادم"}


@pytest.fixture
def language(db):
	"""Switch the request language; restore it afterwards."""
	before = getattr(db.local, "lang", "fr")

	def switch(lang: str):
		db.local.lang = lang
		return db

	yield switch
	db.local.lang = before


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_residence_error_reads_in_the_users_language(language, lang):
	frappe = language(lang)
	residence = frappe.new_doc("Residence")
	residence.residence_name = "Language check"
	residence.total_tantiemes = 0
	with pytest.raises(frappe.ValidationError) as raised:
		residence.validate_total_tantiemes()
	frappe.local.message_log = []
	assert str(raised.value) == TOTAL_TANTIEMES[lang]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_report_column_reads_in_the_users_language(language, lang):
	from syndic_maroc.finance.report.arrears_by_unit.arrears_by_unit import execute

	language(lang)
	columns, data = execute({})
	labels = {c["fieldname"]: c["label"] for c in columns}
	assert data == []
	assert labels["prescription_date"] == PRESCRIPTION_DATE[lang]


def test_a_submitted_document_reads_valide_in_french(language):
	"""ERPNext's French says "Valider" (the button) for the state: our override says "Validé"."""
	frappe = language("fr")
	assert frappe._("Submitted") == "Validé"
	assert frappe._("Current") == "Courant"
	assert frappe._("Voucher No") == "N° de pièce"  # General Ledger, ERPNext says "N° de Référence"
	language("en")
	assert frappe._("Submitted") == "Submitted"


def test_a_background_job_speaks_the_site_language(language):
	"""frappe.init starts a worker in English; hooks.before_job (run by execute_job before the
	method) gives it the language of the user who queued it, else the site's (French), so text a
	job writes is not English."""
	frappe = language("en")
	assert frappe._("Submitted") == "Submitted"
	hook = "syndic_maroc.utils.language.before_job"
	assert hook in frappe.get_hooks("before_job")
	frappe.call(hook, method="syndic_maroc.finance.invoicing.issue", kwargs={}, transaction_type="job")
	assert frappe.db.get_default("lang") == "fr"
	assert frappe.local.lang == "fr"
	assert frappe._("Submitted") == "Validé"
