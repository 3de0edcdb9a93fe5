"""Moroccan identifiers: ICE, RIB, IBAN, phone numbers, CIN (MOROCCO.md §2.1, §2.5, §5 rule 25).

Every validator takes what a user or the OCR typed (spaces, dashes, dots, Arabic-Indic
digits) and returns the normalised form, or raises ValidationError with a French message.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from syndic_maroc.core.errors import ValidationError, _
from syndic_maroc.core.text import normalize_text

# Separators people and OCR put inside identifiers.
_SEPARATORS = re.compile(r"[\s.\-/_]+")

# --- ICE ---------------------------------------------------------------------------------


def validate_ice(text: str) -> str:
	"""The 15-digit ICE without separators ("001 234567 0000 89" → "001234567000089").

	ICE = 9 digits (entreprise) + 4 (établissement, "0000" if only one) + 2 (clé) [S19][S20].
	The check-key algorithm is not published: only length and digits are checked.
	A leading "ICE" / "ICE :" label is tolerated (OCR).
	"""
	value = _compact(re.sub(r"^\s*ice\s*(?:n[°o])?\s*:?", "", normalize_text(text), flags=re.IGNORECASE))
	if not re.fullmatch(r"[0-9]{15}", value):
		raise ValidationError(_('The ICE must have exactly 15 digits (received: "{value}")'), value=text)
	return value


def ice_parts(text: str) -> dict[str, str]:
	"""{"ice", "company", "establishment", "key"} of a valid ICE (9 + 4 + 2 digits)."""
	ice = validate_ice(text)
	return {"ice": ice, "company": ice[:9], "establishment": ice[9:13], "key": ice[13:]}


# --- RIB ---------------------------------------------------------------------------------

# Bank codes (first 3 RIB digits) whose owner is confirmed by a source we trust. Open-source
# tables contradict each other for other codes (MOROCCO.md §2.5): add a code only with the
# official Bank Al-Maghrib / GSIMT list as source.
BANK_NAMES = {
	"007": "Attijariwafa bank",  # [S44]
}


class Rib(NamedTuple):
	rib: str  # 24 digits
	bank_code: str  # 3
	city_code: str  # 3 (localité / ville)
	account: str  # 16
	key: str  # 2 (clé RIB)
	bank_name: str | None  # only for codes in BANK_NAMES
	key_ok: bool  # the mod-97 key check (informative: the algorithm is not authoritative)


def normalize_rib(text: str) -> str:
	"""The RIB without spaces, dashes or dots (not validated)."""
	return _compact(normalize_text(text))


def compute_rib_key(first22: str) -> str:
	"""The 2-digit RIB key of bank + city + account (22 digits).

	Widespread rule, not found in an authoritative source (MOROCCO.md §2.5): the 24-digit
	number must be divisible by 97, i.e. key = 97 − (first22 × 100 mod 97), from 01 to 97.
	"""
	digits = normalize_rib(first22)
	if not re.fullmatch(r"[0-9]{22}", digits):
		raise ValidationError(_('Computing the RIB key needs 22 digits (received: "{value}")'), value=first22)
	return f"{97 - (int(digits) * 100) % 97:02d}"


def rib_key_ok(text: str) -> bool:
	"""True when `text` is 24 digits and passes the mod-97 key rule; never raises."""
	digits = normalize_rib(text)
	return bool(re.fullmatch(r"[0-9]{24}", digits)) and int(digits) % 97 == 0


def validate_rib(text: str, *, strict_key: bool = False) -> str:
	"""The 24-digit RIB (3 bank + 3 city + 16 account + 2 key) without separators.

	Wrong length or non-digits are always refused (payment systems reject them, [S46]).
	A key that fails the mod-97 rule is refused only with strict_key=True, because that rule
	is not authoritative; call rib_key_ok() to warn instead.
	"""
	digits = normalize_rib(text)
	if not re.fullmatch(r"[0-9]{24}", digits):
		raise ValidationError(
			_('The RIB must have exactly 24 digits (received: "{value}", {count} characters)'),
			value=text,
			count=len(digits),
		)
	if strict_key and int(digits) % 97:
		raise ValidationError(
			_('Wrong RIB key for "{value}": expected key {expected}'),
			value=text,
			expected=compute_rib_key(digits[:22]),
		)
	return digits


def parse_rib(text: str, *, strict_key: bool = False) -> Rib:
	"""The parts of a RIB (validated as validate_rib does)."""
	rib = validate_rib(text, strict_key=strict_key)
	return Rib(
		rib=rib,
		bank_code=rib[:3],
		city_code=rib[3:6],
		account=rib[6:22],
		key=rib[22:],
		bank_name=BANK_NAMES.get(rib[:3]),
		key_ok=int(rib) % 97 == 0,
	)


def format_rib(text: str) -> str:
	"""RIB for display: "007 780 0001234567890123 45"."""
	rib = validate_rib(text)
	return f"{rib[:3]} {rib[3:6]} {rib[6:22]} {rib[22:]}"


# --- IBAN --------------------------------------------------------------------------------

IBAN_LENGTH_MA = 28  # "MA" + 2 check digits + 24-digit RIB [S44][S47]


def _iban_remainder(iban: str) -> int:
	# ISO 13616: move the first 4 characters to the end, letters → 10..35, then mod 97.
	rearranged = iban[4:] + iban[:4]
	return int("".join(str(int(c, 36)) for c in rearranged)) % 97


def normalize_iban(text: str) -> str:
	"""Upper case, no spaces or dashes, without an "IBAN" prefix (not validated)."""
	value = _compact(normalize_text(text)).upper()
	return value[4:] if value.startswith("IBAN") else value


def iban_ok(text: str) -> bool:
	"""True for any country's IBAN that passes the ISO 13616 mod-97 check; never raises."""
	iban = normalize_iban(text)
	if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
		return False
	if iban.startswith("MA") and (len(iban) != IBAN_LENGTH_MA or not iban[2:].isdigit()):
		return False
	return _iban_remainder(iban) == 1


