"""docTR (python-doctr 1.x, PyTorch): OCR on GPU when CUDA is present (half precision), batched pages.

Weights (the product never runs untrained networks on real documents):

- a local directory (offline installs; `IntakeConfig.doctr_weights_dir`, env SYNDIC_DOCTR_WEIGHTS)
  holding one state dict per architecture, as docTR saves them (`torch.save(model.state_dict())`):
  `<det_arch>.pt` and `<reco_arch>.pt` (e.g. `db_resnet50.pt`, `crnn_vgg16_bn.pt`), or the files
  of docTR's own download cache copied as they are (`db_resnet50-79bd7d70.pt`,
  `crnn_vgg16_bn-0417f351.pt`: `~/.cache/doctr/models` of a machine with internet);
- or docTR's download of its pretrained weights when `allow_download` is set (SYNDIC_DOCTR_DOWNLOAD=1)
  and the machine has internet.

Without docTR, torch or weights, `available()` is False with the reason in `unavailable_reason`
and the reading pipeline uses Tesseract. `random_weights=True` builds the same networks untrained:
for throughput benchmarks and tests only, never set from the configuration.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from syndic_maroc.core.intake.model import Page, Word
from syndic_maroc.core.text import normalize_text

_TORCHVISION_OPS = None  # keeps the fallback op definitions registered (see _import_doctr)


def _import_doctr():
	"""`doctr.models`, importing torchvision first.

	PyPI's torchvision wheels are CUDA builds: next to a CPU-only torch their compiled ops cannot
	load (missing libtorch_cuda) and torchvision ≥ 0.2x then fails at import, registering a fake
	kernel for `torchvision::nms`, an operator nobody defined. docTR uses torchvision's model
	definitions and transforms, not its compiled ops, so the two missing schemas are declared and
	the import is tried again. With a matching torch + torchvision nothing of this happens.
	"""
	global _TORCHVISION_OPS
	try:
		import torchvision
	except RuntimeError as e:
		if "torchvision::" not in str(e):
			raise
		import torch

		_TORCHVISION_OPS = torch.library.Library("torchvision", "DEF")
		_TORCHVISION_OPS.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
		_TORCHVISION_OPS.define("qnms(Tensor qdets, Tensor scores, float iou_threshold) -> Tensor")
		import torchvision
	from doctr import models

	return models


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
		half: bool | None = None,
		random_weights: bool = False,
	):
		self.det_arch = det_arch
		self.reco_arch = reco_arch
		self.weights_dir = Path(weights_dir) if weights_dir else None
		self.allow_download = allow_download
		self.batch_size = max(1, int(batch_size))
		self.device = device
		self.half = half  # None: half precision on CUDA, full on CPU
		self.random_weights = random_weights
		self._predictor = None
		self._load_error: str | None = None
		self.unavailable_reason: str | None = None

	# --- weights ------------------------------------------------------------------------------

	def _weight_file(self, arch: str) -> Path | None:
		if not self.weights_dir or not self.weights_dir.is_dir():
			return None
		exact = self.weights_dir / f"{arch}.pt"
		if exact.is_file():
			return exact
		# docTR's cache names: <arch>-<hash>.pt, and <arch>_pt-<hash>.pt for older releases.
		found = sorted(self.weights_dir.glob(f"{arch}-*.pt")) + sorted(
			self.weights_dir.glob(f"{arch}_pt-*.pt")
		)
		return found[-1] if found else None

	def weights(self) -> tuple[Path, Path] | None:
		det, reco = self._weight_file(self.det_arch), self._weight_file(self.reco_arch)
		return (det, reco) if det and reco else None

	# --- availability and loading -------------------------------------------------------------

	def available(self) -> bool:
		if self._predictor is not None:
			return True
		for mod in ("torch", "torchvision", "doctr"):
			if importlib.util.find_spec(mod) is None:
				self.unavailable_reason = f"{mod} n'est pas installé"
				return False
		if not self.random_weights and self.weights() is None and not self.allow_download:
			where = self.weights_dir or "(aucun dossier configuré)"
			self.unavailable_reason = (
				f"poids docTR absents de {where} ({self.det_arch}.pt et {self.reco_arch}.pt attendus)"
			)
			return False
		if self._load_error:  # a broken install or checkpoint is not tried again on every page
			self.unavailable_reason = self._load_error
			return False
		try:
			self._load()
		except Exception as e:  # it must not stop the pipeline: Tesseract takes over
			self._load_error = f"chargement de docTR impossible : {type(e).__name__}: {e}"[:300]
			self.unavailable_reason = self._load_error
			return False
		return True

	def resolved_device(self) -> str:
		import torch

		return self.device or ("cuda" if torch.cuda.is_available() else "cpu")

	def _load(self):
		import torch

		models = _import_doctr()
		common = {
			"assume_straight_pages": True,
			"det_bs": self.batch_size,
			"reco_bs": max(128, self.batch_size * 64),
		}
		weights = None if self.random_weights else self.weights()
		if weights:
			det = getattr(models.detection, self.det_arch)(pretrained=False, pretrained_backbone=False)
			det.from_pretrained(str(weights[0]))
			reco = getattr(models.recognition, self.reco_arch)(pretrained=False, pretrained_backbone=False)
			reco.from_pretrained(str(weights[1]))
			predictor = models.ocr_predictor(det, reco, pretrained=False, **common)
		elif self.random_weights:
			predictor = models.ocr_predictor(
				self.det_arch, self.reco_arch, pretrained=False, pretrained_backbone=False, **common
			)
		else:  # allow_download: docTR fetches its pretrained weights into its cache
			predictor = models.ocr_predictor(self.det_arch, self.reco_arch, pretrained=True, **common)
		device = self.resolved_device()
		predictor = predictor.to(torch.device(device)).eval()
		half = self.half if self.half is not None else device.startswith("cuda")
		if half:
			predictor = predictor.half()  # docTR casts each batch to the model's dtype
		self._predictor = predictor
		return predictor

	# --- reading ------------------------------------------------------------------------------

	def read_pages(self, images: list, first_number: int = 1, numbers: list[int] | None = None) -> list[Page]:
		"""OCR greyscale/RGB Pillow images, `batch_size` pages per forward pass.

		Word boxes are in pixels of each image (docTR gives them relative to the page)."""
		import numpy as np
		import torch

		predictor = self._predictor or self._load()
		numbers = numbers or list(range(first_number, first_number + len(images)))
		pages: list[Page] = []
		for start in range(0, len(images), self.batch_size):
			batch = images[start : start + self.batch_size]
			arrays = [np.asarray(img.convert("RGB")) for img in batch]
			with torch.inference_mode():
				result = predictor(arrays)
			for img, number, page in zip(batch, numbers[start:], result.pages, strict=False):
				w, h = img.size
				words = []
				for block in page.blocks:
					for line in block.lines:
						for word in line.words:
							(x0, y0), (x1, y1) = word.geometry
							text = normalize_text(word.value)
							if text:
								words.append(
									Word(
										text,
										float(x0) * w,
										float(y0) * h,
										float(x1) * w,
										float(y1) * h,
										float(word.confidence),
									)
								)
				pages.append(Page(number=number, width=w, height=h, words=words, source=self.name))
		return pages
