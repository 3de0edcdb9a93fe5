"""docTR (python-doctr, PyTorch): GPU OCR when CUDA is present, batched pages.

Weights come from a local directory (offline installs: `<weights_dir>/<det_arch>.pt` and
`<weights_dir>/<reco_arch>.pt`, state dicts as docTR saves them), or are downloaded by docTR
when `allow_download` is set and the machine has internet. Without docTR, torch or weights the
engine says so through `available()` / `unavailable_reason` and the pipeline uses Tesseract.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from syndic_maroc.core.intake.model import Page, Word
from syndic_maroc.core.text import normalize_text


class DoctrEngine:
	name = "doctr"

	def __init__(
		self,
		det_arch: str = "db_resnet50",
		reco_arch: str = "crnn_vgg16_bn",
		weights_dir: str | None = None,
		allow_download: bool = False,
		batch_size: int = 8,
		device: str | None = None,
	):
		self.det_arch = det_arch
		self.reco_arch = reco_arch
		self.weights_dir = Path(weights_dir) if weights_dir else None
		self.allow_download = allow_download
		self.batch_size = batch_size
		self.device = device
		self._predictor = None
		self.unavailable_reason: str | None = None

	def _weights(self) -> tuple[Path, Path] | None:
		if not self.weights_dir:
			return None
		det = self.weights_dir / f"{self.det_arch}.pt"
		reco = self.weights_dir / f"{self.reco_arch}.pt"
		return (det, reco) if det.is_file() and reco.is_file() else None

	def available(self) -> bool:
		if self._predictor is not None:
			return True
		for mod in ("torch", "doctr"):
			if importlib.util.find_spec(mod) is None:
				self.unavailable_reason = f"{mod} n'est pas installé"
				return False
		if self._weights() is None and not self.allow_download:
			where = self.weights_dir or "(aucun dossier configuré)"
			self.unavailable_reason = f"poids docTR absents de {where}"
			return False
		try:
			self._load()
		except Exception as e:  # a broken install or checkpoint must not stop the pipeline
			self.unavailable_reason = f"chargement de docTR impossible : {type(e).__name__}: {e}"
			return False
		return True

	def resolved_device(self) -> str:
		import torch

		return self.device or ("cuda" if torch.cuda.is_available() else "cpu")

	def _load(self, pretrained_weights: bool = True):
		import torch
		from doctr.models import detection, ocr_predictor, recognition

		device = self.resolved_device()
		weights = self._weights()
		if weights and pretrained_weights:
			det = detection.__dict__[self.det_arch](pretrained=False, pretrained_backbone=False)
			det.from_pretrained(str(weights[0]), map_location=device)
			reco = recognition.__dict__[self.reco_arch](pretrained=False, pretrained_backbone=False)
			reco.from_pretrained(str(weights[1]), map_location=device)
			predictor = ocr_predictor(
				det_arch=det,
				reco_arch=reco,
				pretrained=False,
				assume_straight_pages=True,
				det_bs=self.batch_size,
				reco_bs=self.batch_size * 64,
			)
		else:
			# pretrained=True downloads into docTR's cache; pretrained_weights=False (benchmarks of
			# throughput only) builds the same networks with random weights.
			predictor = ocr_predictor(
				self.det_arch,
				self.reco_arch,
				pretrained=pretrained_weights and self.allow_download,
				pretrained_backbone=False,
				assume_straight_pages=True,
				det_bs=self.batch_size,
				reco_bs=self.batch_size * 64,
			)
		predictor = predictor.to(torch.device(device)).eval()
		self._predictor = predictor
		return predictor

	def read_pages(self, images: list, first_number: int = 1) -> list[Page]:
		"""OCR a batch of greyscale/RGB Pillow images; word boxes in pixels of each image."""
		import numpy as np
		import torch

		predictor = self._predictor or self._load()
		pages: list[Page] = []
		for start in range(0, len(images), self.batch_size):
			batch = images[start : start + self.batch_size]
			arrays = [np.asarray(img.convert("RGB")) for img in batch]
			with torch.inference_mode():
				result = predictor(arrays)
			for k, (img, page) in enumerate(zip(batch, result.pages, strict=False)):
				w, h = img.size
				words = []
				for block in page.blocks:
					for line in block.lines:
						for word in line.words:
							(x0, y0), (x1, y1) = word.geometry
							text = normalize_text(word.value)
							if text:
								words.append(
									Word(text, x0 * w, y0 * h, x1 * w, y1 * h, float(word.confidence))
								)
				pages.append(
					Page(number=first_number + start + k, width=w, height=h, words=words, source=self.name)
				)
		return pages
