"""Why a file was refused or could not be read: a code for the program, a French message for
the user (template with named parameters, translated by the Frappe layer)."""

from __future__ import annotations

from syndic_maroc.core.errors import ValidationError, _

# code → French template. Listed here so the Frappe layer can translate them all.
MESSAGES = {
	"empty": _("Le fichier est vide."),
	"too_large": _("Le fichier fait {size_mb} Mo, au-delà de la limite de {limit_mb} Mo."),
	"unsupported_type": _(
		"Type de fichier non pris en charge ({detected}) : déposez un PDF, un JPEG, un PNG ou un TIFF."
	),
	"heic_unsupported": _(
		"Les photos HEIC ne sont pas prises en charge sur ce serveur : exportez-les en JPEG ou en PDF."
	),
	"extension_mismatch": _(
		"Le fichier « {filename} » n'est pas un {claimed} : son contenu est de type {detected}."
	),
	"encrypted_pdf": _("Le PDF est protégé par un mot de passe : déposez une version sans protection."),
	"corrupt_pdf": _("Le PDF est illisible ou endommagé ({detail})."),
	"corrupt_image": _("L'image est illisible ou endommagée ({detail})."),
	"too_many_pages": _("Le document compte {pages} pages, au-delà de la limite de {limit} pages."),
	"no_pages": _("Le document ne contient aucune page."),
	"image_too_large": _(
		"L'image fait {pixels} mégapixels, au-delà de la limite de {limit} mégapixels (protection contre les bombes de décompression)."
	),
	"page_too_large": _(
		"La page {page} est démesurée ({width} × {height} points) : fichier refusé par sécurité."
	),
	"ocr_unavailable": _(
		"Aucun moteur d'OCR n'est disponible (ni docTR ni Tesseract) : le document scanné ne peut pas être lu."
	),
	"ocr_failed": _("L'OCR a échoué sur la page {page} : {detail}"),
	"internal_error": _(
		"Erreur inattendue pendant la lecture ({detail}) : le document est à traiter manuellement."
	),
}


class IntakeError(ValidationError):
	"""A file the pipeline refuses or cannot read. `code` is one of MESSAGES' keys."""

	def __init__(self, code: str, **params: object) -> None:
		self.code = code
		super().__init__(MESSAGES.get(code, code), **params)
