"""Zéro saisie, reading layer: file safety, PDF text layer, rendering, OCR (docTR, Tesseract),
QR codes and the Ollama client. No frappe here either: the RQ job in the Frappe layer calls
`pipeline.process()` and stores what it returns.
"""
