from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.finance.ageing import Receivable
from syndic_maroc.core.finance.recovery import (
	DEFAULT_LEVELS,
	Debt,
	LateInterestPolicy,
	ReminderLevel,
	SentReminder,
	accelerated_calls,
	acceleration_date,
	due_reminders,
	forced_mortgage_date,
	injunction_claim,
	injunction_missing,
	late_charge_policy,
	late_interest,
	next_level,
	prescription_date,
	prescription_status,
	validate_levels,
)

D = Decimal
DUE = date(2025, 1, 1)


def test_levels_in_sequence_after_their_delay():
	assert next_level(DUE, 100, date(2025, 1, 15)) is None
	assert next_level(DUE, 100, date(2025, 1, 16)).code == "rappel"
	history = [SentReminder("rappel", date(2025, 1, 16))]
	assert next_level(DUE, 100, date(2025, 1, 30), history) is None
	assert next_level(DUE, 100, date(2025, 1, 31), history).code == "deuxieme_rappel"  # due + 30 days
	history.append(SentReminder("deuxieme_rappel", date(2025, 2, 3)))  # sent 3 days late
	assert next_level(DUE, 100, date(2025, 2, 17), history) is None  # 15 days after it
	assert next_level(DUE, 100, date(2025, 2, 18), history).code == "mise_en_demeure"
	assert next_level(DUE, 100, date(2025, 2, 18), history).registered_letter
	history.append(SentReminder("mise_en_demeure", date(2025, 2, 16)))
	assert next_level(DUE, 100, date(2026, 1, 1), history) is None  # nothing after the last level
	assert next_level(DUE, 0, date(2025, 6, 1)) is None  # paid


def test_late_start_keeps_the_gap_between_levels():
	# the daily job meets an invoice 100 days late: rappel today, second rappel 15 days later
	assert next_level(DUE, 100, date(2025, 4, 11)).code == "rappel"
	history = [SentReminder("rappel", date(2025, 4, 11))]
	assert next_level(DUE, 100, date(2025, 4, 12), history) is None
	assert next_level(DUE, 100, date(2025, 4, 26), history).code == "deuxieme_rappel"


def test_never_a_lower_level_after_a_higher_one():
	history = [SentReminder("mise_en_demeure", date(2025, 3, 1))]
	assert next_level(DUE, 100, date(2025, 6, 1), history) is None
	history = [SentReminder("deuxieme_rappel", date(2025, 3, 1))]
	assert next_level(DUE, 100, date(2025, 6, 1), history).code == "mise_en_demeure"
	with pytest.raises(ValidationError, match="Unknown"):
		next_level(DUE, 100, date(2025, 6, 1), [SentReminder("sms", date(2025, 3, 1))])


def test_validate_levels():
	validate_levels(DEFAULT_LEVELS)
	with pytest.raises(ValidationError, match="strictly increase"):
		validate_levels([ReminderLevel("a", "A", 10), ReminderLevel("b", "B", 10)])
	with pytest.raises(ValidationError, match="last level"):
		validate_levels([ReminderLevel("m", "M", 10, True), ReminderLevel("b", "B", 20)])
	with pytest.raises(ValidationError, match="Duplicate"):
		validate_levels([ReminderLevel("a", "A", 10), ReminderLevel("a", "B", 20)])


def test_due_reminders_grouped_per_co_owner_and_level():
	receivables = [
		Receivable("S1", "Alami", date(2025, 1, 1), D("750.00")),
		Receivable("S2", "Alami", date(2025, 4, 1), D("750.00")),
		Receivable("S3", "Bennani", date(2025, 1, 1), D("100.00")),
		Receivable("S4", "Bennani", date(2025, 4, 1), D("0.00")),
	]
	history = {
		"S1": [SentReminder("rappel", date(2025, 1, 20)), SentReminder("deuxieme_rappel", date(2025, 2, 5))]
	}
	result = due_reminders(receivables, date(2025, 4, 20), history)
	assert [(r.co_owner, r.level.code, r.invoices, r.amount) for r in result] == [
		("Alami", "mise_en_demeure", ("S1",), D("750.00")),
		("Alami", "rappel", ("S2",), D("750.00")),
		("Bennani", "rappel", ("S3",), D("100.00")),
	]


