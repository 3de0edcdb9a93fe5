"""Owner statement (relevé de compte copropriétaire) from plain ledger rows, and the quitus.

Law encoded:
- Décret 2.23.700 annex 1 art. 10: the syndic must be able to break each co-owner's account
  down into current operations, works and exceptional operations, advances, and loans.
- Décret 2.23.700 annex 2 arts 7-8: no netting of debit and credit -> rows keep both columns.
- Loi 18-00 arts 26 and 42 (rule 18): the discharge certificate (attestation de quitus) given
  on the sale of a lot only when the co-owner owes nothing; the buyer answers jointly for the
  seller's debts otherwise.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ._common import ZERO, _, fail, money
from .chart import ADVANCES as ADVANCES_ACCOUNT
from .chart import RECEIVABLE_BEFORE_VOTE, RECEIVABLE_CURRENT, RECEIVABLE_DOUBTFUL, RECEIVABLE_WORKS

CURRENT_OPERATIONS = "current"
WORKS = "works"
ADVANCES = "advances"
LOANS = "loans"
BUCKETS = (CURRENT_OPERATIONS, WORKS, ADVANCES, LOANS)  # annex 1 art. 10
BUCKET_LABELS = {
	CURRENT_OPERATIONS: _("Current operations"),
	WORKS: _("Works and exceptional operations"),
	ADVANCES: _("Advances"),
	LOANS: _("Loans"),
}

# Co-owner accounts of annex 2 art. 6 -> breakdown of annex 1 art. 10.
ACCOUNT_BUCKETS = {
	RECEIVABLE_CURRENT: CURRENT_OPERATIONS,
	RECEIVABLE_BEFORE_VOTE: CURRENT_OPERATIONS,
	RECEIVABLE_DOUBTFUL: CURRENT_OPERATIONS,
	RECEIVABLE_WORKS: WORKS,
	ADVANCES_ACCOUNT: ADVANCES,
}


@dataclass(frozen=True)
class LedgerRow:
	"""One GL line of the co-owner (party) account: debit increases what he owes."""

	posting_date: date
	debit: Decimal = ZERO
	credit: Decimal = ZERO
	account: str | None = None  # "3421" or an ERPNext name "3421 - Copropriétaires - RJA"
	bucket: str | None = None  # overrides the account's bucket (loans have no own account)
	voucher: str = ""
	kind: str = ""  # "call", "payment", "advance", "reversal"... derived when empty
	description: str = ""


@dataclass(frozen=True)
class StatementRow:
	posting_date: date
	voucher: str
	kind: str
	description: str
	bucket: str
	debit: Decimal
	credit: Decimal
	balance: Decimal


@dataclass
class BucketBalance:
	opening: Decimal = ZERO
	debit: Decimal = ZERO
	credit: Decimal = ZERO

	@property
	def closing(self) -> Decimal:
		return self.opening + self.debit - self.credit


@dataclass(frozen=True)
class Statement:
	from_date: date
	to_date: date
	opening: Decimal
	rows: tuple[StatementRow, ...]
	buckets: dict[str, BucketBalance] = field(default_factory=dict)

	@property
	def total_debit(self) -> Decimal:
		return sum((row.debit for row in self.rows), ZERO)

	@property
	def total_credit(self) -> Decimal:
		return sum((row.credit for row in self.rows), ZERO)

	@property
	def closing(self) -> Decimal:
		return self.opening + self.total_debit - self.total_credit


def account_number(account: str | None) -> str | None:
	"""The leading number of an account name ("3421 - Copropriétaires - RJA" -> "3421")."""
	if not account:
		return None
	match = re.match(r"\s*(\d+)", account)
	return match.group(1) if match else None


def bucket_of(row: LedgerRow) -> str:
	"""The annex 1 art. 10 breakdown a ledger row belongs to."""
	if row.bucket:
		if row.bucket not in BUCKETS:
			fail(_("Unknown heading: {bucket}."), bucket=row.bucket)
		return row.bucket
	number = account_number(row.account)
	for prefix in sorted(ACCOUNT_BUCKETS, key=len, reverse=True):
		if number and number.startswith(prefix):
			return ACCOUNT_BUCKETS[prefix]
	fail(_("Account {account} is not a co-owner account (342x, 4421)."), account=row.account)


def _kind(row: LedgerRow, bucket: str, debit: Decimal) -> str:
	if row.kind:
		return row.kind
	if bucket == ADVANCES:
		return "advance"
	return "call" if debit > 0 else "payment"


def owner_statement(rows: Iterable[LedgerRow], from_date: date, to_date: date) -> Statement:
	"""Opening balance before `from_date`, the rows of the period in date order with a running
	balance, and the balance per bucket (annex 1 art. 10). Positive = the co-owner owes."""
	if to_date < from_date:
		fail(
			_("The statement period is reversed: {from_date} > {to_date}."),
			from_date=from_date,
			to_date=to_date,
		)
	buckets = {bucket: BucketBalance() for bucket in BUCKETS}
	opening = ZERO
	inside = []
	for order, row in enumerate(rows):
		debit, credit = money(row.debit), money(row.credit)
		if debit < 0 or credit < 0:
			fail(_("Debit and credit must be positive (entry {voucher})."), voucher=row.voucher)
		bucket = bucket_of(row)
		if row.posting_date < from_date:
			opening += debit - credit
			buckets[bucket].opening += debit - credit
		elif row.posting_date <= to_date:
			inside.append((row.posting_date, order, row, bucket, debit, credit))
			buckets[bucket].debit += debit
			buckets[bucket].credit += credit
	inside.sort(key=lambda item: (item[0], item[1]))
	balance = opening
	result = []
	for posting_date, _order, row, bucket, debit, credit in inside:
		balance += debit - credit
		result.append(
			StatementRow(
				posting_date,
				row.voucher,
				_kind(row, bucket, debit),
				row.description,
				bucket,
				debit,
				credit,
				balance,
			)
		)
	return Statement(from_date, to_date, opening, tuple(result), buckets)


@dataclass(frozen=True)
class QuitusCheck:
	"""Whether the discharge certificate may be issued; `reason` is a French template."""

	allowed: bool
	reason: str | None = None
	params: dict = field(default_factory=dict)

	def message(self, translate=None) -> str | None:
		if self.reason is None:
			return None
		return (translate(self.reason) if translate else self.reason).format(**self.params)


def quitus_allowed(statement: Statement) -> QuitusCheck:
	"""The discharge certificate needs a zero balance (loi 18-00 arts 26, 42) and, since nothing
	may be netted (décret 2.23.700 annex 2 art. 8), a zero balance in every bucket too."""
	closing = statement.closing
	if closing > 0:
		return QuitusCheck(
			False,
			_("Debit balance of {amount} MAD: the co-owner still owes this sum (loi 18-00, art. 26 and 42)."),
			{"amount": closing},
		)
	if closing < 0:
		return QuitusCheck(
			False,
			_("Credit balance of {amount} MAD: the advance must be refunded or allocated."),
			{"amount": -closing},
		)
	open_buckets = [BUCKET_LABELS[b] for b, bal in statement.buckets.items() if bal.closing != 0]
	if open_buckets:
		return QuitusCheck(
			False,
			_("Non-zero balances by heading ({buckets}): allocate the advances before the quitus."),
			{"buckets": ", ".join(open_buckets)},
		)
	return QuitusCheck(True)
