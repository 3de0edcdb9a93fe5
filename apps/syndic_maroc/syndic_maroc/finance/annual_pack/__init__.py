"""Rapport annuel pour l'assemblée générale: the year's accounts of a résidence in one PDF and
one Excel workbook (one sheet per part).

Parts (décret 2.23.700 annex 1; the statements are core.finance.annual on the ERPNext ledger):
- synthèse: revenue of the year (class 7), the tier and its annexes (annex 1 art. 1), the
  auditor flag above 1,000,000 MAD (annex 1 art. 12), the result, treasury and arrears;
- situation financière (annex 3) and compte de gestion générale (annex 4), each next to the
  previous year (annex 1 art. 4; loi 18-00 art. 24);
- budget vs réalisé by category (annex 5; report Budget vs Actual by Category), overruns > 20 %;
- travaux et fonds de réserve (annex 7; annex 1 arts 6-7), dettes fournisseurs (annex 8);
- comptes individuels des copropriétaires (annex 10; annex 1 art. 10 breakdown);
- impayés at the year end (finance.arrears), trésorerie 5121 / 5161, balance générale (annex 1
  art. 8);
- ERPNext's own Balance Sheet (both year ends) and General Ledger (by account) for the year.

Everything is read from GL Entries in a handful of grouped queries and from ERPNext's reports;
nothing is written, except for a large résidence (`files.request`): there a background job builds the
pack and attaches it to the Résidence.

Modules: `data` (reading the ledger and ERPNext's reports), `sections` (each part shaped as
rows, and `build`: the whole pack), `workbook` (the Excel workbook), `files` (the PDF, the
downloads and the background job of a large résidence). The whitelisted endpoints are in
syndic_maroc.api.annual_pack.
"""
