"""Documents written with reportlab for the intake tests: a plain digital invoice as a user
uploads one (issue 15's probe)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def probe_invoice_pdf(
	number: str = "PROBE-FA-2026-0042",
	invoice_date: str = "10/11/2026",
	due_date: str = "10/12/2026",
) -> bytes:
	"""'Facture N° …', HT/TVA/TTC, an invoice date and a later due date: nothing unusual."""
	buf = io.BytesIO()
	c = canvas.Canvas(buf, pagesize=A4, invariant=1)
	_w, h = A4
	y = h - 60
	for text, size in (
		("ENTREPRISE PROBE SARL", 14),
		("12, Rue des Essais, Casablanca", 9),
		("ICE : 001234567000089   IF : 12345678   RC : 98765", 9),
	):
		c.setFont("Helvetica", size)
		c.drawString(50, y, text)
		y -= 18
	y -= 20
	c.setFont("Helvetica-Bold", 12)
	c.drawString(50, y, f"Facture N° {number}")
	y -= 20
	c.setFont("Helvetica", 10)
	c.drawString(50, y, f"Date de facture : {invoice_date}")
	y -= 16
	c.drawString(50, y, f"Date d'échéance : {due_date}")
	y -= 16
	c.drawString(50, y, "Client : Syndicat Résidence Les Essais")
	y -= 30
	c.drawString(50, y, "Désignation")
	c.drawRightString(540, y, "Montant")
	y -= 16
	c.drawString(50, y, "Entretien des parties communes")
	c.drawRightString(540, y, "1 000,00")
	y -= 30
	for label, value in (
		("Total HT", "1 000,00"),
		("TVA 20 %", "200,00"),
		("Total TTC", "1 200,00"),
	):
		c.drawString(380, y, label)
		c.drawRightString(540, y, value)
		y -= 16
	c.showPage()
	c.save()
	return buf.getvalue()