def test_acceleration_after_30_days_from_the_day_after_notification():
	# Art. 25: more than 30 days from the day after notification.
	assert acceleration_date(date(2025, 3, 10)) == date(2025, 4, 10)
	calls = [
		("T1", date(2025, 1, 1)),
		("T2", date(2025, 4, 1)),
		("T3", date(2025, 7, 1)),
		("T4", date(2025, 10, 1)),
		("T1-26", date(2026, 1, 1)),
	]
	year_end = date(2025, 12, 31)
	assert accelerated_calls(date(2025, 3, 10), calls, year_end, as_of=date(2025, 4, 9)) == []
	moved = accelerated_calls(date(2025, 3, 10), calls, year_end, as_of=date(2025, 4, 10))
	assert [(a.call, a.original_due, a.new_due) for a in moved] == [
		("T3", date(2025, 7, 1), date(2025, 4, 10)),
		("T4", date(2025, 10, 1), date(2025, 4, 10)),
	]
	# paid within the window: nothing moves
	assert (
		accelerated_calls(date(2025, 3, 10), calls, year_end, date(2025, 5, 1), settled_on=date(2025, 4, 9))
		== []
	)
	# paid too late: the acceleration happened
	assert (
		len(
			accelerated_calls(
				date(2025, 3, 10), calls, year_end, date(2025, 5, 1), settled_on=date(2025, 4, 10)
			)
		)
		== 2
	)


def test_prescription_five_years_from_ag_approval():
	# Art. 43: 5 years from the approval of the charges by the AG.
	assert prescription_date(date(2025, 6, 14)) == date(2030, 6, 14)
	assert prescription_date(date(2024, 2, 29)) == date(2029, 2, 28)
	assert prescription_status(date(2025, 6, 14), date(2029, 12, 1)).state == "running"
	warning = prescription_status(date(2025, 6, 14), date(2030, 1, 1))
	assert warning.state == "warning" and warning.days_left == 164
	assert prescription_status(date(2025, 6, 14), date(2030, 6, 14)).state == "warning"
	assert prescription_status(date(2025, 6, 14), date(2030, 6, 15)).state == "prescribed"
	assert prescription_status(date(2025, 6, 14), date(2029, 6, 14), warning_days=365).state == "warning"


def test_forced_mortgage_and_injunction_file():
	assert forced_mortgage_date(date(2025, 5, 2)) == date(2025, 5, 10)  # art. 40 bis
	assert [c for c, _ in injunction_missing({"ag_minutes", "notice_proof"})] == [
		"account_statement",
		"property_certificate",
	]
	assert (
		injunction_missing({"ag_minutes", "account_statement", "property_certificate", "notice_proof"}) == []
	)


def test_no_late_interest_by_default():
	assert late_interest(1000, date(2024, 1, 1), date(2025, 1, 1)) == D("0.00")
	policy = LateInterestPolicy(annual_rate=D("0.06"), grace_days=30)
	# 1000 x 6 % x (366 - 30) / 365
	assert late_interest(1000, date(2024, 1, 1), date(2025, 1, 1), policy) == D("55.23")
	assert late_interest(1000, date(2024, 1, 1), date(2024, 1, 20), policy) == D("0.00")
	assert late_interest(
		1000, date(2024, 1, 1), date(2024, 2, 1), LateInterestPolicy(fixed_fee=D("50"))
	) == D("50.00")
	with pytest.raises(ValidationError):
		late_interest(1000, date(2024, 1, 1), date(2025, 1, 1), LateInterestPolicy(annual_rate=D("-0.1")))


