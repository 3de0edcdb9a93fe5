"""The deterministic router: question → language, intent, entities, period → the tool to run
and its arguments, or a refusal decided before any tool runs.

Refusals (a co-owner may read their own account and their résidence's shared figures only):
- another lot's or another co-owner's account, the list of debtors, another résidence;
- a balance asked in the third person ("combien doit-il ?", "رصيد جاري") without naming
  one of the asker's own lots;
- the syndic's internal work queues (supplier invoices and documents to validate).
Each tool checks permissions again in the Frappe layer; this is the first gate, not the only one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from syndic_maroc.core.assistant import intents as I
from syndic_maroc.core.assistant.entities import Entities, resolve
from syndic_maroc.core.assistant.language import Language, detect
from syndic_maroc.core.assistant.periods import Period, PeriodRequest
from syndic_maroc.core.assistant.periods import resolve as resolve_period
from syndic_maroc.core.assistant.registry import Reader, Snapshot
from syndic_maroc.core.text import fold

# Refusal reasons (templates.py words them).
OTHER_OWNER = "other_owner"
DEBTORS = "debtors"
OTHER_RESIDENCE = "other_residence"
STAFF_ONLY = "staff_only"
NO_RESIDENCE = "no_residence"

# Clarifications: the router needs one more thing.
WHICH_RESIDENCE = "which_residence"
WHICH_ACCOUNT = "which_account"

# Tools that work on one résidence.
_RESIDENCE_TOOLS = {
	I.ARREARS,
	I.CALLED_COLLECTED,
	I.SPEND,
	I.BUDGET,
	I.OPEN_INVOICES,
	I.NEXT_AG,
	I.REGISTRY,
}
_ACCOUNT_TOOLS = {I.BALANCE, I.HISTORY, I.SHARE}
_THIRD_PERSON = tuple(
	re.compile(p)
	for p in (
		# "il" of an impersonal inversion ("reste-t-il", "y a-t-il", "faut-il") is nobody
		r"(?<![^\W_])(?:doit|doivent|elle|ils|son|sa|ses|leur|leurs|lui)(?![^\W_])"
		r"|(?<!reste-t-)(?<!a-t-)(?<!faut-)(?<!agit-)(?<![^\W_])il(?![^\W_])",
		r"(?<![\u0621-\u064a])(?:عليه|عليها|عليهم|رصيده|رصيدها|حسابه|حسابها|خاصو|خاصها)(?![\u0621-\u064a])",
		r"(?<![^\W_])(?:3lih|3liha|khasso|khassha|dyalo|dyalha|dialo|dialha)(?![^\W_])",
	)
)
_AGEING = re.compile(
	r"(?<![^\W_])(?:anciennete|agee|ageing|tranches?|90 jours|60 jours|30 jours)(?![^\W_])|اقدميه|حسب المده"
)
# First person about one's own debts ("mes impayés", "j'ai des arriérés", "ai-je des retards").
_SELF_DEBT = re.compile(
	r"(?<![^\W_])(?:mes|mon|j'ai|ai-je|ai je|suis-je|suis je|est-ce que j)(?![^\W_])"
	r"|(?<![\u0621-\u064a])(?:عندي|علي|عليا|ديالي)(?![\u0621-\u064a])|(?<![^\W_])(?:diali|dyali|3andi|3liya)(?![^\W_])"
)
# …unless a list is asked ("liste des impayés", "top 10", "qui n'a pas payé").
_A_LIST = re.compile(
	r"(?<![^\W_])(?:liste|top|plus gros|qui|debiteurs|tous|toutes|classement)(?![^\W_])|[0-9]+ (?:plus|premiers)|لائحه|شكون|chkoun"
)
_BY_UNIT = re.compile(
	r"(?<![^\W_])(?:par lot|par appartement|lots|appartements)(?![^\W_])|حسب الشقق|حسب الوحدات"
)


@dataclass
class Route:
	question: str
	language: Language
	intent: str
	residence: str | None = None
	units: list[str] = field(default_factory=list)
	co_owner: str | None = None
	suppliers: list[str] = field(default_factory=list)
	categories: list[str] = field(default_factory=list)
	period: Period | None = None
	breakdown: str | None = None
	top_n: int = 10
	by: str = "co_owner"
	ageing: bool = False
	refusal: str | None = None
	clarify: str | None = None
	quoted_amounts: list[str] = field(default_factory=list)
	scores: dict[str, float] = field(default_factory=dict)

	@property
	def tool(self) -> str | None:
		if self.refusal or self.clarify:
			return None
		return self.intent

	def arguments(self) -> dict:
		"""The tool's arguments as plain data (stored with the conversation)."""
		args = {
			"residence": self.residence,
			"units": self.units,
			"co_owner": self.co_owner,
			"suppliers": self.suppliers,
			"categories": self.categories,
			"from_date": self.period.start.isoformat() if self.period else None,
			"to_date": self.period.end.isoformat() if self.period else None,
			"breakdown": self.breakdown,
			"top_n": self.top_n,
			"by": self.by,
			"ageing": self.ageing,
		}
		return {k: v for k, v in args.items() if v not in (None, [], False)}


