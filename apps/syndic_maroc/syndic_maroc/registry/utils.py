"""Glue between the Registry controllers and core/: identifiers and naming (core/ errors
become Frappe errors through syndic_maroc.utils.errors.core_errors)."""

import re

import frappe
from frappe import _
from unidecode import unidecode

from syndic_maroc.core import identifiers
from syndic_maroc.utils.errors import core_errors

# Words left out of a derived abbreviation ("Résidence Les Jardins d'Anfa" -> "RJA").
_ABBR_STOPWORDS = {"de", "des", "du", "la", "le", "les", "l", "d", "et", "au", "aux", "a", "en", "el", "al"}


def clean_ice(value: str | None) -> str | None:
	"""The ICE as 15 digits, or a French validation error."""
	if not value or not str(value).strip():
		return None
	with core_errors():
		return identifiers.validate_ice(value)


def clean_rib(value: str | None) -> str | None:
	"""The RIB as 24 digits with a valid mod-97 key, or a French validation error."""
	if not value or not str(value).strip():
		return None
	with core_errors():
		return identifiers.validate_rib(value, strict_key=True)


def clean_phone(value: str | None) -> str | None:
	"""A phone number normalised to +212… (foreign numbers kept in international form, MRE)."""
	if not value or not str(value).strip():
		return None
	with core_errors():
		return identifiers.normalize_phone(value)


def clean_cin(value: str | None) -> str | None:
	"""The CIN upper-cased without spaces (1-2 letters then digits), or a French validation error."""
	if not value or not str(value).strip():
		return None
	with core_errors():
		return identifiers.validate_cin(value)


def iban_from_rib(rib: str) -> str:
	"""Moroccan IBAN (MA + 2 check digits + the 24-digit RIB), ISO 13616 mod-97."""
	with core_errors():
		return identifiers.iban_from_rib(rib)


def derive_abbr(name: str, taken=None) -> str:
	"""Initials of the significant words of `name`, upper-case ASCII, made unique against `taken`.

	"Résidence Les Jardins d'Anfa" -> "RJA"; a one-word name gives its first 3 letters.
	`taken(abbr) -> bool` says whether an abbreviation is already used.
	"""
	words = [w for w in re.split(r"[^A-Za-z0-9]+", unidecode(name or "")) if w]
	significant = [w for w in words if w.lower() not in _ABBR_STOPWORDS] or words
	if len(significant) == 1:
		base = significant[0][:3].upper()
	else:
		base = "".join(w[0] for w in significant).upper()[:6]
	base = base or "RES"
	abbr, n = base, 1
	while taken and taken(abbr):
		n += 1
		abbr = f"{base}{n}"
	return abbr


def residence_abbr(residence: str) -> str:
	abbr = frappe.db.get_value("Residence", residence, "abbr")
	if not abbr:
		frappe.throw(_("Residence {0} does not exist or has no abbreviation").format(residence))
	return abbr
