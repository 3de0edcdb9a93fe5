"""The reading layer of zéro saisie, frappe-free (runs without a bench; benchmarks and core
tests use it; tests/core/test_core_purity.py keeps it so): `pipeline` (one file in, one result
out), `reader` (text layer, docTR or Tesseract per page), `textlayer`, `imaging`, `tesseract`,
`doctr_engine`, `qr`, `llm` (the Ollama client), `config`. The file checks made before any
parsing are syndic_maroc.utils.files."""
