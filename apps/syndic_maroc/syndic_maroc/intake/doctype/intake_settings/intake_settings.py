"""Intake Settings: OCR engine, Ollama, limits, automatic approval, expense account per category."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

from syndic_maroc.intake.settings import fill_default_expense_accounts


class IntakeSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from syndic_maroc.intake.doctype.intake_expense_account.intake_expense_account import (
			IntakeExpenseAccount,
		)

		auto_approve: DF.Check
		auto_approve_min_history: DF.Int
		auto_approve_threshold: DF.Percent
		doctr_weights_dir: DF.Data | None
		expense_accounts: DF.Table[IntakeExpenseAccount]
		max_file_size_mb: DF.Int
		max_pages: DF.Int
		ocr_engine: DF.Literal["auto", "doctr", "tesseract"]
		ollama_host: DF.Data | None
		ollama_model: DF.Data | None
		ollama_timeout: DF.Int
		read_residence_attachments: DF.Check
		retry_llm_automatically: DF.Check
		tesseract_lang: DF.Data | None

	# end: auto-generated types
	def validate(self):
		fill_default_expense_accounts(self)
		seen = set()
		for row in self.expense_accounts:
			row.account_number = (row.account_number or "").strip()
			if row.category in seen:
				frappe.throw(_("Category {0} appears twice.").format(_(row.category)))
			seen.add(row.category)
			if not row.account_number.isdigit() or not row.account_number.startswith("6"):
				frappe.throw(
					_(
						"Category {0}: account {1} is not an expense account (class 6 of décret 2.23.700)."
					).format(_(row.category), row.account_number)
				)
		if not 0 < flt(self.auto_approve_threshold) <= 100:
			self.auto_approve_threshold = 95
		if cint(self.max_file_size_mb) <= 0 or cint(self.max_pages) <= 0:
			frappe.throw(_("The size and page limits must be positive."))
		if self.ollama_host and not self.ollama_host.startswith(("http://", "https://")):
			self.ollama_host = "http://" + self.ollama_host.strip()
