"""Intent patterns: what a question asks, from the phrasings of the Moroccan market in French,
Modern Standard Arabic and Darija (Arabic script and arabizi). Each intent has weighted phrases;
the router adds the weights of the phrases found (on fold() text) and takes the best intent.

The phrases are the market's vocabulary, written from how syndics and co-owners ask (the call
notice, the relevé, the AG), not from a question set: the question set is written separately and
only measures them.
"""

from __future__ import annotations

import re

from syndic_maroc.core.text import fold

BALANCE = "balance"
HISTORY = "history"
ARREARS = "arrears"
CALLED_COLLECTED = "called_collected"
SPEND = "spend"
BUDGET = "budget"
OPEN_INVOICES = "open_invoices"
SHARE = "share"
NEXT_AG = "next_ag"
REGISTRY = "registry"
DOCUMENT = "document"
UNKNOWN = "unknown"

# intent -> ((weight, phrases), ...); a phrase is a regular expression over fold() text written
# with plain words ("combien doit"); "~" stands for any one or two words in between.
PHRASES: dict[str, tuple[tuple[float, tuple[str, ...]], ...]] = {
	BALANCE: (
		(
			3,
			(
				"combien doit",
				"combien dois",
				"combien je dois",
				"combien ~ doit",
				"ce que je dois",
				"ce qu'il doit",
				"ce qu'elle doit",
				"reste a payer",
				"reste du",
				"reste dû",
				"montant du",
				"somme due",
				"mon solde",
				"son solde",
				"le solde",
				"solde du",
				"solde de",
				"solde",
				"sa dette",
				"ma dette",
				"dettes? du",
				"doit encore",
				"je dois",
				"suis-je a jour",
				"suis je a jour",
				"a jour de",
				"a jour dans",
				"mes impayes",
				"mon impaye",
				"mes arrieres",
				"combien il reste",
				"combien reste",
				"balance",
				"رصيد",
				"رصيدي",
				"الرصيد",
				"المبلغ المتبقي",
				"المبلغ المستحق علي",
				"المستحق علي",
				"كم يجب علي",
				"كم علي",
				"كم ادين",
				"ما علي",
				"ديوني",
				"ديني",
				"شحال خاصني",
				"شحال خصني",
				"شحال عليا",
				"شحال باقي",
				"شحال كيتسالني",
				"شحال كيسال",
				"شحال خاصو",
				"شحال خاص",
				"شحال عليه",
				"باقي عليا",
				"مخلص",
				"ch7al khassni",
				"chhal khassni",
				"ch7al khasni",
				"chhal khasni",
				"ch7al khsni",
				"ch7al 3liya",
				"chhal 3liya",
				"ch7al 3lia",
				"chhal 3lia",
				"ch7al ba9i",
				"chhal ba9i",
				"ba9i 3liya",
				"ba9i 3lia",
				"ch7al khasso",
				"chhal khasso",
				"ch7al 3lih",
				"chhal 3lih",
				"wach mkhalles",
				"wach khallest",
				"ch7al 3andi",
				"chhal 3andi",
				"ch7al kaysalni",
				"chhal kaysalni",
			),
		),
		(1, ("combien", "كم", "شحال", "ch7al", "chhal", "doit", "dois", "يدين")),
	),
	HISTORY: (
		(
			3,
			(
				"historique",
				"mes paiements",
				"ses paiements",
				"ses versements",
				"mes versements",
				"mouvements",
				"releve de compte",
				"mon releve",
				"son releve",
				"releve",
				"detail de mon compte",
				"detail du compte",
				"derniers paiements",
				"dernier paiement",
				"quand ai-je paye",
				"quand j'ai paye",
				"سجل",
				"كشف الحساب",
				"كشف حساب",
				"الاداءات",
				"اداءاتي",
				"مدفوعاتي",
				"المدفوعات",
				"اخر اداء",
				"اخر دفعه",
				"فاش خلصت",
				"امتى خلصت",
				"شنو خلصت",
				"l'historique",
				"achno khallest",
				"chno khallest",
				"imta khallest",
				"fach khallest",
			),
		),
	),
	ARREARS: (
		(
			4,
			(
				"impayes",
				"impaye",
				"debiteurs",
				"debiteur",
				"arrieres",
				"mauvais payeurs",
				"qui n'a pas paye",
				"qui n'ont pas paye",
				"qui doit le plus",
				"qui doivent",
				"plus gros impayes",
				"retardataires",
				"en retard de paiement",
				"creances",
				"anciennete des",
				"balance agee",
				"ageing",
				"restes a recouvrer",
				"a recouvrer",
				"المستحقات غير المؤداه",
				"المستحقات غير المدفوعه",
				"غير المؤداه",
				"غير المدفوعه",
				"المتاخرات",
				"المتاخرين",
				"المدينين",
				"الديون",
				"الباقي بذمه",
				"من لم يؤد",
				"من لم يدفع",
				"الذين لم يؤدوا",
				"شكون ما خلصش",
				"شكون لي ما خلصش",
				"لي ما خلصوش",
				"اللي ما خلصوش",
				"ما خلصوش",
				"chkoun ma khallsch",
				"chkoun ma khallesch",
				"li ma khallsouch",
				"lli ma khallsouch",
				"ma khallsouch",
				"chkoun li ma khlssch",
			),
		),
	),
	CALLED_COLLECTED: (
		(
			4,
			(
				"appele",
				"appeles",
				"appelees",
				"encaisse",
				"encaisses",
				"encaissements",
				"encaissement",
				"collecte",
				"recouvre",
				"taux de recouvrement",
				"taux d'encaissement",
				"cotisations recues",
				"combien a-t-on recu",
				"combien avons-nous recu",
				"montant des appels",
				"total des appels",
				"المبالغ المحصله",
				"المحصل",
				"التحصيل",
				"نسبه التحصيل",
				"المداخيل",
				"المبالغ المطالب بها",
				"شحال تخلص",
				"شحال دخل",
				"شحال جمعنا",
				"ch7al tkhlles",
				"chhal tkhlles",
				"ch7al dkhel",
				"chhal dkhel",
				"ch7al jm3na",
			),
		),
	),
	SPEND: (
		(
			3,
			(
				"depenses",
				"depense",
				"depenser",
				"depensons",
				"depensé",
				"charges",
				"cout",
				"coute",
				"coutent",
				"paye a",
				"payes a",
				"verse a",
				"regle a",
				"facture par",
				"factures de",
				"combien a coute",
				"combien avons-nous paye",
				"qu'a-t-on paye",
				"a-t-on paye",
				"sorties",
				"المصاريف",
				"مصاريف",
				"النفقات",
				"نفقات",
				"صرفنا",
				"صرف",
				"المصروف",
				"تكاليف",
				"التكاليف",
				"كلف",
				"خلصنا",
				"شحال خلصنا",
				"شحال صرفنا",
				"شحال مشا",
				"ch7al khallsna",
				"chhal khallsna",
				"ch7al sraf",
				"chhal sraf",
				"ch7al sarfna",
				"lmasarif",
				"masarif",
			),
		),
	),
	BUDGET: (
		(
			4,
			(
				"budget",
				"budgete",
				"previsionnel",
				"depasse",
				"depassement",
				"depassements",
				"ecart",
				"ecarts",
				"budget vs",
				"realise",
				"الميزانيه",
				"ميزانيه",
				"تجاوز",
				"تجاوزنا",
				"الفرق",
				"lbudget",
				"budget dyal",
			),
		),
	),
	OPEN_INVOICES: (
		(
			5,
			(
				"attendent validation",
				"attente de validation",
				"a valider",
				"en attente",
				"a revoir",
				"a verifier",
				"a approuver",
				"factures fournisseurs",
				"factures fournisseur",
				"factures non payees",
				"factures impayees",
				"factures ouvertes",
				"factures en cours",
				"dettes fournisseurs",
				"doit-on aux fournisseurs",
				"devons-nous aux fournisseurs",
				"pieces en attente",
				"documents a traiter",
				"documents deposes",
				"zero saisie",
				"الفواتير",
				"فواتير الموردين",
				"فواتير غير مؤداه",
				"في انتظار المصادقه",
				"للمصادقه",
				"للمراجعه",
				"الوثائق المودعه",
				"lfactures",
				"les factures",
			),
		),
	),
	SHARE: (
		(
			5,
			(
				"pourquoi mon appel",
				"pourquoi ~ appel",
				"pourquoi je paie",
				"pourquoi je paye",
				"pourquoi dois-je",
				"comment est calcule",
				"comment ~ calcule",
				"comment est calculee",
				"detail de mon appel",
				"detail de l'appel",
				"ma quote-part",
				"ma quote part",
				"quote-part",
				"ma part",
				"repartition de mon appel",
				"explique ~ appel",
				"d'ou vient",
				"لماذا",
				"علاش",
				"كيف تم حساب",
				"كيف يحسب",
				"كيفاش تحسب",
				"كيفاش كيتحسب",
				"حصتي",
				"نصيبي",
				"3lach",
				"3lech",
				"kifach t7sb",
				"kifach kay7sbo",
				"kifach 7sbto",
			),
		),
		(2, ("appel", "appels", "cotisation", "نداء", "المساهمه", "الواجب", "lwajib", "l'appel")),
	),
	NEXT_AG: (
		(
			5,
			(
				"prochaine ag",
				"prochaine assemblee",
				"assemblee generale",
				"l'ag",
				"ag de",
				"ag du",
				"une ag",
				"la prochaine reunion",
				"convocation",
				"الجمع العام",
				"الجمعيه العامه",
				"الاجتماع المقبل",
				"الاجتماع القادم",
				"الجمع العام المقبل",
				"ljam3 l3am",
				"jam3 l3am",
				"ljm3 l3am",
				"lag",
			),
		),
		(2, ("decide", "decision", "decisions", "vote", "votees", "resolutions", "قرار", "قرارات", "قرر")),
	),
	REGISTRY: (
		(
			4,
			(
				"combien de lots",
				"nombre de lots",
				"combien d'appartements",
				"nombre d'appartements",
				"combien de coproprietaires",
				"nombre de coproprietaires",
				"combien de proprietaires",
				"mes tantiemes",
				"tantiemes",
				"millemes",
				"mes lots",
				"quels sont mes lots",
				"كم عدد",
				"عدد الشقق",
				"عدد الملاك",
				"عدد الملاكين",
				"عدد الوحدات",
				"الحصص",
				"الاجزاء الالفيه",
				"شحال من شقه",
				"شحال من مالك",
				"ch7al mn chqa",
				"chhal mn chqa",
			),
		),
	),
	DOCUMENT: (
		(
			4,
			(
				"que dit",
				"qu'est-ce que dit",
				"que prevoit",
				"selon le reglement",
				"reglement",
				"contrat",
				"proces-verbal",
				"proces verbal",
				"pv de",
				"le pv",
				"est-il permis",
				"est-il interdit",
				"ai-je le droit",
				"a-t-on le droit",
				"autorise",
				"interdit",
				"animaux",
				"chien",
				"chat",
				"bruit",
				"stationnement",
				"clause",
				"article",
				"document",
				"ماذا يقول",
				"النظام الداخلي",
				"نظام الملكيه المشتركه",
				"القانون الداخلي",
				"العقد",
				"المحضر",
				"هل يسمح",
				"هل يمنع",
				"واش مسموح",
				"واش ممنوع",
				"الحيوانات",
				"الكلاب",
				"wach msmo7",
				"wach mamnou3",
				"reglement dyal",
			),
		),
	),
}

