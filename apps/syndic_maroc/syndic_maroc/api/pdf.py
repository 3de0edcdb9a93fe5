"""Frappe's PDF download endpoints, replaced (hooks.py override_whitelisted_methods) so every
render goes through the bounded, local renderer of utils.pdf and `lang=` reads as `language=`."""

import frappe

from syndic_maroc.utils.pdf import generator_of, request_language, wkhtmltopdf_pdf


@frappe.whitelist(allow_guest=True)
def download_pdf(
	doctype: str,
	name: str,
	format: str | None = None,
	doc: str | None = None,
	no_letterhead: int | str = 0,
	language: str | None = None,
	letterhead: str | None = None,
	pdf_generator: str | None = None,
	lang: str | None = None,
) -> None:
	"""frappe.utils.print_format.download_pdf, with `lang=` accepted as `language=` and every render
	bounded and local (override_whitelisted_methods)."""
	from frappe.translate import print_language
	from frappe.utils.print_format import validate_print_permission

	doc = frappe.get_doc(doctype, name)  # `doc` from a URL is never trusted
	validate_print_permission(doc)
	frappe.local.form_dict.pop("pdf_generator", None)  # ours decides, from the print format
	with print_language(request_language(language, lang)):
		pdf_file = frappe.get_print(
			doctype,
			name,
			format,
			doc=doc,
			as_pdf=True,
			letterhead=letterhead,
			no_letterhead=no_letterhead,
			pdf_generator=generator_of(format),
		)
	frappe.local.response.filename = "{name}.pdf".format(name=name.replace(" ", "-").replace("/", "-"))
	frappe.local.response.filecontent = pdf_file
	frappe.local.response.type = "pdf"


@frappe.whitelist()
def report_to_pdf(html: str, orientation: str = "Landscape") -> None:
	"""frappe.utils.print_format.report_to_pdf through the bounded, local wkhtmltopdf."""
	from frappe.core.doctype.access_log.access_log import make_access_log

	make_access_log(file_type="PDF", method="PDF", page=html)
	frappe.local.response.filename = "report.pdf"
	frappe.local.response.filecontent = wkhtmltopdf_pdf(html, {"orientation": orientation})
	frappe.local.response.type = "pdf"
