"""hooks.py `auth_hooks`: an upload is checked before Frappe stores it (issue 10).

Frappe's upload_file answered a 500 to a zero-byte file (OSError "file does not exist") and to an
image whose header declares billions of pixels (Pillow's DecompressionBombError, raised while
Frappe strips the EXIF data, before any hook of ours runs). Both now get the app's clear error
(417): an empty file is refused, and an image's declared size is checked against the intake's
pixel budget from its header, nothing decoded (utils.files.open_image).
"""

import frappe

from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.sniff import DEFAULT_LIMITS, HEIC, PDF, sniff
from syndic_maroc.utils.errors import core_errors


def _is_upload(request) -> bool:
	return request.method == "POST" and request.path.rstrip("/").rsplit("/", 1)[-1] in (
		"upload_file",
		"frappe.handler.upload_file",
	)


def check_upload() -> None:
	request = getattr(frappe.local, "request", None)
	if request is None or not _is_upload(request) or "file" not in request.files:
		return
	upload = request.files["file"]
	head = upload.stream.read(2048)
	upload.stream.seek(0)
	with core_errors():
		if not head:
			raise IntakeError("empty")
		kind = sniff(head)
		if kind and kind != PDF:
			from syndic_maroc.utils.files import heic_supported, open_image

			if kind == HEIC and not heic_supported():
				return  # Pillow cannot read it: neither can Frappe's EXIF step

			data = upload.stream.read()
			upload.stream.seek(0)
			open_image(data, DEFAULT_LIMITS).close()
