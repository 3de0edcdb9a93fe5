"""Every answer template writes only the figures it is given: rendered with random figures, in
French and in Arabic, the sentence passes the figure check against exactly those figures."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syndic_maroc.core.assistant import templates
from syndic_maroc.core.assistant.figures import check
from syndic_maroc.core.assistant.periods import quarter
from syndic_maroc.core.assistant.results import ToolResult

money = st.decimals(min_value=Decimal("0"), max_value=Decimal("9999999.99"), places=2)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=500)
langs = st.sampled_from(["fr", "ar"])


def _ok(tool, data, lang):
	result = ToolResult(tool, {}, data)
	text = templates.render(tool, data, lang)
	verdict = check(text, result.values())
	assert verdict.ok, (text, verdict.foreign)
	# and one figure more is caught: the template's figures are not waved through
	assert not check(text + " 1 234 567,89 DH", result.values()).ok


@given(money, money, counts, days, st.one_of(st.none(), days), money, langs)
def test_balance(outstanding, overdue, invoices, as_of, oldest, advance, lang):
	data = {
		"subject": "lot B-12 (Karim)",
		"as_of": as_of,
		"outstanding": outstanding,
		"overdue": overdue,
		"invoices": invoices,
		"oldest_due": oldest,
		"advance": advance,
	}
	_ok("balance", data, lang)


@given(st.lists(st.tuples(money, money), min_size=0, max_size=12), money, days, langs, st.booleans())
def test_arrears(rows, total, as_of, lang, ageing):
	data = {
		"residence_label": "Résidence Test",
		"as_of": as_of,
		"total": total,
		"overdue": total,
		"count": len(rows),
		"shown": len(rows),
		"thresholds": [0, 30, 31, 60, 61, 90],
		"rows": [
			{"rank": i, "label": f"Copro {chr(65 + i)}", "total": t, "overdue": t, "range_90_plus": p}
			for i, (t, p) in enumerate(rows, start=1)
		],
	}
	if ageing:
		data["buckets"] = {"0-30": total, "31-60": total, "61-90": total, "90+": total}
	_ok("arrears", data, lang)


@given(money, money, counts, langs, st.integers(min_value=1, max_value=4))
def test_called_collected(called, collected, invoices, lang, q):
	rate = (collected * 100 / called).quantize(Decimal("0.1")) if called else Decimal(0)
	data = {
		"residence_label": "Résidence Test",
		"period_label": templates.period_label(quarter(2026, q), lang),
		"invoices": invoices,
		"called": called,
		"collected": collected,
		"outstanding": called - collected,
		"rate": rate,
	}
	_ok("called_collected", data, lang)


@given(st.lists(money, min_size=4, max_size=4), langs)
def test_spend_by_quarter(amounts, lang):
	data = {
		"residence_label": "Résidence Test",
		"period_label": "2026",
		"filter_label": "ascenseur",
		"total": sum(amounts),
		"shared_account": "6134",
		"rows": [
			{"label": templates.period_label(quarter(2026, i + 1), lang), "amount": a}
			for i, a in enumerate(amounts)
		],
	}
	_ok("spend", data, lang)


@given(money, money, langs)
def test_budget(planned, actual, lang):
	variance = actual - planned
	pct = (variance * 100 / planned).quantize(Decimal("0.1")) if planned else None
	row = {
		"label": "nettoyage",
		"budget": planned,
		"actual": actual,
		"variance": variance,
		"variance_pct": pct,
	}
	data = {
		"residence_label": "Résidence Test",
		"fiscal_year": "2026",
		"to_date": date(2026, 12, 2),
		"budget_name": "RB-2026-0001",
		"rows": [row],
		"total": row,
		"overruns": 1,
		"single": False,
	}
	_ok("budget", data, lang)


@given(
	st.lists(st.tuples(money, money, st.integers(1, 999), st.integers(1000, 99999)), min_size=1, max_size=8),
	langs,
)
def test_share(lines, lang):
	data = {
		"subject": "votre compte",
		"period_label": "T2",
		"call_label": "T2 2026",
		"total": sum(a for a, *_ in lines),
		"lines": [
			{
				"category_label": "eau",
				"unit": "B-12",
				"amount": a,
				"line_amount": l,
				"weight": Decimal(w),
				"key_total": Decimal(t),
				"key_name": "Charges générales",
			}
			for a, l, w, t in lines
		],
	}
	_ok("share", data, lang)


@given(counts, counts, st.integers(1, 100000), langs)
def test_registry(units, owners, tantiemes, lang):
	data = {
		"residence_label": "Résidence Test",
		"units": units,
		"co_owners": owners,
		"total_tantiemes": Decimal(tantiemes),
		"own_units": [{"unit": "B-12", "tantiemes": Decimal(120)}],
		"own_tantiemes": Decimal(120),
	}
	_ok("registry", data, lang)


@settings(max_examples=30)
@given(st.lists(st.tuples(days, money, st.booleans()), max_size=10), money, langs)
def test_history(rows, closing, lang):
	data = {
		"subject": "votre compte",
		"from_date": date(2026, 1, 1),
		"to_date": date(2026, 12, 2),
		"closing": closing,
		"rows": [
			{
				"date": d,
				"voucher": f"ACC-SINV-2026-{i:05d}",
				"debit": a if debit else Decimal(0),
				"credit": Decimal(0) if debit else a,
				"balance": a,
			}
			for i, (d, a, debit) in enumerate(rows)
		],
	}
	_ok("history", data, lang)


@pytest.mark.parametrize("reason", sorted(templates.REFUSALS))
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_refusals_carry_no_figure(reason, lang):
	assert check(templates.refusal(reason, lang), []).ok
