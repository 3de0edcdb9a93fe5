"""Check-in token of the convocation's QR code (art. 16 nonies: the attendance sheet).

Each owner's convocation carries a QR code encoding `AGQR:<assembly>:<co-owner>:<mac>`, where
the mac is an HMAC-SHA256 of the assembly and the co-owner keyed with the site's secret: it
cannot be guessed or made for another owner, and a token of another assembly is refused at the
entrance. A USB or phone scanner types the text into the check-in box of the live session.
"""

from __future__ import annotations

import hashlib
import hmac

from syndic_maroc.core.errors import ValidationError, _

PREFIX = "AGQR"
MAC_LENGTH = 32  # hex characters: 128 bits


def _mac(secret: str | bytes, assembly: str, co_owner: str) -> str:
	key = secret.encode() if isinstance(secret, str) else secret
	message = f"{PREFIX}\x1f{assembly}\x1f{co_owner}".encode()
	return hmac.new(key, message, hashlib.sha256).hexdigest()[:MAC_LENGTH]


def make_token(secret: str | bytes, assembly: str, co_owner: str) -> str:
	"""The text of the QR code for `co_owner` convened to `assembly`."""
	if not secret:
		raise ValidationError(_("The site has no secret key to sign the check-in codes"))
	return f"{PREFIX}:{assembly}:{co_owner}:{_mac(secret, assembly, co_owner)}"


def is_token(text: str | None) -> bool:
	"""Whether a typed or scanned text is a check-in token (rather than a co-owner or a lot)."""
	return bool(text) and text.strip().upper().startswith(PREFIX + ":")


def read_token(secret: str | bytes, text: str, assembly: str) -> str:
	"""The co-owner of a scanned token for `assembly`; refuses a malformed or forged token and
	one of another assembly."""
	parts = (text or "").strip().split(":")
	if len(parts) != 4 or parts[0].upper() != PREFIX or not all(parts[1:]):
		raise ValidationError(_("This is not a check-in code of a convocation"))
	_prefix, token_assembly, co_owner, mac = parts
	if not secret or not hmac.compare_digest(mac.lower(), _mac(secret, token_assembly, co_owner)):
		raise ValidationError(_("This check-in code is not valid"))
	if token_assembly != assembly:
		raise ValidationError(
			_("This check-in code is for the assembly {other}, not {assembly}"),
			other=token_assembly,
			assembly=assembly,
		)
	return co_owner
