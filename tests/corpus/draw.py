"""reportlab helpers shared by the document generators (coordinates from the top of the page)."""

from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .arabic import shape

W, H = A4
_ARABIC_FONT = None
for _p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
	if Path(_p).exists():
		pdfmetrics.registerFont(TTFont("DejaVu", _p))
		_ARABIC_FONT = "DejaVu"


def fmt_amount(value: Decimal, style: str = "fr") -> str:
	"""fr: "1 234,56"; dot: "1234.56"; frdot: "1.234,56"."""
	s = f"{value:,.2f}"  # 1,234.56
	if style == "dot":
		return s.replace(",", "")
	if style == "frdot":
		return s.replace(",", " ").replace(".", ",").replace(" ", ".")
	return s.replace(",", " ").replace(".", ",")


def fmt_date(d, style: str = "slash") -> str:
	if style == "space":
		return d.strftime("%d %m %Y")
	if style == "short":
		return d.strftime("%d/%m")
	if style == "dash":
		return d.strftime("%d-%m-%Y")
	return d.strftime("%d/%m/%Y")


class Doc:
	def __init__(self, path: Path):
		self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
		self.c.setTitle("document")

	def text(self, x, y, s, size=9, bold=False, align="left", font=None):
		font = font or ("Helvetica-Bold" if bold else "Helvetica")
		self.c.setFont(font, size)
		yy = H - y
		if align == "right":
			self.c.drawRightString(x, yy, s)
		elif align == "center":
			self.c.drawCentredString(x, yy, s)
		else:
			self.c.drawString(x, yy, s)

	def arabic(self, x, y, s, size=9, align="right"):
		if _ARABIC_FONT:
			self.text(x, y, shape(s), size=size, align=align, font=_ARABIC_FONT)

	def line(self, x0, y0, x1, y1, width=0.5):
		self.c.setLineWidth(width)
		self.c.line(x0, H - y0, x1, H - y1)

	def rect(self, x, y, w, h, fill=False):
		self.c.setLineWidth(0.6)
		if fill:
			self.c.setFillGray(0.9)
		self.c.rect(x, H - y - h, w, h, fill=1 if fill else 0, stroke=1)
		self.c.setFillGray(0)

	def qr(self, x, y, data, size=60):
		from reportlab.graphics import renderPDF
		from reportlab.graphics.barcode.qr import QrCodeWidget
		from reportlab.graphics.shapes import Drawing

		w = QrCodeWidget(data)
		b = w.getBounds()
		d = Drawing(size, size, transform=[size / (b[2] - b[0]), 0, 0, size / (b[3] - b[1]), 0, 0])
		d.add(w)
		renderPDF.draw(d, self.c, x, H - y - size)

	def page(self):
		self.c.showPage()

	def save(self):
		self.c.save()
