"""Intake Settings (Single) → the reading pipeline's IntakeConfig and the approval rules.

Empty settings fall back to the environment (IntakeConfig.from_env: SYNDIC_OCR_ENGINE,
SYNDIC_DOCTR_WEIGHTS, OLLAMA_HOST, SYNDIC_OLLAMA_MODEL…), so a worker configured by its
environment keeps working before anyone opens the settings.
"""

from __future__ import annotations

import frappe
from frappe.utils import cint, flt

from syndic_maroc.core.intake.review import EXPENSE_CATEGORIES
from syndic_maroc.core.intake.sniff import Limits

from .reading.config import IntakeConfig

SETTINGS = "Intake Settings"


def get_settings():
	return frappe.get_cached_doc(SETTINGS)


def intake_config(settings=None) -> IntakeConfig:
	s = settings or get_settings()
	overrides = {}
	if s.ocr_engine:
		overrides["ocr_engine"] = s.ocr_engine
	if s.doctr_weights_dir:
		overrides["doctr_weights_dir"] = s.doctr_weights_dir
	if s.tesseract_lang:
		overrides["tesseract_lang"] = s.tesseract_lang
	if s.ollama_host:
		overrides["ollama_host"] = s.ollama_host
	if s.ollama_model:
		overrides["ollama_model"] = s.ollama_model
	if cint(s.ollama_timeout) > 0:
		overrides["ollama_timeout"] = float(s.ollama_timeout)
	overrides["limits"] = limits(s)
	return IntakeConfig.from_env(**overrides)


def limits(settings=None) -> Limits:
	s = settings or get_settings()
	default = Limits()
	return Limits(
		max_bytes=int(flt(s.max_file_size_mb) * 1024 * 1024) or default.max_bytes,
		max_pages=cint(s.max_pages) or default.max_pages,
	)


def expense_overrides(settings=None) -> dict[str, str]:
	"""{category: account number} chosen in the settings (rows with a number only)."""
	s = settings or get_settings()
	return {
		row.category: (row.account_number or "").strip() for row in s.expense_accounts if row.account_number
	}


def fill_default_expense_accounts(settings) -> None:
	"""Add the décret 2.23.700 default of every category the table does not list yet."""
	present = {row.category for row in settings.expense_accounts}
	for category, number in EXPENSE_CATEGORIES.items():
		if category not in present:
			settings.append("expense_accounts", {"category": category, "account_number": number})


def after_migrate() -> None:
	"""Intake Settings with the default expense accounts; no perpetual inventory on the
	résidence companies (see registry.company.no_perpetual_inventory). Idempotent."""
	from syndic_maroc.registry.company import no_perpetual_inventory

	for company in frappe.get_all("Residence", filters={"company": ("is", "set")}, pluck="company"):
		no_perpetual_inventory(company)
	settings = frappe.get_single(SETTINGS)
	before = len(settings.expense_accounts)
	fill_default_expense_accounts(settings)
	if len(settings.expense_accounts) != before:
		settings.flags.ignore_permissions = True
		settings.save()
