"""The annual AG report of a résidence (`/api/method/syndic_maroc.api.annual_pack.<name>`); the
logic is syndic_maroc.finance.annual_pack.

GET download_pdf    residence, fiscal_year       → the pack (PDF)
GET download_xlsx   residence, fiscal_year       → the pack (Excel workbook)
GET request         residence, fiscal_year, fmt  → {"inline": 1} or {"queued": 1} (built by a job)
"""

import frappe

from syndic_maroc.finance.annual_pack import files
from syndic_maroc.utils import rate_limits


@frappe.whitelist()
@rate_limits.annual_pack
def download_pdf(residence: str, fiscal_year: str) -> None:
	"""The annual AG report of the résidence for the fiscal year, as one PDF."""
	files.download_pdf(residence, fiscal_year)


@frappe.whitelist()
@rate_limits.annual_pack
def download_xlsx(residence: str, fiscal_year: str) -> None:
	"""The annual AG report as one Excel workbook, one sheet per part."""
	files.download_xlsx(residence, fiscal_year)


@frappe.whitelist()
@rate_limits.annual_pack
def request(residence: str, fiscal_year: str, fmt: str = "pdf") -> dict:
	"""The desk asks for a pack: at once when small enough, else built by a job and attached."""
	return files.request(residence, fiscal_year, fmt)
