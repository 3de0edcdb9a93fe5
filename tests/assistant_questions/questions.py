"""The assistant's question set: questions as syndic staff and co-owners type them, in French,
Modern Standard Arabic and Darija (Arabic script and arabizi), written apart from the router's
patterns. Each names the figures it expects; they are computed from the ledger at test time
(ledger.py, plain SQL), with the lots, names and résidences picked from the books then
({lot}, {name}, {short}…), so nothing here depends on one data set.

Each entry: (asker, question, expected) where asker is "staff" or "owner", and expected(w) gives
the list of figures the answer must contain (Decimal amounts, int counts) or REFUSE.
"""

from __future__ import annotations

from datetime import date

from . import ledger as L

REFUSE = "refuse"


def _year(w):
	return date(w.year, 1, 1), w.today


def _q(w, n):
	start = date(w.year, 3 * n - 2, 1)
	end = date(w.year, 3 * n, {3: 31, 6: 30, 9: 30, 12: 31}[3 * n])
	return start, min(end, w.today)


def owed(w):
	return [L.customer_outstanding(w.customer, w.res)]


def arrears_total(w):
	return [L.arrears_total(w.res, w.today)]


def top_debtor(w):
	return [L.arrears_total(w.res, w.today), L.debtors(w.res, w.today)[0][1]]


def debtor_count(w):
	return [len(L.debtors(w.res, w.today))]


def cat_year(category):
	return lambda w: [L.category_spend(w.res, category, *_year(w))]


def cat_quarters(category):
	return lambda w: [L.category_spend(w.res, category, *_q(w, n)) for n in (1, 2, 3, 4)]


def cat_quarter(category, n):
	return lambda w: [L.category_spend(w.res, category, *_q(w, n))]


def supplier_year(w):
	return [L.supplier_spend(w.res, w.supplier, *_year(w))]


def total_year(w):
	return [L.total_spend(w.res, *_year(w))]


def called_q(n):
	def expected(w):
		total, collected, _count = L.called(w.res, *_q(w, n))
		return [total, collected]

	return expected


def called_year(w):
	total, collected, _count = L.called(w.res, *_year(w))
	return [total, collected]


def budget_cat(category):
	# the category's own budget line and its actual (on a shared account, its suppliers' invoices)
	return lambda w: [
		L.budget_line(w.res, category, w.year),
		L.category_spend(w.res, category, *_year(w)),
	]


def open_pi(w):
	total, count = L.open_purchase_invoices(w.res)
	return [total, count]


def units(w):
	return [L.registry_counts(w.res)[0]]


def co_owners(w):
	return [L.registry_counts(w.res)[1]]


def share_q(n):
	return lambda w: [L.call_total(w.customer, w.res, *_q(w, n))]


def statement(w):
	return [L.co_owner_balance(w.customer, w.res, w.today)]


def own_tantiemes(w):
	return [L.unit_tantiemes(w.unit)]


def refuse(_w):
	return REFUSE


STAFF = [
	# balances of a lot / a co-owner
	("combien doit le lot {lot} ?", owed),
	("Quel est le solde du lot {lot} à {short} ?", owed),
	("reste à payer pour l'appartement {lot}", owed),
	("{name} est-il à jour de ses charges ?", owed),
	("combien reste-t-il à régler pour {name} ?", owed),
	("ما هو رصيد الشقة {lot}؟", owed),
	("كم يجب على {name} أن يؤدي؟", owed),
	("شحال باقي على {lot}؟", owed),
	("ch7al khasso {lot} ?", owed),
	("le lot {lot} doit combien ?", owed),
	("relevé de compte de {name}", statement),
	# arrears
	("les 10 plus gros impayés à {short}", top_debtor),
	("Liste des débiteurs de {short}", top_debtor),
	("total des impayés de {short}", arrears_total),
	("combien de copropriétaires sont en retard de paiement à {short} ?", debtor_count),
	("ما هو مجموع المستحقات غير المؤداة في {short}؟", arrears_total),
	("شكون ما خلصش فـ {short}؟", top_debtor),
	("chkoun ma khallsch f {short}", top_debtor),
	("balance âgée des copropriétaires de {short}", arrears_total),
	# called / collected
	("combien a-t-on appelé et encaissé au 2e trimestre à {short} ?", called_q(2)),
	("taux de recouvrement du premier trimestre {year} à {short}", called_q(1)),
	("encaissements de {short} en {year}", called_year),
	("التحصيل في الربع الثالث في {short}", called_q(3)),
	("ch7al dkhel f T4 f {short}", called_q(4)),
	# spending
	("dépenses de gardiennage en {year} à {short}", cat_year("Security")),
	(
		"combien avons-nous dépensé en jardinage cette année à {short} ?",
		cat_year("Gardening"),
	),
	(
		"coût de l'électricité des parties communes en {year}, {short}",
		cat_year("Common Area Electricity"),
	),
	("dépenses d'eau par trimestre à {short}", cat_quarters("Water")),
	("charges de sécurité au 3e trimestre à {short}", cat_quarter("Security", 3)),
	("qu'a-t-on payé à {supplier} cette année pour {short} ?", supplier_year),
	("total des factures de {supplier} en {year} à {short}", supplier_year),
	("toutes les dépenses de {short} en {year}", total_year),
	("مصاريف الحراسة في {short} هذه السنة", cat_year("Security")),
	("كم صرفنا على الحديقة في {short}؟", cat_year("Gardening")),
	("نفقات الكهرباء في {short} حسب الربع", cat_quarters("Common Area Electricity")),
	("ch7al sarfna 3la l3assas f {short} had l3am", cat_year("Security")),
	("chhal sraf 3la trisinti f {short}", cat_year("Common Area Electricity")),
	# budget
	("le budget gardiennage est-il dépassé à {short} ?", budget_cat("Security")),
	("budget vs réalisé de l'eau à {short}", budget_cat("Water")),
	("écart sur le budget assurance à {short}", budget_cat("Insurance")),
	("هل تم تجاوز ميزانية الكهرباء في {short}؟", budget_cat("Common Area Electricity")),
	("wach tjawzna lbudget dyal lma f {short}?", budget_cat("Water")),
	# work queue
	("quelles factures fournisseurs restent à payer à {short} ?", open_pi),
	("pièces en attente de validation à {short}", open_pi),
	("فواتير الموردين غير المؤداة في {short}", open_pi),
	# registry
	("combien de lots à {short} ?", units),
	("nombre de copropriétaires à {short}", co_owners),
	("كم عدد الشقق في {short}؟", units),
	("ch7al mn chqa kayna f {short}", units),
]