# Co-owners asking about someone else: "mon voisin", "les autres", "M. X" (router.py refuses).
OTHERS = tuple(
	fold(p)
	for p in (
		"mon voisin",
		"ma voisine",
		"mes voisins",
		"du voisin",
		"les voisins",
		"les autres coproprietaires",
		"autres coproprietaires",
		"tous les coproprietaires",
		"chaque coproprietaire",
		"les autres",
		"d'un autre",
		"d'une autre",
		"autre coproprietaire",
		"autre lot",
		"autre residence",
		"autres residences",
		"liste des coproprietaires",
		"jari",
		"jarti",
		"ljiran",
		"jiran",
		"lokhrin",
		"les gens li",
		"جاري",
		"جارتي",
		"الجيران",
		"جيراني",
		"الاخرين",
		"باقي الملاكين",
		"باقي الملاك",
		"الملاك الاخرين",
		"ملاك اخرين",
		"كل الملاك",
		"جميع الملاك",
		"لائحه الملاك",
	)
)

# Questions about "me" (the asker's own account).
SELF = tuple(
	fold(p)
	for p in (
		"je ",
		"j'",
		"mon ",
		"ma ",
		"mes ",
		"moi",
		"suis",
		"رصيدي",
		"حسابي",
		"علي",
		"عليا",
		"ديالي",
		"خاصني",
		"خصني",
		"خلصت",
		"حصتي",
		"diali",
		"dyali",
		"khassni",
		"khasni",
		"3liya",
		"3lia",
		"khallest",
		"3andi",
	)
)


