"""The deterministic router on a small registry written here (not the demo's), and the refusals
a co-owner gets before any tool runs."""

from datetime import date

import pytest
from syndic_maroc.core.assistant import intents as I
from syndic_maroc.core.assistant.registry import (
	CoOwnerRef,
	Reader,
	ResidenceRef,
	Snapshot,
	SupplierRef,
	UnitRef,
)
from syndic_maroc.core.assistant.router import (
	DEBTORS,
	OTHER_OWNER,
	OTHER_RESIDENCE,
	STAFF_ONLY,
	route,
)

TODAY = date(2026, 6, 15)
SNAP = Snapshot(
	residences=(
		ResidenceRef("R-OASIS", "Résidence Les Oliviers"),
		ResidenceRef("R-MER", "Résidence Bab El Bahr", ("BEB",)),
	),
	units=(
		UnitRef("C-07 - OL", "C-07", "R-OASIS", "CO-1", 120),
		UnitRef("C-08 - OL", "C-08", "R-OASIS", "CO-2", 95),
		UnitRef("P-3 - OL", "P-3", "R-OASIS", "CO-1", 10),
		UnitRef("14 - BEB", "14", "R-MER", "CO-3", 200),
	),
	co_owners=(
		CoOwnerRef("CO-1", "Abdelilah Tazi", ("R-OASIS",)),
		CoOwnerRef("CO-2", "Najat Berrada", ("R-OASIS",)),
		CoOwnerRef("CO-3", "Omar Chraibi", ("R-MER",)),
	),
	suppliers=(
		SupplierRef("SUP-A", "Otis Maroc", "Elevator"),
		SupplierRef("SUP-B", "Propreté Express", "Cleaning"),
	),
)
STAFF = Reader(staff_residences=("R-OASIS", "R-MER"))
OWNER = Reader(owner_residences=("R-OASIS",), co_owners=("CO-1",))


def staff(q, residence=None):
	return route(q, SNAP, STAFF, TODAY, residence=residence)


def owner(q):
	return route(q, SNAP, OWNER, TODAY)


def test_lot_balance_for_staff():
	r = staff("combien doit le lot C-08 ?")
	assert (r.intent, r.units, r.residence, r.refusal) == (
		I.BALANCE,
		["C-08 - OL"],
		"R-OASIS",
		None,
	)


@pytest.mark.parametrize(
	"q",
	["solde du lot c08", "solde lot C 08", "الشقة C-08 شحال عليها؟", "ch7al 3la C-08"],
)
def test_lot_numbers_as_typed(q):
	assert staff(q).units == ["C-08 - OL"]


def test_bare_number_needs_a_lot_word():
	assert staff("combien doit l'appartement 14 ?").units == ["14 - BEB"]
	assert staff("les 14 plus gros impayés à Bab El Bahr").units == []


def test_co_owner_fuzzy_name():
	r = staff("combien doit Najat Berada ?")  # one letter missing
	assert r.intent == I.BALANCE and r.co_owner == "CO-2" and r.residence == "R-OASIS"


def test_arrears_top_n_and_residence():
	r = staff("les 5 plus gros impayés à Bab El Bahr")
	assert (r.intent, r.top_n, r.residence) == (I.ARREARS, 5, "R-MER")
	assert staff("ما هو مجموع المستحقات غير المؤداة في Bab El Bahr؟").intent == I.ARREARS


def test_spend_by_category_and_quarter():
	r = staff("dépenses d'ascenseur en 2025 par trimestre aux Oliviers")
	assert (r.intent, r.categories, r.breakdown, r.residence) == (
		I.SPEND,
		["Elevator"],
		"quarter",
		"R-OASIS",
	)
	assert r.period.year == 2025 and r.suppliers == []


def test_spend_by_supplier():
	r = staff("qu'a-t-on payé à Otis cette année ?", residence="R-OASIS")
	assert (r.intent, r.suppliers, r.period.year) == (I.SPEND, ["SUP-A"], 2026)


def test_arabic_and_darija_categories():
	assert staff("مصاريف الحراسة هذا العام", residence="R-MER").categories == ["Security"]
	assert staff("ch7al sraf 3la sansour", residence="R-MER").categories == ["Elevator"]


def test_budget_question():
	r = staff("le budget nettoyage est-il dépassé ?", residence="R-OASIS")
	assert (r.intent, r.categories, r.ageing) == (I.BUDGET, ["Cleaning"], False)