def test_late_charges_only_when_configured_with_their_authority():
	# the default: the law sets none, nothing is charged
	assert late_charge_policy(0, 0, "") is None
	assert late_charge_policy(None, None, None) is None
	assert late_charge_policy(0, 0, "PV AG 2025 résolution 7") is None
	with pytest.raises(ValidationError, match="AG decision"):
		late_charge_policy(6, 0, "")
	with pytest.raises(ValidationError, match="AG decision"):
		late_charge_policy(0, 50, "   ")
	with pytest.raises(ValidationError, match="negative"):
		late_charge_policy(-1, 0, "PV")
	with pytest.raises(ValidationError, match="negative"):
		late_charge_policy(0, -5, "PV")
	with pytest.raises(ValidationError, match="at most 100"):
		late_charge_policy(120, 0, "PV")
	policy = late_charge_policy(6.5, 25, " PV AG 2025 résolution 7 ")
	assert policy.annual_rate == D("0.065") and policy.letter_fee == D("25.00") and policy.fixed_fee == 0
	assert policy.authority == "PV AG 2025 résolution 7"
	# the same figure as ERPNext's Dunning: outstanding x rate / 100 / 365 x days overdue
	assert late_interest(1000, date(2025, 1, 1), date(2025, 3, 2), policy) == D("10.68")  # 60 days
	fee_only = late_charge_policy(0, "30", "Règlement art. 12")
	assert late_interest(1000, date(2025, 1, 1), date(2025, 3, 2), fee_only) == D("0.00")


def test_injunction_claim_overdue_unprescribed_debts():
	as_of = date(2030, 9, 1)
	debts = [
		Debt("SINV-10", date(2030, 7, 1), date(2030, 1, 20), D("300"), "2030"),
		Debt("SINV-2", date(2030, 1, 1), date(2030, 1, 20), D("450.50"), "2030"),
		Debt("SINV-1", date(2025, 4, 1), date(2025, 3, 15), D("200"), "2025"),  # prescribed on 2030-03-15
		Debt("SINV-11", date(2030, 10, 1), date(2030, 1, 20), D("300"), "2030"),  # not yet due
		Debt("SINV-12", date(2030, 9, 1), date(2030, 1, 20), D("100"), "2030"),  # due today: not overdue
		Debt("SINV-3", date(2029, 1, 1), date(2029, 2, 1), D("0"), "2029"),  # paid
	]
	claim = injunction_claim(debts, as_of)
	assert [line.invoice for line in claim.lines] == ["SINV-2", "SINV-10"]
	assert [line.invoice for line in claim.prescribed] == ["SINV-1"]
	assert claim.prescribed[0].prescription.date == date(2030, 3, 15)
	assert claim.lines[0].prescription.date == date(2035, 1, 20)
	assert claim.lines[0].prescription.state == "running"
	assert claim.not_yet_due == D("400.00")
	assert claim.principal == D("750.50") and claim.interest == 0 and claim.fees == 0
	assert claim.total == D("750.50")
	assert claim.fiscal_years == ("2030",)
	# an explicit policy adds interest per debt, and the reminder fees already charged
	policy = late_charge_policy(10, 20, "PV AG 2030-01")
	claim = injunction_claim(debts, as_of, policy, fees=40)
	assert [line.interest for line in claim.lines] == [D("29.99"), D("5.10")]  # 243 and 62 days
	assert claim.total == D("750.50") + D("35.09") + D("40.00")
	assert injunction_claim([], as_of).lines == () and injunction_claim([], as_of).total == 0
	with pytest.raises(ValidationError):
		injunction_claim(debts, as_of, fees=-1)


@given(
	days_late=st.integers(0, 400),
	sent=st.lists(
		st.tuples(st.sampled_from(["rappel", "deuxieme_rappel", "mise_en_demeure"]), st.integers(0, 400)),
		max_size=3,
	),
)
def test_never_twice_the_same_level(days_late, sent):
	history = [SentReminder(code, date.fromordinal(DUE.toordinal() + d)) for code, d in sent]
	level = next_level(DUE, 10, date.fromordinal(DUE.toordinal() + days_late), history)
	if level is not None:
		assert level.code not in {code for code, _ in sent}
		assert days_late >= level.delay_days
