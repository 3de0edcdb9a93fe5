"""Tesseract (fra+ara) through its command line, TSV output for word boxes. CPU fallback engine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from syndic_maroc.core.intake.errors import IntakeError
from syndic_maroc.core.intake.model import Page, Word
from syndic_maroc.core.text import normalize_text

from .imaging import clean, deskew, looks_sideways, to_pnm


class TesseractEngine:
	name = "tesseract"

	def __init__(
		self,
		cmd: str = "tesseract",
		lang: str = "fra+ara",
		psm: int = 3,
		timeout: float = 120.0,
		threads: int = 1,
		preprocess: str = "median",
	):
		self.cmd = cmd
		self.preprocess = preprocess
		self.lang = lang
		self.psm = psm
		self.timeout = timeout
		self.threads = threads

	def available(self) -> bool:
		return shutil.which(self.cmd) is not None

	def languages(self) -> list[str]:
		try:
			out = subprocess.run(
				[self.cmd, "--list-langs"], capture_output=True, text=True, timeout=20
			).stdout
		except (OSError, subprocess.SubprocessError):
			return []
		return [ln.strip() for ln in out.splitlines()[1:] if ln.strip()]

	def _run(self, img, args: list[str]) -> str:
		env = dict(os.environ, OMP_THREAD_LIMIT=str(self.threads))
		try:
			proc = subprocess.run(
				[self.cmd, "stdin", "stdout", *args],
				input=to_pnm(img),
				capture_output=True,
				timeout=self.timeout,
				env=env,
			)
		except subprocess.TimeoutExpired as e:
			raise IntakeError("ocr_failed", page="?", detail="délai dépassé") from e
		except OSError as e:
			raise IntakeError("ocr_unavailable") from e
		if proc.returncode != 0:
			raise IntakeError("ocr_failed", page="?", detail=proc.stderr.decode(errors="replace")[-200:])
		return proc.stdout.decode("utf-8", errors="replace")

	def orientation(self, img) -> int:
		"""Degrees to rotate clockwise so text reads upright ("Rotate:" of Tesseract's OSD)."""
		small = img
		if max(img.size) > 1800:
			f = 1800 / max(img.size)
			small = img.resize((round(img.width * f), round(img.height * f)))
		try:
			out = self._run(small, ["--psm", "0"])
		except IntakeError:
			return 0
		m = re.search(r"Rotate: (\d+)", out)
		conf = re.search(r"Orientation confidence: ([\d.]+)", out)
		if m and conf and float(conf.group(1)) >= 1.0:
			return int(m.group(1))
		return 0

	def words(self, img, dpi: float) -> list[Word]:
		tsv = self._run(img, ["--dpi", str(round(dpi)), "-l", self.lang, "--psm", str(self.psm), "tsv"])
		words = []
		for line in tsv.splitlines()[1:]:
			cols = line.split("\t")
			if len(cols) < 12 or cols[0] != "5":
				continue
			text = normalize_text(cols[11])
			if not text:
				continue
			left, top, width, height = map(int, cols[6:10])
			conf = max(0.0, float(cols[10])) / 100
			words.append(Word(text, left, top, left + width, top + height, conf))
		return words

	def read_page(self, img, dpi: float, number: int) -> Page:
		"""Orientation and skew fixed, then OCR. Boxes are in pixels of the corrected image."""
		from PIL import Image

		if looks_sideways(img):
			turn = self.orientation(img) or 90
			img = img.rotate(-turn, expand=True)
		img, _angle = deskew(img)
		img, dpi = clean(img, dpi, self.preprocess)
		words = self.words(img, dpi)
		if _poor(words):
			turn = self.orientation(img)
			if turn:
				img = img.rotate(-turn, expand=True, resample=Image.BICUBIC)
				words = self.words(img, dpi)
		return Page(number=number, width=img.width, height=img.height, words=words, source=self.name)


def _poor(words: list[Word]) -> bool:
	if len(words) < 10:
		return True
	return sum(w.conf for w in words) / len(words) < 0.55
