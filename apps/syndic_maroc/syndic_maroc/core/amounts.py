"""Moroccan amounts as printed on bills, invoices and bank statements (MOROCCO.md §2.3, §4).

Both conventions occur: "1 200,50" (space thousands, comma decimals: banks, Lydec 2024, SRM)
and "304.51" (point decimals: Lydec 2021), plus "1.200,50" and "1,200.50".

Rules for parse_amount, in order:
1. Clean-up: NFKC, every kind of space → " ", Arabic-Indic digits → 0-9; currency labels
   (DH, Dhs, DHS, MAD, dirham(s), درهم, دراهم, د.م.) and framing asterisks ("* 414,31 *")
   are dropped. Anything else that is not a digit, separator or sign is an error.
2. Sign: leading "-" / "−" / "+", trailing "-" (bank statements) or parentheses mean
   negative/positive. A trailing ",-" or ".-" means "no cents" ("1 200,-"), not a sign.
3. Decimal mark, when not forced by `decimal=`:
   - both "," and "." present → the last one is the decimal mark, the other groups thousands;
   - one of them, several times → thousands separator ("1.200.000");
   - one of them, once: decimal mark, except when exactly 3 digits follow it, there is no
     space grouping and the integer part is 1–3 digits other than "0": then thousands
     ("1.200" and "1,200" = 1200; "304.51", "1200.5", "0,125", "1234.567" are decimals;
     "1 200.500" = 1200.5 because spaces already group thousands).
   Pass decimal="," or decimal="." when the document's convention is known (unit prices
   with 3 decimals, "1,200" meaning 1.2).
4. Thousands groups must be well formed (1–3 digits, then groups of exactly 3): "2024 1 200,00"
   (two columns glued by the PDF) is refused rather than read as 20241200.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from syndic_maroc.core.allocation import Number, to_decimal
from syndic_maroc.core.errors import ValidationError, _
from syndic_maroc.core.text import normalize_text

_CURRENCY = re.compile(
	r"(?<![a-z])(?:dhs|dh|mad|dirhams?)\.?(?![a-z])|درهما|دراهم|درهم|د\s?\.\s?م\s?\.?",
	re.IGNORECASE,
)
# Arabic decimal separator / thousands separator; the minus sign and dashes OCR puts for "-".
_SYMBOLS = str.maketrans({"\u066b": ",", "\u066c": " ", "\u2212": "-", "\u2013": "-", "\u2012": "-"})
_BODY = re.compile(r"[0-9., ]*[0-9][0-9., ]*")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[ .,][0-9]{3})*")

_UNREADABLE = _('Unreadable amount: "{value}"')

STYLES = {
	# style: (thousands separator, decimal mark)
	"fr": (" ", ","),
	"fr-dot": (".", ","),
	"en": (",", "."),
	"plain": ("", "."),
}


def parse_amount(text: str | Number, *, decimal: str | None = None) -> Decimal:
	"""The amount written in `text` as an exact Decimal (see the module docstring for the rules).

	Decimals are kept as written ("1 200,50" → Decimal("1200.50")). Numbers (Decimal, int,
	float) are returned as Decimals unchanged. Raises ValidationError when unreadable.
	"""
	if not isinstance(text, str):
		return to_decimal(text)
	if decimal not in (None, ",", "."):
		raise ValidationError(_("Unknown decimal separator: {decimal}"), decimal=decimal)
	cleaned = _CURRENCY.sub(" ", normalize_text(text).translate(_SYMBOLS)).replace("*", " ")
	body = " ".join(cleaned.split())
	if not body:
		raise ValidationError(_("Empty amount"))
	negative, body = _take_sign(body, text)
	if not _BODY.fullmatch(body):
		raise ValidationError(_UNREADABLE, value=text)
	integer, fraction = _split_decimal(body, decimal, text)
	value = Decimal(f"{integer or '0'}.{fraction}" if fraction else integer or "0")
	return value.copy_negate() if negative and value else value


def format_amount(value: Number, style: str = "fr", *, decimals: int = 2) -> str:
	"""Amount rounded half-up to `decimals` and written in `style`.

	"fr" → "1 200,50" (Frappe's "# ###,##"), "fr-dot" → "1.200,50", "en" → "1,200.50",
	"plain" → "1200.50". parse_amount() reads every style back (for decimals 0 and 2).
	"""
	if style not in STYLES:
		raise ValidationError(_("Unknown amount format: {style}"), style=style)
	thousands, mark = STYLES[style]
	amount = to_decimal(value)
	with localcontext() as context:
		# Never round because of the context precision, only to `decimals`.
		context.prec = max(28, amount.adjusted() + decimals + 3)
		amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
	sign = "-" if amount < 0 else ""
	integer, _sep, fraction = f"{amount.copy_abs():f}".partition(".")
	groups = []
	while len(integer) > 3:
		groups.insert(0, integer[-3:])
		integer = integer[:-3]
	groups.insert(0, integer)
	text = thousands.join(groups)
	return f"{sign}{text}{mark}{fraction}" if decimals > 0 else f"{sign}{text}"


def _take_sign(body: str, original: str) -> tuple[bool, str]:
	"""(negative, unsigned body); one sign notation at most: "-5", "5-", "(5)" or "+5"."""
	body = re.sub(r"(?<=[0-9])\s?[.,]-$", "", body)  # "1 200,-": zero cents, not a sign
	notations = []
	if body.startswith("(") and body.endswith(")"):
		notations.append(True)
		body = body[1:-1].strip()
	if body[:1] in ("+", "-"):
		notations.append(body[0] == "-")
		body = body[1:].strip()
	if body.endswith("-"):
		notations.append(True)
		body = body[:-1].strip()
	if len(notations) > 1 or not body:
		raise ValidationError(_UNREADABLE, value=original)
	return bool(notations and notations[0]), body


def _split_decimal(body: str, decimal: str | None, original: str) -> tuple[str, str]:
	"""Integer digits and fraction digits of `body` (digits, spaces, "." and "," only)."""
	mark = decimal or _guess_decimal(body)
	if mark and body.count(mark) > 1:
		raise ValidationError(_UNREADABLE, value=original)
	integer, _sep, fraction = body.partition(mark) if mark else (body, "", "")
	fraction = fraction.strip()
	integer = integer.strip()
	if not fraction.isdigit() and fraction:
		raise ValidationError(_UNREADABLE, value=original)
	if integer and not integer.isdigit() and not _GROUPED.fullmatch(integer):
		raise ValidationError(_UNREADABLE, value=original)
	grouping = {c for c in integer if not c.isdigit()}
	if mark and grouping - {" ", "," if mark == "." else "."}:
		raise ValidationError(_UNREADABLE, value=original)
	return re.sub(r"[^0-9]", "", integer), fraction


def _guess_decimal(body: str) -> str | None:
	commas, points = body.count(","), body.count(".")
	if commas and points:
		return "," if body.rfind(",") > body.rfind(".") else "."
	if commas + points == 0:
		return None
	mark = "," if commas else "."
	if commas + points > 1:
		return None  # the same separator repeated: thousands ("1.200.000")
	integer, _sep, fraction = body.partition(mark)
	integer = integer.strip()
	if len(fraction) == 3 and fraction.isdigit() and " " not in integer and integer.isdigit():
		if 1 <= len(integer) <= 3 and integer.strip("0"):
			return None  # "1.200": thousands
	return mark
