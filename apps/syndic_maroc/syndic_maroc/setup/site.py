"""Site setup for Morocco: completes the ERPNext setup wizard programmatically.

Called by scripts/install.sh:

    bench --site SITE execute syndic_maroc.setup.site.setup_morocco \
        --kwargs '{"company_name": "Cabinet Syndic Démo"}'

Idempotent: when the setup wizard is already complete, only the Moroccan system defaults are
re-asserted (language, time zone, currency, country, number format); nothing is created twice.
"""

from __future__ import annotations

import frappe
from frappe.utils import getdate, nowdate

COUNTRY = "Morocco"
CURRENCY = "MAD"
TIMEZONE = "Africa/Casablanca"
LANGUAGE = "fr"
# Space for thousands, comma for decimals: "1 200,00" as Moroccan bank statements and bills
# print amounts (shared/domain/MOROCCO.md §2.3); ERPNext's country data gives "#,###.##".
NUMBER_FORMAT = "# ###,##"
CURRENCY_SYMBOL = "DH"
DEFAULT_COMPANY = "Cabinet Syndic Démo"


def _language_name(code: str) -> str:
	return frappe.db.get_value("Language", code, "language_name") or code


def _abbr(company_name: str) -> str:
	words = [w for w in company_name.replace("-", " ").split() if w[:1].isalnum()]
	abbr = "".join(w[0] for w in words).upper()[:5]
	return abbr or company_name[:3].upper()


def _chart_of_accounts(requested: str | None) -> str:
	from erpnext.accounts.doctype.account.chart_of_accounts.chart_of_accounts import (
		get_charts_for_country,
	)

	charts = get_charts_for_country(COUNTRY, with_standard=True)
	if requested and requested in charts:
		return requested
	return "Standard with Numbers" if "Standard with Numbers" in charts else charts[0]


def is_setup_complete() -> bool:
	return bool(frappe.is_setup_complete())


def setup_morocco(
	company_name: str | None = None,
	company_abbr: str | None = None,
	year: int | str | None = None,
	chart_of_accounts: str | None = None,
	email: str | None = None,
	full_name: str | None = None,
) -> dict:
	"""Complete the setup wizard for a Moroccan syndic firm (country Morocco, MAD, fr,
	Africa/Casablanca, fiscal year = calendar year). Safe to call again."""
	company_name = (company_name or DEFAULT_COMPANY).strip()
	year = int(year or getdate(nowdate()).year)
	created = False

	if not is_setup_complete():
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		frappe.local.lang = LANGUAGE
		args = {
			"language": _language_name(LANGUAGE),
			"lang": _language_name(LANGUAGE),
			"country": COUNTRY,
			"timezone": TIMEZONE,
			"currency": CURRENCY,
			"company_name": company_name,
			"company_abbr": company_abbr or _abbr(company_name),
			"chart_of_accounts": _chart_of_accounts(chart_of_accounts),
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"enable_telemetry": 0,
			"setup_demo": 0,
		}
		# The wizard creates a first System Manager user only when an email is given; the
		# installer logs in as Administrator, so none by default.
		if email:
			args.update({"email": email, "full_name": full_name or email.split("@")[0]})
		result = setup_complete(args)
		if not is_setup_complete():
			frappe.throw(f"ERPNext setup wizard did not complete: {result!r}")
		created = True
		disable_error_traceback()

	_ensure_defaults()
	frappe.db.commit()
	company = frappe.db.get_single_value("Global Defaults", "default_company")
	return {"setup_complete": is_setup_complete(), "created": created, "company": company}


def _ensure_defaults() -> None:
	"""Re-assert the Moroccan system defaults (cheap; no-ops when already set)."""
	from frappe.translate import set_default_language

	settings = frappe.get_single("System Settings")
	changed = False
	for field, value in (
		("language", LANGUAGE),
		("time_zone", TIMEZONE),
		("country", COUNTRY),
		("currency", CURRENCY),
		("number_format", NUMBER_FORMAT),
	):
		if settings.get(field) != value:
			settings.set(field, value)
			changed = True
	if changed:
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)
	set_default_language(LANGUAGE)
	set_currency_format()


def disable_error_traceback() -> None:
	"""Error answers carry no Python traceback (Frappe's default shows it to everyone, Guests
	included); an admin may turn it back on in System Settings. Set once, at setup."""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)


def set_currency_format() -> None:
	"""MAD enabled and printed "1 200,00 DH": the Currency's own format wins over the system's
	for amounts in MAD, and ERPNext creates MAD with "#,###.##" and the symbol "د.م." on the
	left, which French documents never print (MOROCCO.md §2.3: "DH", "Dhs", "MAD")."""
	if not frappe.db.exists("Currency", CURRENCY):
		return
	values = {"enabled": 1, "number_format": NUMBER_FORMAT, "symbol": CURRENCY_SYMBOL, "symbol_on_right": 1}
	current = frappe.db.get_value("Currency", CURRENCY, list(values), as_dict=True)
	if any(current.get(field) != value for field, value in values.items()):
		frappe.db.set_value("Currency", CURRENCY, values)
		frappe.clear_cache(doctype="Currency")


def status() -> dict:
	"""Small summary used by the installer and the tests."""
	return {
		"setup_complete": is_setup_complete(),
		"country": frappe.db.get_single_value("System Settings", "country"),
		"currency": frappe.db.get_default("currency"),
		"language": frappe.db.get_single_value("System Settings", "language"),
		"time_zone": frappe.db.get_single_value("System Settings", "time_zone"),
		"default_company": frappe.db.get_single_value("Global Defaults", "default_company"),
		"companies": frappe.get_all("Company", pluck="name"),
		"fiscal_years": frappe.get_all(
			"Fiscal Year", fields=["name", "year_start_date", "year_end_date"], order_by="year_start_date"
		),
	}
