"""Answer sentences in French and Arabic from a tool's figures (no LLM: the router's answers, and
the fallback when a generated answer carries a figure no tool gave).

Arabic answers are Modern Standard Arabic written the Moroccan way (Moroccan month names, "درهم",
Western digits as on Moroccan bills): they answer Darija questions too (language.py).
Amounts are written like Frappe's Moroccan format, "1 250,00 DH"; dates dd/mm/yyyy.

Figures a template writes besides the tool's own (the ageing thresholds, the ranks of a list) are
in the data the tool returns, so the figure check sees every number of a sentence come from it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from syndic_maroc.core.amounts import format_amount
from syndic_maroc.core.assistant import categories
from syndic_maroc.core.assistant.periods import MONTH, QUARTER, SEMESTER, YEAR, Period

_MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
_MONTHS_AR = "يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر".split()
_ORD_FR = {1: "1er", 2: "2e", 3: "3e", 4: "4e"}
_ORD_AR = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع"}


def money(value, lang: str) -> str:
	return f"{format_amount(Decimal(str(value)))} {'درهم' if lang == 'ar' else 'DH'}"


def day(value: date | None) -> str:
	return value.strftime("%d/%m/%Y") if value else "—"


def period_label(period: Period | None, lang: str) -> str:
	if period is None:
		return ""
	if lang == "ar":
		if period.kind == QUARTER:
			return f"الربع {_ORD_AR[period.index]} من سنة {period.year}"
		if period.kind == SEMESTER:
			return f"النصف {_ORD_AR[period.index]} من سنة {period.year}"
		if period.kind == MONTH:
			return f"شهر {_MONTHS_AR[period.index - 1]} {period.year}"
		if period.to_date:
			return f"سنة {period.year} إلى غاية {day(period.end)}"
		return f"سنة {period.year}"
	if period.kind == QUARTER:
		return f"{_ORD_FR[period.index]} trimestre {period.year}"
	if period.kind == SEMESTER:
		return f"{_ORD_FR[period.index]} semestre {period.year}"
	if period.kind == MONTH:
		return f"{_MONTHS_FR[period.index - 1]} {period.year}"
	if period.to_date:
		return f"{period.year} jusqu'au {day(period.end)}"
	return str(period.year) if period.kind == YEAR else ""


def _fr_ar(lang: str, fr: str, ar: str) -> str:
	return ar if lang == "ar" else fr


# --- refusals and clarifications -----------------------------------------------------------

REFUSALS = {
	"other_owner": (
		"Je ne peux vous donner que les informations de votre propre compte : le compte d'un autre "
		"copropriétaire ne vous est pas accessible. Votre syndic peut vous renseigner dans le cadre prévu par la loi.",
		"لا يمكنني أن أطلعك إلا على معلومات حسابك الخاص: حساب مالك آخر غير متاح لك. يمكن للسانديك أن يفيدك في الإطار الذي يحدده القانون.",
	),
	"debtors": (
		"La liste des copropriétaires débiteurs n'est pas accessible depuis votre espace. Je peux vous "
		"indiquer votre propre solde, ou les chiffres communs de la résidence (budget, dépenses).",
		"لائحة الملاك المدينين غير متاحة من فضائك. يمكنني أن أعطيك رصيدك الخاص، أو الأرقام المشتركة للإقامة (الميزانية، المصاريف).",
	),
	"other_residence": (
		"Cette résidence ne fait pas partie de celles auxquelles vous avez accès.",
		"هذه الإقامة ليست من الإقامات المتاحة لك.",
	),
	"staff_only": (
		"Les pièces et factures en attente de validation sont traitées par votre syndic ; elles ne sont pas consultables depuis votre espace.",
		"الوثائق والفواتير التي في انتظار المصادقة يعالجها السانديك، ولا يمكن الاطلاع عليها من فضائك.",
	),
	"no_residence": (
		"Aucune résidence n'est associée à votre compte : je ne peux répondre sur aucun chiffre.",
		"لا توجد أي إقامة مرتبطة بحسابك: لا يمكنني الإجابة عن أي رقم.",
	),
	"which_residence": (
		"De quelle résidence parlez-vous ? Choisissez-la dans le sélecteur ou nommez-la dans la question.",
		"عن أي إقامة تتحدث؟ اخترها من القائمة أو اذكر اسمها في السؤال.",
	),
	"which_account": (
		"De quel lot ou de quel copropriétaire s'agit-il ? Indiquez le mot « lot » suivi de son numéro, ou le nom du copropriétaire.",
		"عن أي شقة أو أي مالك تسأل؟ اذكر كلمة « الشقة » متبوعة برقمها، أو اسم المالك.",
	),
	"not_found": (
		"Je n'ai trouvé ni chiffre ni document qui réponde à cette question. Essayez par exemple : "
		"« combien doit le lot … ? », « dépenses de nettoyage cette année », « le budget est-il dépassé ? ».",
		"لم أجد رقما ولا وثيقة تجيب عن هذا السؤال. جرب مثلا: « كم رصيد الشقة …؟ »، « مصاريف النظافة هذه السنة »، « هل تم تجاوز الميزانية؟ ».",
	),
	"error": (
		"Je n'ai pas pu lire ces chiffres pour le moment. Réessayez dans un instant.",
		"تعذرت قراءة هذه الأرقام حاليا. أعد المحاولة بعد لحظة.",
	),
}


def refusal(reason: str, lang: str) -> str:
	fr, ar = REFUSALS.get(reason, REFUSALS["not_found"])
	return _fr_ar(lang, fr, ar)


# --- one function per tool ------------------------------------------------------------------


def balance(d: dict, lang: str) -> str:
	subject = d["subject"]
	if lang == "ar":
		if d["outstanding"] <= 0:
			text = f"بتاريخ {day(d['as_of'])}، {subject} لا يوجد عليه أي مبلغ مستحق."
		else:
			text = (
				f"بتاريخ {day(d['as_of'])}، المبلغ المستحق على {subject} هو {money(d['outstanding'], lang)} "
				f"في {d['invoices']} فاتورة مفتوحة"
			)
			if d["overdue"] > 0:
				text += f"، منها {money(d['overdue'], lang)} حل أجلها (أقدم أجل: {day(d['oldest_due'])})"
			text += "."
		if d.get("advance", 0) > 0:
			text += f" رصيد الدفعات المسبقة: {money(d['advance'], lang)}."
		return text
	if d["outstanding"] <= 0:
		text = f"Au {day(d['as_of'])}, {subject} : aucun montant dû, le compte est à jour."
	else:
		text = (
			f"Au {day(d['as_of'])}, {subject} : {money(d['outstanding'], lang)} à payer sur "
			f"{d['invoices']} appel(s) de fonds ouvert(s)"
		)
		if d["overdue"] > 0:
			text += (
				f", dont {money(d['overdue'], lang)} échus (plus ancienne échéance : {day(d['oldest_due'])})"
			)
		text += "."
	if d.get("advance", 0) > 0:
		text += f" Avance disponible : {money(d['advance'], lang)}."
	return text


def history(d: dict, lang: str) -> str:
	rows = d["rows"]
	head = _fr_ar(
		lang,
		f"Mouvements de {d['subject']} du {day(d['from_date'])} au {day(d['to_date'])} :",
		f"حركات {d['subject']} من {day(d['from_date'])} إلى {day(d['to_date'])}:",
	)
	lines = []
	for row in rows:
		amount = row["debit"] if row["debit"] else row["credit"]
		what = _fr_ar(lang, "appel" if row["debit"] else "paiement", "نداء" if row["debit"] else "أداء")
		lines.append(f"- {day(row['date'])} · {what} {row['voucher']} : {money(amount, lang)}")
	if not rows:
		lines.append(_fr_ar(lang, "- aucun mouvement sur la période.", "- لا توجد حركات خلال هذه المدة."))
	tail = _fr_ar(
		lang,
		f"Solde au {day(d['to_date'])} : {money(d['closing'], lang)}.",
		f"الرصيد في {day(d['to_date'])}: {money(d['closing'], lang)}.",
	)
	return "\n".join([head, *lines, tail])


def arrears(d: dict, lang: str) -> str:
	if not d["count"]:
		return _fr_ar(
			lang,
			f"Aucun impayé à {d['residence_label']} au {day(d['as_of'])}.",
			f"لا توجد أي مستحقات غير مؤداة في {d['residence_label']} بتاريخ {day(d['as_of'])}.",
		)
	head = _fr_ar(
		lang,
		f"Impayés de {d['residence_label']} au {day(d['as_of'])} : {money(d['total'], lang)} dus par "
		f"{d['count']} débiteur(s), dont {money(d['overdue'], lang)} échus. "
		f"Les {d['shown']} plus importants :",
		f"المستحقات غير المؤداة في {d['residence_label']} بتاريخ {day(d['as_of'])}: {money(d['total'], lang)} "
		f"على {d['count']} مدين، منها {money(d['overdue'], lang)} حل أجلها. أكبر {d['shown']}:",
	)
	lines = []
	for row in d["rows"]:
		line = f"{row['rank']}. {row['label']} : {money(row['total'], lang)}"
		if row.get("range_90_plus"):
			line += _fr_ar(
				lang,
				f" (dont {money(row['range_90_plus'], lang)} à plus de 90 jours)",
				f" (منها {money(row['range_90_plus'], lang)} لأكثر من 90 يوما)",
			)
		lines.append(line)
	text = "\n".join([head, *lines])
	if d.get("buckets"):
		b = d["buckets"]
		text += "\n" + _fr_ar(
			lang,
			"Ancienneté : "
			f"0-30 j {money(b['0-30'], lang)} · 31-60 j {money(b['31-60'], lang)} · "
			f"61-90 j {money(b['61-90'], lang)} · plus de 90 j {money(b['90+'], lang)}.",
			"الأقدمية: "
			f"0-30 يوما {money(b['0-30'], lang)} · 31-60 يوما {money(b['31-60'], lang)} · "
			f"61-90 يوما {money(b['61-90'], lang)} · أكثر من 90 يوما {money(b['90+'], lang)}.",
		)
	return text


def called_collected(d: dict, lang: str) -> str:
	return _fr_ar(
		lang,
		f"{d['residence_label']}, {d['period_label']} : {money(d['called'], lang)} appelés sur "
		f"{d['invoices']} avis, {money(d['collected'], lang)} encaissés sur ces appels, "
		f"reste {money(d['outstanding'], lang)} (taux de recouvrement {format_amount(d['rate'], decimals=1)} %).",
		f"{d['residence_label']}، {d['period_label']}: تم طلب {money(d['called'], lang)} في {d['invoices']} "
		f"إشعار، وتم تحصيل {money(d['collected'], lang)} منها، والباقي {money(d['outstanding'], lang)} "
		f"(نسبة التحصيل {format_amount(d['rate'], decimals=1)} %).",
	)


def spend(d: dict, lang: str) -> str:
	what = d.get("filter_label") or _fr_ar(lang, "toutes charges", "جميع المصاريف")
	head = _fr_ar(
		lang,
		f"Dépenses de {d['residence_label']} ({what}), {d['period_label']} : {money(d['total'], lang)}.",
		f"مصاريف {d['residence_label']} ({what})، {d['period_label']}: {money(d['total'], lang)}.",
	)
	lines = [f"- {row['label']} : {money(row['amount'], lang)}" for row in d.get("rows", [])]
	text = "\n".join([head, *lines])
	if d.get("shared_account"):
		text += "\n" + _fr_ar(
			lang,
			f"Le compte {d['shared_account']} regroupe plusieurs contrats ; le montant ne compte que les factures des prestataires de cette catégorie.",
			f"الحساب {d['shared_account']} يجمع عدة عقود؛ المبلغ يحتسب فقط فواتير مقدمي الخدمات في هذه الفئة.",
		)
	return text


def budget(d: dict, lang: str) -> str:
	if not d.get("budget_name"):
		return _fr_ar(
			lang,
			f"Aucun budget approuvé pour {d['residence_label']} sur l'exercice {d['fiscal_year']}.",
			f"لا توجد ميزانية مصادق عليها لـ {d['residence_label']} برسم السنة المالية {d['fiscal_year']}.",
		)
	lines = []
	for row in d["rows"]:
		pct = (
			""
			if row.get("variance_pct") is None
			else f" ({format_amount(row['variance_pct'], decimals=1)} %)"
		)
		flag = _fr_ar(lang, " — dépassé", " — تم التجاوز") if row["actual"] > row["budget"] else ""
		lines.append(
			_fr_ar(
				lang,
				f"- {row['label']} : budget {money(row['budget'], lang)}, réalisé {money(row['actual'], lang)}, "
				f"écart {money(row['variance'], lang)}{pct}{flag}",
				f"- {row['label']}: الميزانية {money(row['budget'], lang)}، المنجز {money(row['actual'], lang)}، "
				f"الفرق {money(row['variance'], lang)}{pct}{flag}",
			)
		)
	t = d["total"]
	head = _fr_ar(
		lang,
		f"Budget {d['fiscal_year']} de {d['residence_label']} (réalisé au {day(d['to_date'])}) :",
		f"ميزانية {d['fiscal_year']} لـ {d['residence_label']} (المنجز إلى غاية {day(d['to_date'])}):",
	)
	if not d.get("single"):
		lines.append(
			_fr_ar(
				lang,
				f"Total : budget {money(t['budget'], lang)}, réalisé {money(t['actual'], lang)}; "
				f"{d['overruns']} poste(s) en dépassement.",
				f"المجموع: الميزانية {money(t['budget'], lang)}، المنجز {money(t['actual'], lang)}؛ "
				f"{d['overruns']} بند تم تجاوزه.",
			)
		)
	return "\n".join([head, *lines])


def open_invoices(d: dict, lang: str) -> str:
	head = _fr_ar(
		lang,
		f"{d['residence_label']} : {d['count']} facture(s) fournisseur à payer pour {money(d['total'], lang)}; "
		f"{d['review_count']} pièce(s) déposée(s) à valider.",
		f"{d['residence_label']}: {d['count']} فاتورة مورد للأداء بمبلغ {money(d['total'], lang)}؛ "
		f"{d['review_count']} وثيقة مودعة في انتظار المصادقة.",
	)
	lines = [
		f"- {row['supplier']} · {row['name']} : {money(row['outstanding'], lang)} ({_fr_ar(lang, 'échéance', 'الأجل')} {day(row['due_date'])})"
		for row in d["rows"]
	]
	lines += [f"- {row['name']} : {row['label']}" for row in d.get("review_rows", [])]
	return "\n".join([head, *lines])


def share(d: dict, lang: str) -> str:
	if not d.get("lines"):
		return _fr_ar(
			lang,
			f"Aucun appel de fonds trouvé pour {d['subject']} sur {d['period_label']}.",
			f"لم أجد أي نداء أموال لـ {d['subject']} خلال {d['period_label']}.",
		)
	head = _fr_ar(
		lang,
		f"Appel {d['call_label']} de {d['subject']} : {money(d['total'], lang)}. Il se compose ainsi :",
		f"نداء {d['call_label']} الخاص بـ {d['subject']}: {money(d['total'], lang)}. وهو مكون كما يلي:",
	)
	lines = []
	for row in d["lines"]:
		lines.append(
			_fr_ar(
				lang,
				f"- {row['category_label']} (lot {row['unit']}) : {money(row['amount'], lang)} = "
				f"{money(row['line_amount'], lang)} appelés × {format_amount(row['weight'], decimals=0)} / "
				f"{format_amount(row['key_total'], decimals=0)} ({row['key_name']})",
				f"- {row['category_label']} (الشقة {row['unit']}): {money(row['amount'], lang)} = "
				f"{money(row['line_amount'], lang)} مطلوبة × {format_amount(row['weight'], decimals=0)} / "
				f"{format_amount(row['key_total'], decimals=0)} ({row['key_name']})",
			)
		)
	tail = _fr_ar(
		lang,
		"Chaque ligne du budget voté est répartie selon sa clé (tantièmes ou clé spéciale), au centime près.",
		"كل بند من الميزانية المصادق عليها يوزع حسب مفتاح التوزيع الخاص به (الحصص أو مفتاح خاص).",
	)
	return "\n".join([head, *lines, tail])


def next_ag(d: dict, lang: str) -> str:
	if not d.get("found"):
		return _fr_ar(
			lang,
			f"Aucune assemblée générale n'est enregistrée pour {d['residence_label']}.",
			f"لا يوجد أي جمع عام مسجل لـ {d['residence_label']}.",
		)
	head = _fr_ar(
		lang,
		f"{d['title']} de {d['residence_label']} : le {day(d['date'])}"
		+ (f", {d['place']}" if d.get("place") else "")
		+ ".",
		f"{d['title']} لـ {d['residence_label']}: بتاريخ {day(d['date'])}"
		+ (f"، {d['place']}" if d.get("place") else "")
		+ ".",
	)
	lines = [f"- {text}" for text in d.get("decisions", [])]
	return "\n".join([head, *lines])


def registry(d: dict, lang: str) -> str:
	text = _fr_ar(
		lang,
		f"{d['residence_label']} : {d['units']} lots, {d['co_owners']} copropriétaires, "
		f"{format_amount(d['total_tantiemes'], decimals=0)} tantièmes au total.",
		f"{d['residence_label']}: {d['units']} وحدة، {d['co_owners']} مالكا، "
		f"{format_amount(d['total_tantiemes'], decimals=0)} حصة في المجموع.",
	)
	if d.get("own_units"):
		parts = ", ".join(
			f"{u['unit']} ({format_amount(u['tantiemes'], decimals=0)})" for u in d["own_units"]
		)
		text += " " + _fr_ar(
			lang,
			f"Vos lots : {parts}, soit {format_amount(d['own_tantiemes'], decimals=0)} tantièmes.",
			f"وحداتك: {parts}، أي {format_amount(d['own_tantiemes'], decimals=0)} حصة.",
		)
	return text


def documents(passages: list[dict], lang: str) -> str:
	if not passages:
		return refusal("not_found", lang)
	head = _fr_ar(lang, "Voici ce que disent les documents de la résidence :", "هذا ما تقوله وثائق الإقامة:")
	lines = []
	for p in passages:
		where = p["title"] + (
			_fr_ar(lang, f", page {p['page']}", f"، الصفحة {p['page']}") if p.get("page") else ""
		)
		lines.append(f"« {p['text'].strip()} » ({where})")
	return "\n".join([head, *lines])


RENDERERS = {
	"balance": balance,
	"history": history,
	"arrears": arrears,
	"called_collected": called_collected,
	"spend": spend,
	"budget": budget,
	"open_invoices": open_invoices,
	"share": share,
	"next_ag": next_ag,
	"registry": registry,
}


def render(tool: str, data: dict, lang: str) -> str:
	return RENDERERS[tool](data, lang)


def category_label(category: str, lang: str) -> str:
	return categories.label(category, lang)
