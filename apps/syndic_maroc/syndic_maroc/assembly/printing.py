"""Jinja helpers of the assembly print formats (convocation, minutes)."""

import re

import frappe


def assembly_is_arabic() -> bool:
	"""Whether the print runs in Arabic (right to left): the language of this request, not the
	one the Jinja environment was first built with."""
	return (getattr(frappe.local, "lang", None) or "fr").startswith("ar")


def checkin_secret() -> str:
	"""The site's own secret (site_config encryption_key) keys the check-in codes."""
	from frappe.utils.password import get_encryption_key

	return get_encryption_key()


def checkin_token(assembly: str, co_owner: str) -> str:
	from syndic_maroc.core.assembly.checkin import make_token

	return make_token(checkin_secret(), assembly, co_owner)


def assembly_checkin_qr(assembly: str, co_owner: str, size_mm: int = 32) -> str:
	"""The QR code of an owner's convocation (inline SVG): his check-in token for this assembly,
	scanned at the entrance into the live session's check-in box."""
	import zxingcpp
	from markupsafe import Markup

	barcode = zxingcpp.create_barcode(checkin_token(assembly, co_owner), zxingcpp.BarcodeFormat.QRCode)
	svg = barcode.to_svg()
	svg = svg[svg.index("<svg") :]
	# Scale the symbol (one unit per module, quiet zone included) to a printed size a scanner reads.
	svg = re.sub(
		r'<svg width="(\d+)" height="(\d+)"',
		rf'<svg width="{size_mm}mm" height="{size_mm}mm" viewBox="0 0 \1 \2" shape-rendering="crispEdges"',
		svg,
		count=1,
	)
	return Markup(svg)