def choose_intent(folded: str, entities: Entities) -> tuple[str, dict[str, float]]:
	scores = I.scores(folded)
	if entities.categories or entities.suppliers:
		if not {I.BUDGET, I.OPEN_INVOICES, I.DOCUMENT, I.SHARE} & set(scores):
			scores[I.SPEND] = scores.get(I.SPEND, 0) + 3
	if entities.units or entities.co_owners:
		scores[I.BALANCE] = scores.get(I.BALANCE, 0) + 1.5
	if I.ARREARS in scores and not entities.units and not entities.co_owners and _SELF_DEBT.search(folded):
		# "mes impayés", "ai-je des arriérés ?": the asker's own account, not the debtors' list
		if not _A_LIST.search(folded):
			scores[I.BALANCE] = max(scores.get(I.BALANCE, 0), scores[I.ARREARS]) + 1
	if I.SHARE in scores and scores[I.SHARE] <= 2 and I.BALANCE in scores:
		scores.pop(I.SHARE)  # "combien pour l'appel" asks a balance, "pourquoi" asks a share
	if not scores:
		return I.DOCUMENT, scores
	best = max(scores.values())
	# On a tie the more specific intent wins (the order of PRIORITY).
	for intent in PRIORITY:
		if scores.get(intent) == best:
			return intent, scores
	return I.UNKNOWN, scores


PRIORITY = (
	I.SHARE,
	I.OPEN_INVOICES,
	I.BUDGET,
	I.NEXT_AG,
	I.ARREARS,
	I.CALLED_COLLECTED,
	I.HISTORY,
	I.SPEND,
	I.REGISTRY,
	I.BALANCE,
	I.DOCUMENT,
)


def route(
	question: str,
	snapshot: Snapshot,
	reader: Reader,
	today: date,
	residence: str | None = None,
	intent: str | None = None,
) -> Route:
	"""The route of `question` asked by `reader` (the page's selected `residence`, if any).
	`intent` forces the tool (an LLM's tool call): the same refusals apply to it."""
	language = detect(question)
	folded = fold(question)
	entities = resolve(question, snapshot, ignore=I.VOCABULARY)
	chosen, scores = choose_intent(entities.rest or folded, entities)
	intent = intent if intent in I.PHRASES else chosen
	request: PeriodRequest = resolve_period(entities.rest or folded, today)
	r = Route(
		question=question,
		language=language,
		intent=intent,
		units=[u.name for u in entities.units],
		co_owner=entities.co_owners[0].name if len(entities.co_owners) == 1 else None,
		suppliers=[s.name for s in entities.suppliers],
		categories=entities.categories,
		period=request.period,
		breakdown=request.breakdown,
		top_n=entities.top_n or 10,
		by="unit" if _BY_UNIT.search(folded) else "co_owner",
		ageing=bool(_AGEING.search(folded)),
		quoted_amounts=entities.amounts,
		scores=scores,
	)
	# The résidence: named, else the one of the lots named, else the page's, else the only one.
	named = [ref.name for ref in entities.residences]
	if not named and entities.units:
		named = sorted({u.residence for u in entities.units})
	if not named and len(entities.co_owners) == 1 and len(entities.co_owners[0].residences) == 1:
		named = list(entities.co_owners[0].residences)
	readable = reader.staff_residences if reader.is_staff else reader.owner_residences
	if not named and not residence and entities.suppliers:
		# a supplier who serves one of the reader's résidences only: that one
		served = {r for s in entities.suppliers for r in s.residences if r in readable}
		if len(served) == 1:
			named = list(served)
	if named:
		r.residence = named[0] if len(named) == 1 else None
	elif residence:
		r.residence = residence
	elif len(readable) == 1:
		r.residence = readable[0]
	if not reader.is_staff:
		_co_owner_gate(r, reader, entities, folded, named)
	elif named and any(n not in reader.staff_residences for n in named):
		r.refusal = OTHER_RESIDENCE
	if r.refusal:
		return r
	if r.intent in _RESIDENCE_TOOLS and not r.residence:
		r.clarify = WHICH_RESIDENCE if readable else None
		r.refusal = None if readable else NO_RESIDENCE
	if r.intent in _ACCOUNT_TOOLS and reader.is_staff and not (r.units or r.co_owner):
		if not reader.co_owners:
			r.clarify = WHICH_ACCOUNT
	return r


def _co_owner_gate(r: Route, reader: Reader, entities: Entities, folded: str, named: list[str]) -> None:
	"""The refusals of a co-owner's question, decided before any tool runs."""
	own = set(reader.co_owners)
	if not reader.owner_residences:
		r.refusal = NO_RESIDENCE
		return
	if any(name not in reader.owner_residences for name in named) or (
		r.residence and r.residence not in reader.owner_residences
	):
		r.refusal = OTHER_RESIDENCE
		return
	if any(unit.co_owner not in own for unit in entities.units):
		r.refusal = OTHER_OWNER
		return
	others = [ref for ref in entities.named_people if ref.name not in own]
	self_named = any(ref.name in own for ref in entities.named_people)
	if any(ref.name not in own for ref in entities.co_owners) or (others and not self_named):
		r.refusal = OTHER_OWNER
		return
	if r.intent == I.ARREARS:
		r.refusal = DEBTORS
		return
	if r.intent == I.OPEN_INVOICES:
		r.refusal = STAFF_ONLY
		return
	personal = r.intent in _ACCOUNT_TOOLS or r.intent == I.REGISTRY
	if personal and I.mentions_others(folded):
		r.refusal = OTHER_OWNER
		return
	if (
		r.intent in _ACCOUNT_TOOLS
		and not entities.units
		and not I.about_self(folded)
		and any(p.search(folded) for p in _THIRD_PERSON)
	):
		r.refusal = OTHER_OWNER
		return
	if r.intent in _ACCOUNT_TOOLS:
		r.co_owner = None  # always the asker's own account (their own lots named, or all of them)