def _compile(phrase: str) -> re.Pattern:
	body = re.escape(fold(phrase)).replace(r"\ \~\ ", r"\s+(?:[^\s]+\s+){0,2}").replace(r"\ ", r"\s+")
	body = body.replace(r"\?", "?")
	if re.search(r"[\u0600-\u06ff]", phrase):
		return re.compile(rf"(?<![\u0621-\u064a])(?:[وبلف]|ال)?{body}")
	return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


COMPILED = {
	intent: tuple((weight, tuple(_compile(p) for p in phrases)) for weight, phrases in groups)
	for intent, groups in PHRASES.items()
}
OTHERS_RE = tuple(_compile(p) for p in OTHERS)

# The router's own words: never part of a person's or a supplier's name (entities.resolve).
VOCABULARY = frozenset(
	word
	for groups in PHRASES.values()
	for _weight, phrases in groups
	for phrase in phrases
	for word in re.findall(r"[^\W_]+", fold(phrase))
	if len(word) >= 3
)


def scores(folded: str) -> dict[str, float]:
	result: dict[str, float] = {}
	for intent, groups in COMPILED.items():
		total = 0.0
		for weight, patterns in groups:
			hits = sum(1 for p in patterns if p.search(folded))
			if hits:
				# the first phrase counts fully, more phrases of the same intent add a little
				total += weight + 0.5 * (hits - 1)
		if total:
			result[intent] = total
	return result


def mentions_others(folded: str) -> bool:
	return any(p.search(folded) for p in OTHERS_RE)


def about_self(folded: str) -> bool:
	padded = f" {folded} "
	return any(p in padded for p in SELF)