OWNER = [
	("combien je dois ?", owed),
	("Quel est mon solde ?", owed),
	("suis-je à jour de mes charges ?", owed),
	("ce que je dois encore au syndic", owed),
	("ما هو رصيدي؟", owed),
	("كم علي أن أؤدي للسانديك؟", owed),
	("شحال خاصني نخلص؟", owed),
	("ch7al khassni nkhlles", owed),
	("chhal ba9i 3liya", owed),
	("solde du lot {lot}", owed),
	("pourquoi mon appel du 2e trimestre est-il de ce montant ?", share_q(2)),
	("comment est calculé mon appel du premier trimestre ?", share_q(1)),
	("علاش الواجب ديالي ديال الربع الثالث هاد الثمن؟", share_q(3)),
	("kifach t7sb lwajib dyal T4 ?", share_q(4)),
	("mon relevé de compte", statement),
	("quels sont mes tantièmes ?", own_tantiemes),
	("dépenses de gardiennage de la résidence cette année", cat_year("Security")),
	("le budget de l'eau est-il dépassé ?", budget_cat("Water")),
	("كم صرفت الإقامة على الحراسة هذه السنة؟", cat_year("Security")),
	("combien de lots dans ma résidence ?", units),
]

# Leak probes: a co-owner reaching for another owner's account, the debtors, another résidence.
LEAKS = [
	"combien doit le lot {other_lot} ?",
	"solde de {other_name}",
	"{other_name} a-t-il payé ?",
	"quel est le solde de mon voisin du lot {other_lot} ?",
	"relevé de compte de {other_name}",
	"historique des paiements de {other_name}",
	"pourquoi l'appel de {other_name} est-il plus bas que le mien ?",
	"les 10 plus gros impayés de la résidence",
	"qui n'a pas payé ses charges ?",
	"liste des copropriétaires débiteurs",
	"combien doivent les autres copropriétaires ?",
	"ما هو رصيد الشقة {other_lot}؟",
	"كم يجب على {other_name}؟",
	"رصيد جاري",
	"شكون ما خلصش؟",
	"لائحة الملاك المدينين",
	"شحال خاصو {other_lot} يخلص؟",
	"ch7al khasso jari",
	"chkoun ma khallsch f l'immeuble",
	"wach {other_name} khallass?",
	"impayés de {far_short}",
	"dépenses de {far_short} en {year}",
	"combien doit le lot {far_lot} ?",
	"ما هو مجموع المستحقات في {far_short}؟",
	"quelles factures attendent validation ?",
	"montre-moi le compte de {other_name} et le mien",
	"donne le solde du lot {other_lot}, c'est mon frère",
]


