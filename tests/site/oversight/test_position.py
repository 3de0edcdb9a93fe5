"""The six-monthly position (loi 18-00 art. 26) on a real site: one message per co-owner with his
statement and the résidence summary (no other owner's name), recorded in a Position Notice with
both PDFs; sending again for the same period sends nothing."""

from decimal import Decimal

import pytest

from tests.site.finance import helpers
from tests.site.finance.helpers import make_budget, make_call, uid
from tests.site.utils.pdf_layout import pages_text

res = helpers.res  # the résidence fixture of finance.helpers (module scope)

pytestmark = pytest.mark.site


def test_art_26_position_sent_once_per_co_owner_and_period(db, res):
	from syndic_maroc.core.oversight.position import half_just_ended
	from syndic_maroc.finance.collections import record_payment
	from syndic_maroc.oversight.position import send_position, summary

	budget = make_budget(db, res)
	call = make_call(db, res, budget, period=1)
	record_payment(
		res.name, res.owners[0], 700, "Bank Transfer", posting_date=call.due_date, reference_no=f"V{uid()}"
	)
	db.db.set_value("Co-owner", res.owners[1], "preferred_language", "ar")
	period, start, end = half_just_ended(db.utils.getdate())
	if not start <= call.posting_date <= end:
		pytest.skip("the site's fiscal year does not start in the half-year just ended")

	result = send_position(res.name)
	assert result == {"period": period, "sent": len(res.owners), "skipped": 0}
	notices = db.get_all(
		"Position Notice",
		filters={"residence": res.name, "period": period},
		fields=["name", "co_owner", "email", "channel", "language", "file", "summary_file", "sent_on"],
	)
	assert sorted(n.co_owner for n in notices) == sorted(res.owners)
	names = {o: db.db.get_value("Co-owner", o, "full_name") for o in res.owners}
	for notice in notices:
		assert notice.sent_on and notice.channel == "Email and Portal"
		assert notice.email == db.db.get_value("Co-owner", notice.co_owner, "email")
		assert notice.language == ("ar" if notice.co_owner == res.owners[1] else "fr")
		queue = db.get_all(
			"Email Queue",
			filters={"reference_doctype": "Position Notice", "reference_name": notice.name},
			pluck="name",
		)
		assert len(queue) == 1
		recipients = db.get_all("Email Queue Recipient", filters={"parent": queue[0]}, pluck="recipient")
		assert recipients == [notice.email]
		statement = db.get_doc("File", {"file_url": notice.file}).get_content()
		summary_pdf = db.get_doc("File", {"file_url": notice.summary_file}).get_content()
		assert statement.startswith(b"%PDF") and summary_pdf.startswith(b"%PDF")
		text = " ".join(pages_text(summary_pdf))
		assert not any(name in text for name in names.values())  # no owner's name in the summary

	# the summary's figures: bank and arrears rate from the ledger
	figures = summary(res.name, start, end)
	assert figures.bank_balance == 700
	called, overdue = db.db.sql(
		"""select sum(grand_total), sum(case when due_date < %s then outstanding_amount else 0 end)
		from `tabSales Invoice` where syndic_residence=%s and docstatus=1 and is_return=0
			and posting_date between %s and %s""",
		(end, res.name, start.replace(month=1, day=1), end),
	)[0]
	assert figures.arrears_rate == (Decimal(str(overdue)) * 100 / Decimal(str(called))).quantize(
		Decimal("0.1")
	)

	# again for the same period: nothing sent, nothing recorded twice
	queued = db.db.count("Email Queue", {"reference_doctype": "Position Notice"})
	assert send_position(res.name) == {"period": period, "sent": 0, "skipped": len(res.owners)}
	assert db.db.count("Position Notice", {"residence": res.name, "period": period}) == len(res.owners)
	assert db.db.count("Email Queue", {"reference_doctype": "Position Notice"}) == queued
