"""Recovery of unpaid contributions: reminder levels, acceleration after the formal notice,
the injunction file, forced mortgage timing, prescription, optional late interest.

Law encoded (loi 18-00 as amended by 106-12; MOROCCO.md §1.5 and rules 22-23):
- Art. 25: the syndic recovers without prior AG authorisation; the formal notice (mise en
  demeure) goes by registered letter with acknowledgement of receipt; if it stays without
  effect more than 30 days from the day after its notification, all the year's contributions
  not yet due become due at once.
- Art. 25 bis: the injunction to pay is issued on four documents (AG minutes approving the
  charges, account statement certified by the syndic, property certificate with the quote-part,
  proof that the formal notice was notified).
- Art. 40 bis: forced mortgage may be ordered 8 days after receipt of the registered letter.
- Art. 43: claims are prescribed after 5 years from the approval of the charges by the AG.
- No late interest or penalty in loi 18-00 or the model règlement: none unless a résidence
  configures one explicitly (⚠ legal basis to confirm with counsel).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from syndic_maroc.core.allocation import to_decimal

from ._common import CENT, ZERO, _, add_years, days, fail, money
from .calls import natural_key


@dataclass(frozen=True)
class ReminderLevel:
	code: str
	label: str
	delay_days: int  # days after the due date
	registered_letter: bool = False  # the formal notice goes by registered letter with AR (art. 25)

	@property
	def is_formal_notice(self) -> bool:
		return self.registered_letter


RAPPEL = "rappel"
DEUXIEME_RAPPEL = "deuxieme_rappel"
MISE_EN_DEMEURE = "mise_en_demeure"

# Defaults a résidence may change (delays are practice, not law); the last level is the formal
# notice of art. 25, by registered letter with acknowledgement of receipt.
DEFAULT_LEVELS = (
	ReminderLevel(RAPPEL, _("Reminder"), 15),
	ReminderLevel(DEUXIEME_RAPPEL, _("Second reminder"), 30),
	ReminderLevel(MISE_EN_DEMEURE, _("Formal notice"), 45, registered_letter=True),
)

FORMAL_NOTICE_EFFECT_DAYS = 30  # art. 25
FORCED_MORTGAGE_DAYS = 8  # art. 40 bis
PRESCRIPTION_YEARS = 5  # art. 43 (as amended by 106-12)
DEFAULT_PRESCRIPTION_WARNING_DAYS = 180

# Art. 25 bis: the four documents of the injunction-to-pay file, in filing order.
INJUNCTION_DOCUMENTS = (
	("ag_minutes", _("Minutes of the general assembly approving the charges of the fiscal year")),
	("account_statement", _("Co-owner statement of account certified by the syndic")),
	("property_certificate", _("Property certificate showing the debtor's share")),
	("notice_proof", _("Proof of service of the formal notice")),
)


@dataclass(frozen=True)
class SentReminder:
	level: str
	sent_on: date
	notified_on: date | None = None  # date of receipt (AR) of a registered letter


@dataclass(frozen=True)
class ReminderDue:
	co_owner: str
	level: ReminderLevel
	invoices: tuple[str, ...]
	amount: Decimal


def validate_levels(levels: Sequence[ReminderLevel]) -> None:
	"""Unique codes, non-negative strictly increasing delays, at most one formal notice, last."""
	if not levels:
		fail(_("No reminder level defined."))
	codes = [level.code for level in levels]
	if len(set(codes)) != len(codes):
		fail(_("Duplicate reminder level: {codes}."), codes=", ".join(codes))
	previous = -1
	for level in levels:
		if level.delay_days <= previous:
			fail(
				_("The reminder delays must strictly increase ({level}: {delay} days)."),
				level=level.label,
				delay=level.delay_days,
			)
		previous = level.delay_days
	notices = [level for level in levels if level.registered_letter]
	if len(notices) > 1 or (notices and notices[0] is not levels[-1]):
		fail(_("The formal notice by registered letter must be the only and last level (art. 25)."))


def next_level(
	due_date: date,
	outstanding,
	as_of: date,
	history: Iterable[SentReminder] = (),
	levels: Sequence[ReminderLevel] = DEFAULT_LEVELS,
) -> ReminderLevel | None:
	"""The reminder level to send today for one invoice, or None.

	Levels follow each other: the next is the one after the highest already sent, so a level is
	never sent twice and never after a higher one. It is due once `delay_days` have passed since
	the due date and, after a previous level, once the gap between the two delays has passed
	since that level was sent.
	"""
	if money(outstanding) <= 0:
		return None
	codes = [level.code for level in levels]
	sent = {}
	for reminder in history:
		if reminder.level not in codes:
			fail(_("Unknown reminder level in the history: {level}."), level=reminder.level)
		sent[reminder.level] = min(reminder.sent_on, sent.get(reminder.level, reminder.sent_on))
	highest = max((codes.index(code) for code in sent), default=-1)
	if highest + 1 >= len(levels):
		return None
	candidate = levels[highest + 1]
	if as_of < due_date + days(candidate.delay_days):
		return None
	if highest >= 0:
		previous = levels[highest]
		if as_of < sent[previous.code] + days(candidate.delay_days - previous.delay_days):
			return None
	return candidate


def due_reminders(
	receivables: Iterable,
	as_of: date,
	history: Mapping[str, Iterable[SentReminder]],
	levels: Sequence[ReminderLevel] = DEFAULT_LEVELS,
) -> list[ReminderDue]:
	"""Reminders to send today, one per co-owner and level, listing the invoices concerned.

	`receivables` have .invoice, .co_owner, .due_date, .outstanding (ageing.Receivable);
	`history` maps an invoice to the reminders already sent for it.
	"""
	validate_levels(levels)
	grouped: dict[tuple[str, str], list] = {}
	by_code = {level.code: level for level in levels}
	for receivable in receivables:
		level = next_level(
			receivable.due_date, receivable.outstanding, as_of, history.get(receivable.invoice, ()), levels
		)
		if level:
			grouped.setdefault((receivable.co_owner, level.code), []).append(receivable)
	result = []
	for (co_owner, code), items in sorted(grouped.items(), key=lambda kv: (natural_key(kv[0][0]), kv[0][1])):
		invoices = tuple(sorted(dict.fromkeys(item.invoice for item in items), key=natural_key))
		result.append(
			ReminderDue(co_owner, by_code[code], invoices, sum((money(i.outstanding) for i in items), ZERO))
		)
	return result


def acceleration_date(notified_on: date) -> date:
	"""First day on which the year's remaining contributions are due after a formal notice left
	without effect: art. 25 counts more than 30 days from the day after notification, so the
	window runs from notified_on + 1 to notified_on + 30 and the effect starts the day after."""
	return notified_on + days(FORMAL_NOTICE_EFFECT_DAYS + 1)


@dataclass(frozen=True)
class Acceleration:
	call: str
	original_due: date
	new_due: date


def accelerated_calls(
	notified_on: date,
	calls: Iterable[tuple[str, date]],
	fiscal_year_end: date,
	as_of: date,
	settled_on: date | None = None,
) -> list[Acceleration]:
	"""The calls of the year whose due date moves to the acceleration date (art. 25).

	Nothing moves before the acceleration date, nor when the debt of the notice was settled
	before it (`settled_on`). Only calls not yet due on that date and due within the fiscal
	year ending `fiscal_year_end` move.
	"""
	effect = acceleration_date(notified_on)
	if as_of < effect or (settled_on is not None and settled_on < effect):
		return []
	moved = [Acceleration(call, due, effect) for call, due in calls if effect < due <= fiscal_year_end]
	return sorted(moved, key=lambda a: (a.original_due, natural_key(a.call)))


def forced_mortgage_date(letter_received_on: date) -> date:
	"""Earliest day to ask the court for the forced mortgage: 8 days after the registered letter
	with the debt statement and the AG decision was received (art. 40 bis)."""
	return letter_received_on + days(FORCED_MORTGAGE_DAYS)


def injunction_missing(available: Iterable[str]) -> list[tuple[str, str]]:
	"""The documents of the injunction file (art. 25 bis) still missing: [(code, label)]."""
	have = set(available)
	return [(code, label) for code, label in INJUNCTION_DOCUMENTS if code not in have]


def prescription_date(approved_on: date) -> date:
	"""Last day before a claim is prescribed: 5 years after the AG approved the charges (art. 43).
	⚠ the exact counting (day of approval excluded, DOC) is to be confirmed by counsel."""
	return add_years(approved_on, PRESCRIPTION_YEARS)


@dataclass(frozen=True)
class PrescriptionStatus:
	date: date
	state: str  # "running", "warning", "prescribed"
	days_left: int


def prescription_status(
	approved_on: date, as_of: date, warning_days: int = DEFAULT_PRESCRIPTION_WARNING_DAYS
) -> PrescriptionStatus:
	"""Where a claim stands against its 5-year prescription (art. 43): warn `warning_days` before."""
	limit = prescription_date(approved_on)
	left = (limit - as_of).days
	if left < 0:
		state = "prescribed"
	elif left <= warning_days:
		state = "warning"
	else:
		state = "running"
	return PrescriptionStatus(limit, state, left)


@dataclass(frozen=True)
class LateInterestPolicy:
	"""A late-payment charge a résidence chose explicitly; the law sets none (see module doc)."""

	annual_rate: Decimal = Decimal(0)  # 0.06 for 6 % a year, simple interest
	fixed_fee: Decimal = Decimal(0)  # once per overdue invoice
	grace_days: int = 0
	basis_days: int = 365
	letter_fee: Decimal = Decimal(0)  # per reminder letter (the fee of an ERPNext Dunning)
	authority: str = ""  # the AG decision or règlement clause that authorises the charge


MAX_LATE_INTEREST_PERCENT = Decimal(100)  # a sanity bound on input, not a legal rate


def late_charge_policy(rate_percent, letter_fee, authority: str | None) -> LateInterestPolicy | None:
	"""The late charges a résidence configured, or None when it charges nothing (the default).

	`rate_percent` is a yearly simple interest in percent (as ERPNext's Dunning Type stores it),
	`letter_fee` a fixed fee per reminder letter. Loi 18-00 and the model règlement set no late
	interest nor penalty (MOROCCO.md §1.5, rule 8), so a charge needs its own basis: the
	reference of the AG decision or of the règlement clause (`authority`) is required as soon as
	one of them is above zero.
	"""
	rate = to_decimal(rate_percent or 0)
	fee = money(letter_fee or 0)
	if rate < 0 or fee < 0:
		fail(_("The late interest rate and the reminder fees cannot be negative."))
	if rate > MAX_LATE_INTEREST_PERCENT:
		fail(
			_("Invalid late interest rate: {rate} % a year (at most {limit} %)."),
			rate=rate.normalize(),
			limit=MAX_LATE_INTEREST_PERCENT,
		)
	if rate == 0 and fee == 0:
		return None
	authority = (authority or "").strip()
	if not authority:
		fail(
			_(
				"Late interest or reminder fees: enter the AG decision or the co-ownership regulations clause that authorises them (loi 18-00 provides none)."
			)
		)
	return LateInterestPolicy(annual_rate=rate / 100, letter_fee=fee, authority=authority)


def late_interest(
	outstanding, due_date: date, as_of: date, policy: LateInterestPolicy | None = None
) -> Decimal:
	"""Late charge on one overdue amount: zero unless a policy is configured (no legal default)."""
	if policy is None:
		return ZERO
	if policy.annual_rate < 0 or policy.fixed_fee < 0 or policy.grace_days < 0 or policy.basis_days <= 0:
		fail(_("Invalid late interest settings."))
	outstanding = money(outstanding)
	late_days = (as_of - due_date).days - policy.grace_days
	if outstanding <= 0 or late_days <= 0:
		return ZERO
	interest = outstanding * Decimal(policy.annual_rate) * late_days / policy.basis_days
	return (interest + Decimal(policy.fixed_fee)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Debt:
	"""One unpaid call of a co-owner, as the injunction file claims it."""

	invoice: str
	due_date: date
	approved_on: date  # the AG approved the charges: the 5-year prescription runs from it (art. 43)
	outstanding: Decimal
	fiscal_year: str = ""


@dataclass(frozen=True)
class ClaimLine:
	invoice: str
	due_date: date
	approved_on: date
	fiscal_year: str
	outstanding: Decimal
	interest: Decimal
	prescription: PrescriptionStatus

	@property
	def total(self) -> Decimal:
		return self.outstanding + self.interest


@dataclass(frozen=True)
class Claim:
	"""What the injunction file claims (art. 25 bis): the overdue, unprescribed debts."""

	lines: tuple[ClaimLine, ...]
	prescribed: tuple[ClaimLine, ...]  # listed on the cover, not claimed (art. 43)
	not_yet_due: Decimal  # open calls not due yet: not claimable
	fees: Decimal  # reminder fees charged under an explicit résidence policy

	@property
	def principal(self) -> Decimal:
		return sum((line.outstanding for line in self.lines), ZERO)

	@property
	def interest(self) -> Decimal:
		return sum((line.interest for line in self.lines), ZERO)

	@property
	def total(self) -> Decimal:
		return self.principal + self.interest + self.fees

	@property
	def fiscal_years(self) -> tuple[str, ...]:
		return tuple(sorted({line.fiscal_year for line in self.lines if line.fiscal_year}, key=natural_key))


def injunction_claim(
	debts: Iterable[Debt],
	as_of: date,
	policy: LateInterestPolicy | None = None,
	fees=0,
) -> Claim:
	"""The amounts of the injunction file on `as_of`.

	Claimed: the debts overdue on `as_of` (due date before it) and not prescribed, each with its
	prescription date (art. 43) and, only under an explicit policy, its late interest. A
	prescribed debt is listed apart and not claimed; a debt not yet due is not claimable.
	"""
	claimed, prescribed = [], []
	not_yet_due = ZERO
	for debt in debts:
		outstanding = money(debt.outstanding)
		if outstanding <= 0:
			continue
		if debt.due_date >= as_of:
			not_yet_due += outstanding
			continue
		status = prescription_status(debt.approved_on, as_of)
		line = ClaimLine(
			debt.invoice,
			debt.due_date,
			debt.approved_on,
			debt.fiscal_year,
			outstanding,
			late_interest(outstanding, debt.due_date, as_of, policy) if policy else ZERO,
			status,
		)
		(prescribed if status.state == "prescribed" else claimed).append(line)
	fees = money(fees or 0)
	if fees < 0:
		fail(_("Negative reminder fees: {fees}."), fees=fees)

	def order(line: ClaimLine):
		return (line.due_date, natural_key(line.invoice))

	return Claim(tuple(sorted(claimed, key=order)), tuple(sorted(prescribed, key=order)), not_yet_due, fees)
