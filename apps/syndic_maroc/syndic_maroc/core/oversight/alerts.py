"""Oversight thresholds and figures: which alerts a résidence's figures raise.

An alert is keyed by (résidence, kind, subject, threshold) and fires once per crossing: it fires
when the figure first reaches the threshold, not again while the figure stays above it, and may
fire again only after the figure went back under it (the alert is then marked cleared).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from syndic_maroc.core.errors import ValidationError, _

DEFAULT_BUDGET_THRESHOLDS = (80, 100, 120)
BUDGET, ARREARS_AMOUNT, ARREARS_AGE, BANK = "Budget", "Arrears Amount", "Arrears Age", "Bank Cover"


@dataclass(frozen=True)
class Alert:
	kind: str
	subject: str
	threshold: str
	value: Decimal

	def key(self, residence: str) -> str:
		return "|".join((residence, self.kind, self.subject, self.threshold))


def parse_thresholds(text: str | None) -> tuple[int, ...]:
	"""'80, 100,120' -> (80, 100, 120); empty -> the defaults. Percentages from 1 to 1000."""
	if not (text or "").strip():
		return DEFAULT_BUDGET_THRESHOLDS
	values = set()
	for part in text.replace(";", ",").split(","):
		part = part.strip().rstrip("%").strip()
		if not part:
			continue
		if not part.isdigit() or not 1 <= int(part) <= 1000:
			raise ValidationError(
				_('Budget alert thresholds are percentages from 1 to 1000 (received: "{value}")'), value=part
			)
		values.add(int(part))
	return tuple(sorted(values)) or DEFAULT_BUDGET_THRESHOLDS


def ratio(part, whole) -> Decimal | None:
	"""part / whole in [0, 1] (None without a whole): the collection rate of the calls."""
	whole = Decimal(str(whole))
	if whole <= 0:
		return None
	value = Decimal(str(part)) / whole
	return min(max(value, Decimal(0)), Decimal(1))


def budget_alerts(lines: list[tuple[str, Decimal, Decimal]], thresholds) -> list[Alert]:
	"""One alert per (category, threshold reached): lines are (category, budget, actual)."""
	result = []
	for category, budget, actual in lines:
		budget, actual = Decimal(str(budget)), Decimal(str(actual))
		if budget <= 0:
			continue
		consumed = actual * 100 / budget
		for threshold in thresholds:
			if consumed >= threshold:
				result.append(Alert(BUDGET, category, f"{threshold}%", consumed.quantize(Decimal("0.1"))))
	return result


def arrears_alerts(
	rows: list[tuple[str, Decimal, int | None]], amount_limit, age_limit_days: int | None
) -> list[Alert]:
	"""rows are (co-owner, overdue amount, days since his oldest unpaid due date)."""
	result = []
	limit = Decimal(str(amount_limit or 0))
	for co_owner, overdue, age in rows:
		overdue = Decimal(str(overdue))
		if overdue <= 0:
			continue
		if limit > 0 and overdue > limit:
			result.append(Alert(ARREARS_AMOUNT, co_owner, str(limit.quantize(Decimal("0.01"))), overdue))
		if age_limit_days and age is not None and age > age_limit_days:
			result.append(Alert(ARREARS_AGE, co_owner, f"{int(age_limit_days)}d", Decimal(age)))
	return result


def next_quarter_spend(annual_budget) -> Decimal:
	"""Planned spend of the next quarter: a quarter of the approved annual budget."""
	return (Decimal(str(annual_budget or 0)) / 4).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def bank_alerts(balance, planned) -> list[Alert]:
	balance, planned = Decimal(str(balance)), Decimal(str(planned))
	if planned > 0 and balance < planned:
		return [Alert(BANK, "bank", str(planned.quantize(Decimal("0.01"))), balance)]
	return []


def to_fire(current: list[Alert], open_keys: set[str], residence: str) -> tuple[list[Alert], set[str]]:
	"""(alerts to fire now, open keys to clear): fire what is new, clear what no longer holds."""
	keys = {alert.key(residence): alert for alert in current}
	fire = [alert for key, alert in keys.items() if key not in open_keys]
	clear = {key for key in open_keys if key not in keys}
	return fire, clear
