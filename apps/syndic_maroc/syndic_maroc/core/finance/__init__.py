"""The money cycle of a syndicat, as pure functions over plain data (no frappe).

Modules: `periods` (fiscal periods, due dates, budget share per period), `calls` (a call for
funds split per unit and grouped per co-owner), `payments` (oldest-due-first allocation),
`ageing` (arrears buckets), `recovery` (reminder levels, acceleration, prescription),
`statements` (owner statement, quitus), `reporting` (revenue tier, budget vs actual, year over
year), `chart` (the décret 2.23.700 accounts the cycle posts to).

Amounts are `decimal.Decimal` in MAD with two decimals; functions accept int, str, float or
Decimal and return Decimal. Dates are `datetime.date`. Errors raise
`syndic_maroc.core.errors.ValidationError` with a French message template and its params.
"""
