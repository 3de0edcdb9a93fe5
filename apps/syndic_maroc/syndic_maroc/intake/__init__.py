"""Zéro saisie (DESIGN.md §5).

Reading layer, frappe-free (runs without a bench; benchmarks and core tests use it): `pipeline`
(one file in, one result out), `safety`, `textlayer`, `imaging`, `reading`, `tesseract`,
`doctr_engine`, `qr`, `llm`, `config`.

Frappe layer: the Incoming Document and Intake Settings DocTypes (`doctype/`), `settings` (Intake
Settings → IntakeConfig), `sources` (File / email / résidence attachments → Incoming Documents),
`jobs` (the RQ job on queue `ocr`), `approval` (drafts in ERPNext). They stay thin: the
decisions are in syndic_maroc.core.intake.
"""