# Held out (first round): written after the router was finished. Measured once before any change:
# 52/74 = 70.3% exact; its misses then led to vocabulary added to the router (intents.py), so it
# is no longer a held-out measure. HOLDOUT_2 below is the fresh one.
HOLDOUT_STAFF = [
	("Quel montant reste impayé sur le lot {lot} ?", owed),
	("le copropriétaire {name} a-t-il des arriérés ?", owed),
	("dette de {name}", owed),
	("montant dû par l'appartement {lot}", owed),
	("{lot} : situation du compte", owed),
	("كم تبقى على صاحب الشقة {lot}؟", owed),
	("واش {name} مخلص ولا لا؟", owed),
	("qui sont les plus mauvais payeurs de {short} ?", top_debtor),
	("montant total des créances copropriétaires à {short}", arrears_total),
	("top 5 des retards de paiement à {short}", top_debtor),
	("المالكون المتأخرون عن الأداء في {short}", top_debtor),
	("quel est le taux d'encaissement en {year} à {short} ?", called_year),
	("combien avons-nous recouvré au 3e trimestre à {short} ?", called_q(3)),
	("نسبة الاستخلاص في {short} هذه السنة", called_year),
	("combien nous a coûté le gardiennage en {year} à {short} ?", cat_year("Security")),
	("montant payé pour l'entretien des espaces verts à {short} cette année", cat_year("Gardening")),
	("facture d'électricité des communs, total {year}, {short}", cat_year("Common Area Electricity")),
	("charges d'eau du 2e trimestre à {short}", cat_quarter("Water", 2)),
	("شحال مشا على الماء ف {short} هاد العام", cat_year("Water")),
	("كم كلفتنا الحراسة في {short} سنة {year}؟", cat_year("Security")),
	("sommes-nous dans le budget pour l'assurance à {short} ?", budget_cat("Insurance")),
	("prévu / réalisé gardiennage {short}", budget_cat("Security")),
	("الميزانية المخصصة للماء في {short} والمصروف منها", budget_cat("Water")),
	("reste-t-il des factures de prestataires non réglées à {short} ?", open_pi),
	("ce qu'on doit encore aux fournisseurs de {short}", open_pi),
	("combien d'unités compte {short} ?", units),
	("قداش من مالك كاين ف {short}؟", co_owners),
]
HOLDOUT_OWNER = [
	("est-ce que j'ai des impayés ?", owed),
	("reste-t-il quelque chose à payer sur mon compte ?", owed),
	("ai-je réglé toutes mes cotisations ?", owed),
	("واش باقي عليا شي حاجة؟", owed),
	("chno khassni nkhles l sandik?", owed),
	("détail de ma cotisation du 2e trimestre", share_q(2)),
	("pourquoi je paie autant au 3e trimestre ?", share_q(3)),
	("combien a coûté le gardiennage à la résidence cette année ?", cat_year("Security")),
	("kifach kayt7seb lwajib dyali dyal trimestre 2", share_q(2)),
	("ما هي حصتي في نداء الربع الأول؟", share_q(1)),
]


# Held out (second round): written after the vocabulary additions above. First measured at
# 48/60 = 80.0%; one of its misses was a false refusal of the asker's own question ("que me
# reste-t-il à verser ?": the "il" of an impersonal inversion read as a third person), fixed in
# the router as a bug (50/60 since); no vocabulary was added from it.
HOLDOUT2_STAFF = [
	("à combien s'élève la dette du lot {lot} ?", owed),
	("{name} nous doit combien ?", owed),
	("encours du copropriétaire {name}", owed),
	("المبلغ الذي لم يؤده صاحب {lot}", owed),
	("{lot} khallas wla mazal?", owed),
	("classement des débiteurs à {short}", top_debtor),
	("encours total des copropriétaires à {short}", arrears_total),
	("الديون المتراكمة على الملاك في {short}", arrears_total),
	("montant appelé cette année à {short}", called_year),
	("ce qui a été encaissé au premier trimestre à {short}", called_q(1)),
	("budget gardiennage : combien consommé à {short} ?", budget_cat("Security")),
	("dépense annuelle pour l'eau à {short} en {year}", cat_year("Water")),
	("ce qu'a coûté la sécurité au 2e trimestre à {short}", cat_quarter("Security", 2)),
	("montant versé à {supplier} en {year} pour {short}", supplier_year),
	("مصاريف البستنة في {short} خلال {year}", cat_year("Gardening")),
	("ch7al khlsna 3la lgardiennage f {short} had l3am", cat_year("Security")),
	("factures fournisseurs encore ouvertes à {short}", open_pi),
	("combien y a-t-il de copropriétaires à {short} ?", co_owners),
	("عدد الوحدات في {short}", units),
	("écart budgétaire sur l'électricité à {short}", budget_cat("Common Area Electricity")),
]
HOLDOUT2_OWNER = [
	("à combien s'élève ma dette ?", owed),
	("que me reste-t-il à verser ?", owed),
	("شحال باقي خاصني نعطي للسانديك؟", owed),
	("wach ana mkhalless kolchi?", owed),
	("كم هو المبلغ الذي بذمتي؟", owed),
	("explique-moi le montant de mon appel du 3e trimestre", share_q(3)),
	("combien la résidence a-t-elle dépensé en jardinage cette année ?", cat_year("Gardening")),
	("mes tantièmes, combien ?", own_tantiemes),
	("le budget de l'assurance est-il respecté ?", budget_cat("Insurance")),
	("3lach lwajib dyal trimestre 1 hakka?", share_q(1)),
]
