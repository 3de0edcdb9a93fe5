"""Zéro saisie, pure half: classification, extraction rules, validation and merging.

Takes the words and lines that the reading layer (`syndic_maroc.intake`) produced from a file
and returns typed fields, each with a value, a confidence and its source. No frappe, no I/O.
"""
