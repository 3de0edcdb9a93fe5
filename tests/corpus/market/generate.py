"""The market corpus: procedural documents in layout families, split TUNING / HELDOUT in code
(invoices.TUNING_FAMILIES / HELDOUT_FAMILIES, lexicon.TUNING / HELDOUT), with a fixed seed.

        python -m tests.corpus.market.generate --out /tmp/market --per-family 6

Each document: a digital PDF (text layer), and on request a scan (200 dpi raster, degraded)
and a phone photo (perspective, uneven light, no dpi, rotated 0/90/180/270).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from . import invoices, statements, utility
from .photo import photograph

SEED = 15
PARTS = {
	"tuning": invoices.TUNING_FAMILIES + utility.TUNING_FAMILIES + statements.TUNING_FAMILIES,
	"heldout": invoices.HELDOUT_FAMILIES + utility.HELDOUT_FAMILIES + statements.HELDOUT_FAMILIES,
}


def _kind(family: str):
	for module in (statements, utility):
		if family in module.TUNING_FAMILIES + module.HELDOUT_FAMILIES:
			return module
	return invoices


def generate(
	out: Path,
	per_family: int = 6,
	parts=("tuning", "heldout"),
	seed: int = SEED,
	scans: bool = False,
	photos: bool = False,
) -> list[dict]:
	from ..generate import degrade

	out.mkdir(parents=True, exist_ok=True)
	manifest = []
	for part in parts:
		for family in PARTS[part]:
			for i in range(per_family):
				rng = random.Random(f"{seed}-{family}-{i}")
				kind = _kind(family)
				truth = kind.make(rng, family)
				name = f"{part}_{family}_{i:02d}"
				pdf = out / f"{name}.pdf"
				kind.draw(truth, pdf)
				public = {k: v for k, v in truth.items() if not k.startswith("_")}
				if kind is invoices:
					public["lines"] = [{k: v for k, v in ln.items() if k != "rate"} for ln in truth["_lines"]]
					public["taxes"] = [{"rate": r, "base": b, "amount": a} for r, b, a in truth["_taxes"]]
				(out / f"{name}.json").write_text(json.dumps(public, ensure_ascii=False, indent=1))
				entry = {
					"id": name,
					"part": part,
					"family": family,
					"class": truth["class"],
					"digital": str(pdf),
					"truth": str(out / f"{name}.json"),
				}
				if scans:
					entry["scan"] = str(degrade(pdf, rng, out / f"{name}_scan", ["pdf", "png", "jpg"][i % 3]))
				if photos:
					entry["photo"] = str(
						photograph(
							pdf,
							rng,
							out / f"{name}_photo.jpg",
							rotation=[0, 90, 180, 270][i % 4],
						)
					)
				manifest.append(entry)
	(out / "manifest.json").write_text(json.dumps(manifest, indent=1))
	return manifest


def main(argv=None) -> None:
	ap = argparse.ArgumentParser(description="market corpus")
	ap.add_argument("--out", type=Path, required=True)
	ap.add_argument("--per-family", type=int, default=6)
	ap.add_argument("--scans", action="store_true")
	ap.add_argument("--photos", action="store_true")
	args = ap.parse_args(argv)
	m = generate(args.out, args.per_family, scans=args.scans, photos=args.photos)
	print(f"{len(m)} documents in {args.out}")


if __name__ == "__main__":
	main()