def test_open_invoices_question():
	assert staff("quelles factures attendent validation ?", residence="R-OASIS").intent == I.OPEN_INVOICES


def test_share_question_with_quoted_amount():
	r = owner("pourquoi mon appel du 2e trimestre est-il de 1 250 DH ?")
	assert r.intent == I.SHARE and r.period.index == 2 and r.quoted_amounts and r.refusal is None


def test_next_ag():
	assert owner("quand est la prochaine AG ?").intent == I.NEXT_AG
	assert owner("متى الجمع العام المقبل؟").intent == I.NEXT_AG


def test_document_questions():
	assert owner("que dit le règlement sur les animaux ?").intent == I.DOCUMENT
	assert owner("واش مسموح نربي الكلاب؟").intent == I.DOCUMENT


def test_staff_must_say_which_residence():
	assert staff("les plus gros impayés").clarify == "which_residence"
	assert staff("les plus gros impayés", residence="R-MER").clarify is None


def test_staff_outside_their_residences():
	reader = Reader(staff_residences=("R-OASIS",))
	r = route("impayés à Bab El Bahr", SNAP, reader, TODAY)
	# the snapshot of this reader would not even list R-MER; when it does, it is refused
	assert r.refusal == OTHER_RESIDENCE


@pytest.mark.parametrize(
	"q",
	[
		"combien doit le lot C-08 ?",
		"solde de Najat Berrada",
		"solde de Najat",
		"ما هو رصيد الشقة C-08؟",
		"ch7al khasso jari",
		"combien doit mon voisin ?",
		"رصيد جاري",
		"combien doit-il ?",
		"historique de Berrada",
	],
)
def test_co_owner_asking_about_another_owner_is_refused(q):
	assert owner(q).refusal == OTHER_OWNER


@pytest.mark.parametrize(
	"q",
	[
		"les impayés de la résidence",
		"qui n'a pas payé ?",
		"شكون ما خلصش؟",
		"chkoun ma khallsch",
	],
)
def test_co_owner_asking_for_debtors_is_refused(q):
	assert owner(q).refusal == DEBTORS


def test_co_owner_asking_about_another_residence_is_refused():
	assert owner("dépenses de Bab El Bahr").refusal == OTHER_RESIDENCE
	assert owner("combien doit le lot 14 ?").refusal in (OTHER_RESIDENCE, OTHER_OWNER)


def test_co_owner_work_queue_is_staff_only():
	assert owner("quelles factures attendent validation ?").refusal == STAFF_ONLY


@pytest.mark.parametrize(
	"q",
	[
		"ما هو رصيدي؟",
		"combien je dois ?",
		"ch7al khassni nkhlles",
		"solde du lot P-3",
		"mes impayés",
	],
)
def test_co_owner_own_account(q):
	r = owner(q)
	assert r.refusal is None and r.intent == I.BALANCE and r.co_owner is None and r.residence == "R-OASIS"


def test_co_owner_shared_figures_are_allowed():
	r = owner("le budget du nettoyage est-il dépassé ?")
	assert r.refusal is None and r.intent == I.BUDGET


def test_forced_intent_is_gated_too():
	# an LLM's tool call goes through the same refusals
	r = route("bonjour", SNAP, OWNER, TODAY, intent=I.ARREARS)
	assert r.refusal == DEBTORS


def test_supplier_serving_one_residence_names_it():
	snap = Snapshot(
		residences=SNAP.residences,
		suppliers=(SupplierRef("SUP-A", "Otis Maroc", "Elevator", ("R-OASIS",)),),
	)
	r = route("qu'a-t-on payé à Otis cette année ?", snap, STAFF, TODAY)
	assert (r.residence, r.clarify) == ("R-OASIS", None)


def test_collection_rate_is_not_the_arrears_list():
	assert staff("taux de recouvrement du 1er trimestre", residence="R-MER").intent == I.CALLED_COLLECTED


@pytest.mark.parametrize(
	"q", ["que me reste-t-il à verser ?", "reste-t-il quelque chose à payer ?", "y a-t-il un solde à payer ?"]
)
def test_impersonal_inversion_is_not_someone_else(q):
	r = owner(q)
	assert r.refusal is None and r.intent == I.BALANCE


def test_third_person_is_still_refused():
	assert owner("combien doit-il ?").refusal == OTHER_OWNER
	assert owner("il doit combien ?").refusal == OTHER_OWNER
