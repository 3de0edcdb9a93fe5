"""Zéro saisie (DESIGN.md §5).

Reading layer, frappe-free (runs without a bench; benchmarks and core tests use it):
`reading/` (`pipeline`: one file in, one result out; `reader`, `textlayer`, `imaging`,
`tesseract`, `doctr_engine`, `qr`, `llm`, `config`), with the file checks of
syndic_maroc.utils.files.

Frappe layer: the Incoming Document and Intake Settings DocTypes (`doctype/`), `settings` (Intake
Settings → IntakeConfig), `sources` (File / email / résidence attachments → Incoming Documents),
`jobs` (the RQ job on queue `ocr`), `matching` (what was read against ERPNext records),
`approval` (drafts in ERPNext), `files` (the File behind a document). They stay thin: the
decisions are in syndic_maroc.core.intake.
"""

DOCTYPE = "Incoming Document"
