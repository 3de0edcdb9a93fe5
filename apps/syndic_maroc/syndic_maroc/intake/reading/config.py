"""Settings of the reading pipeline, from arguments or the environment (offline-friendly)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from syndic_maroc.core.intake.sniff import Limits


def _env(name: str, default: str | None = None) -> str | None:
	value = os.environ.get(name)
	return value if value not in (None, "") else default


@dataclass
class IntakeConfig:
	limits: Limits = field(default_factory=Limits)
	# "auto": docTR when it is installed with its weights, else Tesseract; or "doctr" / "tesseract".
	ocr_engine: str = "auto"
	ocr_dpi: int = 300
	tesseract_cmd: str = "tesseract"
	tesseract_lang: str = "fra+ara"
	tesseract_workers: int = 1  # processes in parallel, one page each
	tesseract_timeout: float = 120.0
	tesseract_preprocess: str = "median"  # "median" | "up" | "upmedian" | "none"
	doctr_det_arch: str = "db_resnet50"
	doctr_reco_arch: str = "crnn_vgg16_bn"
	# docTR (doctr_engine.py): holds <det_arch>.pt and <reco_arch>.pt (state dicts), or docTR's
	# cache files (<arch>-<hash>.pt). Without them docTR is not used (never untrained networks).
	doctr_weights_dir: str | None = None
	doctr_allow_download: bool = False  # let docTR download its weights (machine with internet)
	doctr_batch_size: int = 8  # pages per forward pass
	doctr_device: str | None = None  # None: "cuda" (half precision) when available, else "cpu"
	decode_qr: bool = True
	ollama_host: str | None = None  # None: the LLM step is skipped
	ollama_model: str = "qwen2.5:7b-instruct"
	ollama_timeout: float = 60.0

	@classmethod
	def from_env(cls, **overrides) -> IntakeConfig:
		cfg = cls(
			ocr_engine=_env("SYNDIC_OCR_ENGINE", "auto"),
			tesseract_lang=_env("SYNDIC_TESSERACT_LANG", "fra+ara"),
			tesseract_workers=int(_env("SYNDIC_TESSERACT_WORKERS", "1")),
			doctr_weights_dir=_env("SYNDIC_DOCTR_WEIGHTS"),
			doctr_allow_download=_env("SYNDIC_DOCTR_DOWNLOAD", "0") == "1",
			doctr_det_arch=_env("SYNDIC_DOCTR_DET_ARCH", "db_resnet50"),
			doctr_reco_arch=_env("SYNDIC_DOCTR_RECO_ARCH", "crnn_vgg16_bn"),
			doctr_batch_size=int(_env("SYNDIC_DOCTR_BATCH", "8")),
			doctr_device=_env("SYNDIC_DOCTR_DEVICE"),
			ollama_host=_env("OLLAMA_HOST"),
			ollama_model=_env("SYNDIC_OLLAMA_MODEL", "qwen2.5:7b-instruct"),
			ollama_timeout=float(_env("SYNDIC_OLLAMA_TIMEOUT", "60")),
		)
		for k, v in overrides.items():
			setattr(cfg, k, v)
		return cfg