def validate_iban(text: str, *, moroccan_only: bool = True) -> str:
	"""The IBAN without spaces. Moroccan by default: "MA" + 26 digits, 28 characters.

	moroccan_only=False accepts any country's IBAN (MRE co-owners paying from abroad).
	"""
	iban = normalize_iban(text)
	if moroccan_only and not iban.startswith("MA"):
		raise ValidationError(_('The IBAN must be Moroccan (start with MA): "{value}"'), value=text)
	if iban.startswith("MA") and (len(iban) != IBAN_LENGTH_MA or not iban[2:].isdigit()):
		raise ValidationError(
			_('A Moroccan IBAN has 28 characters: MA followed by 26 digits (received: "{value}")'),
			value=text,
		)
	if not iban_ok(iban):
		raise ValidationError(_('Invalid IBAN (wrong check digits): "{value}"'), value=text)
	return iban


def iban_from_rib(text: str) -> str:
	"""The Moroccan IBAN of a RIB: "MA" + ISO 13616 check digits + the 24 digits."""
	rib = validate_rib(text)
	check = 98 - _iban_remainder(f"MA00{rib}")
	return f"MA{check:02d}{rib}"


def rib_from_iban(text: str) -> str:
	"""The 24-digit RIB inside a valid Moroccan IBAN."""
	return validate_iban(text)[4:]


def format_iban(text: str) -> str:
	"""IBAN for display, in groups of four: "MA64 0117 8000 …"."""
	iban = normalize_iban(text)
	return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


# --- Phone -------------------------------------------------------------------------------

# Moroccan national numbers: 9 digits after the 0 (or after +212), starting 5 (fixed),
# 6 or 7 (mobile) or 8 (VoIP / special).
_MA_NATIONAL = re.compile(r"[5-8][0-9]{8}")
# E.164: at most 15 digits with the country code; below 8 nothing real is dialable abroad.
_E164_MIN, _E164_MAX = 8, 15


def normalize_phone(text: str, *, allow_foreign: bool = True) -> str:
	"""A phone number in E.164 form: "+212612345678", or "+<digits>" for foreign numbers.

	Moroccan: "06 12 34 56 78", "0612345678", "+212 6 12 34 56 78", "+212 (0)6…", "00212 6…",
	"0212 6…", "212612345678", "612345678". Foreign (MRE co-owners, allow_foreign): "+33 6 12 34 56 78" or
	"0033 6…", kept as "+<country code><number>" with an E.164 length check (8–15 digits).
	"""
	raw = normalize_text(text)
	if not re.fullmatch(r"\+?[0-9\s.\-/()]+", raw or "x"):
		raise ValidationError(_('Invalid phone number: "{value}"'), value=text)
	plus = raw.startswith("+")
	digits = re.sub(r"\(0\)", "", raw)  # "+212 (0)6 …": the trunk 0 is not dialled
	digits = re.sub(r"[^0-9]", "", digits)
	if plus:
		international = digits
	elif digits.startswith("00"):
		international = digits[2:]
	elif digits.startswith("0212"):
		international = digits[1:]
	elif digits.startswith("212") and len(digits) == 12:
		international = digits
	elif digits.startswith("0"):
		international = "212" + digits[1:]
	elif _MA_NATIONAL.fullmatch(digits):
		international = "212" + digits  # "612345678": the trunk 0 left out
	else:
		raise ValidationError(
			_('Incomplete phone number: "{value}" (expected: 06…, 07…, 05… or +country code)'),
			value=text,
		)
	if international.startswith("2120"):
		international = "212" + international[4:]  # "+212 06…": the trunk 0 typed anyway
	if international.startswith("212"):
		if not _MA_NATIONAL.fullmatch(international[3:]):
			raise ValidationError(
				_(
					'Invalid Moroccan number: "{value}" (expected: 9 digits after +212, starting with 5, 6, 7 or 8)'
				),
				value=text,
			)
		return "+" + international
	if not allow_foreign:
		raise ValidationError(_('Only Moroccan numbers (+212) are accepted: "{value}"'), value=text)
	if international.startswith("0") or not _E164_MIN <= len(international) <= _E164_MAX:
		raise ValidationError(
			_('Invalid international number: "{value}" (country code then 8 to 15 digits in total)'),
			value=text,
		)
	return "+" + international


def is_moroccan_mobile(phone: str) -> bool:
	"""True for +2126… / +2127… numbers (SMS-capable)."""
	try:
		number = normalize_phone(phone)
	except ValidationError:
		return False
	return number.startswith(("+2126", "+2127"))


# --- CIN ---------------------------------------------------------------------------------


def validate_cin(text: str) -> str:
	"""The national identity card number, upper case, without spaces: "BE123456".

	Lenient on purpose (the format has changed over time): 1 or 2 letters then 1 to 7 digits.
	"""
	value = _compact(normalize_text(text)).upper()
	if not re.fullmatch(r"[A-Z]{1,2}[0-9]{1,7}", value):
		raise ValidationError(
			_('Invalid CIN number: "{value}" (expected: 1 or 2 letters then digits, e.g. BE123456)'),
			value=text,
		)
	return value


def _compact(text: str) -> str:
	return _SEPARATORS.sub("", text)
