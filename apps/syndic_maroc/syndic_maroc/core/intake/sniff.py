"""What a file is, from its first bytes (never from its name), and the size limits.

Pure: the reading layer (syndic_maroc.utils.files) adds the checks that need a parser
(page count, encryption, pixel budget).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import IntakeError

PDF, JPEG, PNG, TIFF, HEIC = "pdf", "jpeg", "png", "tiff", "heic"
EXTENSIONS = {
	"pdf": PDF,
	"jpg": JPEG,
	"jpeg": JPEG,
	"jpe": JPEG,
	"png": PNG,
	"tif": TIFF,
	"tiff": TIFF,
	"heic": HEIC,
	"heif": HEIC,
}


@dataclass(frozen=True)
class Limits:
	max_bytes: int = 25 * 1024 * 1024
	max_pages: int = 50
	max_pixels: int = 60_000_000  # one image or rendered page (A4 at 600 dpi is 35 Mpx)
	max_page_points: float = 14_400.0  # PDF page side, 200 inches (PDF's own maximum)


# signatures of containers and executables (ZIP and Office, RAR, 7z, gzip, bzip2, xz, EXE, ELF)
CONTAINERS = (
	b"PK\x03\x04",
	b"PK\x05\x06",
	b"PK\x07\x08",
	b"Rar!",
	b"7z\xbc\xaf\x27\x1c",
	b"\x1f\x8b",
	b"BZh",
	b"\xfd7zXZ\x00",
	b"MZ",
	b"\x7fELF",
)


def sniff(head: bytes) -> str | None:
	"""The type of a file from its magic bytes, or None when it is none we accept."""
	if head.startswith(b"%PDF-"):
		return PDF
	# PDF readers accept up to 1 KB of junk before the header, but an archive or an executable
	# is what its own signature says, even when a stored PDF shows in its first bytes
	if b"%PDF-" in head[:1024] and not head.startswith(CONTAINERS):
		return PDF
	if head.startswith(b"\xff\xd8\xff"):
		return JPEG
	if head.startswith(b"\x89PNG\r\n\x1a\n"):
		return PNG
	if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
		return TIFF
	if head[4:8] == b"ftyp" and head[8:12] in (
		b"heic",
		b"heix",
		b"hevc",
		b"hevx",
		b"mif1",
		b"msf1",
		b"heim",
		b"heis",
	):
		return HEIC
	return None


def describe(head: bytes) -> str:
	"""A short name for an unaccepted type, for the error message."""
	if head.startswith(b"MZ"):
		return "exécutable Windows"
	if head.startswith(b"\x7fELF"):
		return "exécutable"
	if head.startswith(b"PK\x03\x04"):
		return "archive ZIP / document Office"
	if head.startswith(b"GIF8"):
		return "GIF"
	if not head:
		return "vide"
	if all(32 <= b < 127 or b in (9, 10, 13) for b in head[:512]):
		return "texte"
	return "inconnu"


DEFAULT_LIMITS = Limits()


def check_bytes(data: bytes, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> str:
	"""Size and type checks on the raw bytes. Returns the sniffed type, or raises IntakeError."""
	if not data:
		raise IntakeError("empty")
	if len(data) > limits.max_bytes:
		raise IntakeError(
			"too_large", size_mb=round(len(data) / 1048576, 1), limit_mb=round(limits.max_bytes / 1048576, 1)
		)
	kind = sniff(data[:2048])
	if kind is None:
		detected = describe(data[:2048])
		ext = (filename or "").rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
		if ext in EXTENSIONS:
			raise IntakeError(
				"extension_mismatch", filename=filename, claimed=EXTENSIONS[ext].upper(), detected=detected
			)
		raise IntakeError("unsupported_type", detected=detected)
	return kind
