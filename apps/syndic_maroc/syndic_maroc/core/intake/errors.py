"""Why a file was refused or could not be read: a code for the program, a French message for
the user (template with named parameters, translated by the Frappe layer)."""

from __future__ import annotations

from syndic_maroc.core.errors import ValidationError, _

# code → French template. Listed here so the Frappe layer can translate them all.
MESSAGES = {
	"empty": _("The file is empty."),
	"too_large": _("The file is {size_mb} MB, above the limit of {limit_mb} MB."),
	"unsupported_type": _("Unsupported file type ({detected}): upload a PDF, JPEG, PNG or TIFF."),
	"heic_unsupported": _("HEIC photos are not supported on this server: export them as JPEG or PDF."),
	"extension_mismatch": _('The file "{filename}" is not a {claimed}: its content is of type {detected}.'),
	"encrypted_pdf": _("The PDF is password-protected: upload an unprotected version."),
	"corrupt_pdf": _("The PDF is unreadable or damaged ({detail})."),
	"corrupt_image": _("The image is unreadable or damaged ({detail})."),
	"too_many_pages": _("The document has {pages} pages, above the limit of {limit} pages."),
	"no_pages": _("The document has no pages."),
	"image_too_large": _(
		"The image has {pixels} megapixels, above the limit of {limit} megapixels (protection against decompression bombs)."
	),
	"page_too_large": _("Page {page} is oversized ({width} × {height} points): file refused for safety."),
	"ocr_unavailable": _(
		"No OCR engine is available (neither docTR nor Tesseract): the scanned document cannot be read."
	),
	"ocr_failed": _("OCR failed on page {page}: {detail}"),
	"internal_error": _(
		"Unexpected error while reading ({detail}): the document must be processed manually."
	),
}


class IntakeError(ValidationError):
	"""A file the pipeline refuses or cannot read. `code` is one of MESSAGES' keys."""

	def __init__(self, code: str, **params: object) -> None:
		self.code = code
		super().__init__(MESSAGES.get(code, code), **params)
