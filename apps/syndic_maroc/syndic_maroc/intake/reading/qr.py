"""QR codes on a page (utility bills and e-invoices carry them), decoded with zxing-cpp."""

from __future__ import annotations

import importlib.util


def available() -> bool:
	return importlib.util.find_spec("zxingcpp") is not None


def decode(img) -> list[str]:
	"""The texts of the QR codes found on a Pillow image, in reading order; [] without a decoder."""
	if not available():
		return []
	import zxingcpp

	try:
		results = zxingcpp.read_barcodes(img.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
	except Exception:
		return []
	return [r.text for r in results if r.valid and r.text]
