"""A whole ordinary general assembly of the demo Casablanca résidence (60 lots, 10,000
tantièmes), through the desk session endpoints and the co-owner portal endpoints (loi 18-00 arts
16 to 18, 16 decies, 16 quinquies, 19, 20, 21, 22, 24, 30, 59 duodecies).

Everything runs in one transaction rolled back at the end (the `db` fixture); the files it writes
to disk (proofs, proxies, signed PV) are removed.
"""

import io
import os
import uuid
from datetime import timedelta

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.site

RESIDENCE = "Résidence Les Jardins d'Anfa"


def uid() -> str:
	return uuid.uuid4().hex[:8]


@pytest.fixture
def files(db):
	made = []

	def make(name: str, content: bytes = b"%PDF-1.4 proof\n", private: int = 1, owner: str | None = None):
		frappe = db
		doc = frappe.get_doc(
			{"doctype": "File", "file_name": f"{uid()}-{name}", "content": content, "is_private": private}
		)
		doc.flags.ignore_permissions = True
		doc.insert()
		if owner:
			frappe.db.set_value("File", doc.name, "owner", owner)
		made.append(doc.get_full_path())
		return doc.file_url

	yield make
	for path in made:
		if os.path.exists(path):
			os.remove(path)


def portal_user(frappe, co_owner: str) -> str:
	email = f"ag-{uid()}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "AG",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"roles": [{"role": "Co-owner"}],
		}
	)
	user.flags.ignore_permissions = True
	user.insert()
	frappe.db.set_value("Co-owner", co_owner, "portal_user", email)
	return email


def staff_user(frappe) -> str:
	email = f"syndic-{uid()}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Syndic",
			"send_welcome_email": 0,
			"roles": [{"role": "Syndic Manager"}],
		}
	)
	user.flags.ignore_permissions = True
	user.insert()
	return email


def draft_budget(frappe, residence=RESIDENCE):
	"""A draft budget for the next fiscal year, its lines copied from the approved one."""
	approved = frappe.get_doc(
		"Residence Budget", {"residence": residence, "docstatus": 1, "status": ("in", ["Approved", "Closed"])}
	)
	year = int(frappe.db.get_value("Fiscal Year", approved.fiscal_year, "year_start_date").year) + 1
	name = str(year)
	if not frappe.db.exists("Fiscal Year", name):
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": name,
				"year_start_date": f"{year}-01-01",
				"year_end_date": f"{year}-12-31",
			}
		).insert()
	budget = frappe.get_doc(
		{
			"doctype": "Residence Budget",
			"residence": residence,
			"fiscal_year": name,
			"call_frequency": "Quarterly",
			"lines": [
				{
					"category": r.category,
					"kind": r.kind,
					"allocation_key": r.allocation_key,
					"amount": r.amount,
				}
				for r in approved.lines
			],
		}
	).insert()
	return budget


def test_whole_ordinary_assembly_of_the_demo_residence_arts_16_to_24(db, files):
	frappe = db
	from frappe.utils import add_days, get_datetime, getdate, now_datetime
	from syndic_maroc.api import assembly as api
	from syndic_maroc.core.assembly.deadlines import add_months

	frappe.flags.mute_emails = True
	general_key = frappe.db.get_value("Allocation Key", {"residence": RESIDENCE, "is_general": 1}, "name")
	budget = draft_budget(frappe)
	# The règlement gives the commercial lot of the biggest owner more votes than its tantièmes
	# (arts 14, 16 decies): that owner's votes go over 10 % of all votes.
	big_unit = frappe.db.sql(
		"select name, tantiemes from tabUnit where residence=%s order by tantiemes desc limit 1",
		RESIDENCE,
		as_dict=True,
	)[0]
	frappe.db.set_value("Unit", big_unit.name, "syndic_votes", 1100)

	now = now_datetime().replace(microsecond=0)
	first = get_datetime(add_days(now, -20)).replace(hour=18, minute=0, second=0)
	second = get_datetime(add_days(now, -10)).replace(hour=18, minute=0, second=0)
	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": RESIDENCE,
			"assembly_type": "Ordinary",
			"fiscal_year": budget.fiscal_year,
			"place": "Salle commune, bâtiment A, Casablanca",
			"first_meeting": first,
			"second_meeting": second,
			"documents_place": "Bureau du syndic, du lundi au vendredi de 9 h à 17 h",
			"correspondence_allowed": 1,
			"remote_allowed": 1,
			"resolutions": [
				{
					"title": "Approbation du budget prévisionnel",
					"legal_type": "Budget approval",
					"draft_text_fr": "L'assemblée approuve le budget prévisionnel.",
					"draft_text_ar": "يصادق الجمع العام على الميزانية التقديرية.",
					"effect": "Approve budget",
					"residence_budget": budget.name,
				},
				{"title": "Surélévation du bâtiment B", "legal_type": "New building or raising"},
				{
					"title": "Honoraires du syndic",
					"legal_type": "Syndic fees",
					"effect": "Syndic fees",
					"amount": 36000,
					"residence_budget": budget.name,
				},
				{"title": "Conditions de travail du concierge", "legal_type": "Concierge"},
				{
					"title": "Ravalement des façades",
					"legal_type": "Major works",
					"effect": "Major works call",
					"amount": 120000,
					"allocation_key": general_key,
				},
				{
					"title": "Désignation du syndic et de son adjoint",
					"legal_type": "Syndic and deputy appointment",
					"effect": "Appoint syndic and deputy",
					"syndic_name": "Cabinet Syndic Démo",
					"deputy_name": "Adil Guessous",
				},
			],
		}
	).insert()
	api.load_attendance(ag.name)
	ag.reload()
	assert len(ag.attendance) == frappe.db.count(
		"Co-owner", {"name": ("in", [r.co_owner for r in ag.attendance])}
	)
	assert ag.total_votes == 10000 - big_unit.tantiemes + 1100
	assert {r.majority for r in ag.resolutions} and ag.resolutions[0].articles == "21, 24"

	# -- convocation: proofs of delivery per owner, 15 days (arts 16, 16 quinquies) -------------
	proof = files("ar.pdf")
	notice_day = getdate(add_days(first, -16))
	no_proof = ag.attendance[-1]
	for row in ag.attendance:
		row.convocation_channel = "Registered letter"
		row.convocation_date = notice_day
		row.convocation_proof = proof if row is not no_proof else None
	ag.save()
	assert no_proof.co_owner_name in ag.missing_proofs
	late = ag.attendance[0]
	late.convocation_date = getdate(add_days(first, -14))
	with pytest.raises(frappe.ValidationError, match=r"15 (days|jours)"):
		ag.save()
	ag.reload()
	api.convene(ag.name)
	ag.reload()
	assert ag.status == "Convened" and ag.last_notice_on == notice_day
	# Art. 16 septies: the accounts of the closed year (annual pack) for the owners.
	attached = api.attach_documents(
		ag.name,
		frappe.db.get_value("Residence Budget", {"residence": RESIDENCE, "docstatus": 1}, "fiscal_year"),
	)
	files_made = [attached["file_url"]]

	# -- admission (art. 16 quinquies): the syndic admits most late payers with a reason ---------
	late_payers = [r for r in ag.attendance if not r.admitted]
	assert late_payers, "the demo books have late payers"
	refused = min(late_payers, key=lambda r: r.votes)
	for row in late_payers:
		if row is not refused:
			api.override_admission(ag.name, row.co_owner, "Paid at the desk on the day, receipt to post")
	with pytest.raises(frappe.ValidationError, match="16 quinquies"):
		api.check_in(ag.name, co_owner=refused.co_owner)
	with pytest.raises(frappe.ValidationError):
		api.override_admission(ag.name, refused.co_owner, "  ")
	ag.reload()

	# -- correspondence votes from the portal, before the meeting opens -------------------------
	other_residence_ag = (
		frappe.get_doc(
			{
				"doctype": "General Assembly",
				"residence": frappe.db.get_value("Residence", {"name": ("!=", RESIDENCE)}),
				"place": "Salle",
				"first_meeting": add_days(now, 30),
				"status": "Draft",
			}
		)
		.insert()
		.name
	)
	rows = sorted(
		(r for r in ag.attendance if r.admitted and r.co_owner != refused.co_owner), key=lambda r: r.votes
	)
	by_mail, other_mail = rows[0], rows[1]
	mail_user, other_user = portal_user(frappe, by_mail.co_owner), portal_user(frappe, other_mail.co_owner)
	r_budget, r_raise, r_fees, r_concierge, r_works, r_syndic = [r.name for r in ag.resolutions]
	frappe.set_user(other_user)
	api.portal_vote(ag.name, r_budget, "Against")
	frappe.set_user(mail_user)
	api.portal_vote(ag.name, r_budget, "Against")
	api.portal_vote(ag.name, r_budget, "For")  # changeable until the meeting opens
	for r in (r_raise, r_fees, r_concierge, r_works, r_syndic):
		api.portal_vote(ag.name, r, "For")
	from syndic_maroc.assembly import owner_portal

	own_pdf = owner_portal.convocation_pdf_bytes(ag.name, "ar")
	own_pages = PdfReader(io.BytesIO(own_pdf)).pages
	own_text = "".join(p.extract_text() for p in own_pages)
	assert own_pdf[:4] == b"%PDF" and len(own_pages) == 1
	assert other_mail.co_owner_name not in own_text  # his page only
	mine = api.portal_assembly(ag.name)
	assert len(mine["documents"]) == 1 and "portal_document" in mine["documents"][0]["file_url"]
	owner_portal.document(ag.name, attached["file"])
	assert frappe.local.response.filecontent[:4] == b"%PDF"
	with pytest.raises(frappe.PermissionError):
		owner_portal.document(ag.name, frappe.db.get_value("File", {"file_url": proof}, "name"))
	assert [x["my_vote"] for x in mine["resolutions"]] == ["For"] * 6
	assert mine["me"]["co_owner"] == by_mail.co_owner
	# Another co-owner's ballot is never visible nor changeable from the portal.
	other_ballot = frappe.db.get_value(
		"Assembly Ballot", {"general_assembly": ag.name, "co_owner": other_mail.co_owner}, "name"
	)
	assert not frappe.has_permission("Assembly Ballot", "read", other_ballot, user=mail_user)
	assert {b.co_owner for b in frappe.get_list("Assembly Ballot", fields=["co_owner"])} == {by_mail.co_owner}
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Assembly Ballot", other_ballot).check_permission("read")
	with pytest.raises(frappe.PermissionError):
		api.portal_assembly(other_residence_ag)  # not convened there: as if it did not exist
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Assembly Ballot", other_ballot, "choice") == "Against"
	# The syndic does not see a correspondence ballot's content while the vote is open.
	syndic = staff_user(frappe)
	assert not frappe.has_permission("Assembly Ballot", "read", other_ballot, user=syndic)
	frappe.set_user(syndic)
	assert other_ballot not in frappe.get_list(
		"Assembly Ballot", filters={"general_assembly": ag.name}, pluck="name"
	)
	frappe.set_user("Administrator")

	# -- proxies (art. 16 decies): the 4th principal and the 10 % overflow are refused ----------
	proxy = files("pouvoir.pdf")
	admitted = [r for r in rows if r.co_owner not in (by_mail.co_owner, other_mail.co_owner)]
	small = admitted[:4]
	for row in small[:3]:
		api.check_in(
			ag.name,
			co_owner=row.co_owner,
			status="Represented",
			proxy_holder="Me Karim Tazi",
			proxy_attachment=proxy,
		)
	with pytest.raises(frappe.ValidationError, match=r"at most 3|au plus 3"):
		api.check_in(
			ag.name,
			co_owner=small[3].co_owner,
			status="Represented",
			proxy_holder="Me Karim Tazi",
			proxy_attachment=proxy,
		)
	ten_percent = ag.total_votes / 10
	big = next(r for r in ag.attendance if big_unit.name and r.votes > ten_percent * 0.9 and r.admitted)
	second_principal = admitted[4]
	api.check_in(
		ag.name,
		co_owner=second_principal.co_owner,
		status="Represented",
		proxy_holder="Nadia Berrada",
		proxy_attachment=proxy,
	)
	assert big.votes + second_principal.votes > ten_percent
	with pytest.raises(frappe.ValidationError, match="10 %"):
		api.check_in(
			ag.name,
			co_owner=big.co_owner,
			status="Represented",
			proxy_holder="Nadia Berrada",
			proxy_attachment=proxy,
		)

	# -- first meeting: not enough owners (art. 18) ------------------------------------------
	api.open_meeting(ag.name, 1)
	frappe.set_user(mail_user)
	with pytest.raises(frappe.ValidationError, match=r"can no longer change|ne peuvent plus changer"):
		api.portal_vote(ag.name, r_budget, "Against")
	frappe.set_user("Administrator")
	for row in admitted[5:10]:
		api.check_in(ag.name, co_owner=row.co_owner)
	state = api.live_state(ag.name)
	assert not state["quorum"]["reached"] and state["quorum"]["heads"] == 4 + 2 + 5
	with pytest.raises(frappe.ValidationError, match=r"(?i)quorum"):
		api.open_vote(ag.name, r_budget)

	# -- second meeting: holds with whoever attends; ¾ of all votes still needed --------------
	state = api.open_meeting(ag.name, 2)
	assert state["meeting"] == 2 and state["quorum"]["heads"] == 4 + 2  # proxies and mail votes stay
	absent = admitted[-1]  # one owner stays away: the unanimity item is lost by him
	for row in ag.attendance:
		if row.co_owner in (refused.co_owner, absent.co_owner, by_mail.co_owner, other_mail.co_owner):
			continue
		if row.co_owner in {r.co_owner for r in small[:3]} | {second_principal.co_owner}:
			continue
		api.check_in(ag.name, co_owner=row.co_owner)
	ag.reload()
	state = api.live_state(ag.name)
	assert state["quorum"]["reached"]
	api.depart(ag.name, big.co_owner)  # a departure and a return during the meeting
	api.check_in(ag.name, co_owner=big.co_owner)

	api.open_vote(ag.name, r_budget)
	with pytest.raises(frappe.ValidationError, match="JSON"):
		api.vote_bulk(ag.name, r_budget, "For", "{not json")
	with pytest.raises(frappe.ValidationError, match=r"Unknown vote|Vote inconnu"):
		api.vote_bulk(ag.name, r_budget, "For", {other_mail.co_owner: "Maybe"})
	state = api.vote_bulk(ag.name, r_budget, "For", {other_mail.co_owner: "Against"})
	light = next(r for r in state["resolutions"] if r["name"] == r_budget)
	assert light["light"] == "Adopted"
	# The other mail voter's ballot was not overwritten by the bulk entry.
	assert frappe.db.get_value("Assembly Ballot", other_ballot, "choice") == "Against"
	api.close_vote(ag.name, r_budget)
	assert frappe.has_permission("Assembly Ballot", "read", other_ballot, user=syndic)  # closed: visible
	frappe.set_user(syndic)
	assert other_ballot in frappe.get_list(
		"Assembly Ballot", filters={"general_assembly": ag.name}, pluck="name"
	)
	frappe.set_user("Administrator")

	api.open_vote(ag.name, r_raise)
	state = api.vote_bulk(ag.name, r_raise, "For")
	assert next(r for r in state["resolutions"] if r["name"] == r_raise)["light"] == "Lost"
	api.close_vote(ag.name, r_raise)

	api.open_vote(ag.name, r_concierge)
	voters = [r.co_owner for r in ag.attendance if r.status == "Present"]
	api.vote_bulk(ag.name, r_concierge, "For", {voters[0]: "Against", voters[1]: "Abstain"})
	api.vote(ag.name, r_concierge, voters[2], "Against")
	api.close_vote(ag.name, r_concierge)

	for r in (r_fees, r_works, r_syndic):
		api.open_vote(ag.name, r)
		api.vote_bulk(ag.name, r, "For")
		api.close_vote(ag.name, r)
	with pytest.raises(frappe.ValidationError):
		api.vote(ag.name, r_works, voters[0], "Against")  # closed
	api.close_session(ag.name)

	ag.reload()
	results = {r.name: r for r in ag.resolutions}
	names = {r.co_owner: r.co_owner_name for r in ag.attendance}
	assert results[r_budget].result == "Adopted"
	assert results[r_budget].for_votes >= 0.75 * ag.total_votes
	assert results[r_budget].base_votes == ag.total_votes
	assert names[other_mail.co_owner] in results[r_budget].opponents
	assert results[r_raise].result == "Lost"  # unanimity: one owner absent, one not admitted
	assert results[r_concierge].result == "Adopted"
	assert (
		names[voters[0]] in results[r_concierge].opponents
		and names[voters[2]] in results[r_concierge].opponents
	)
	assert names[voters[1]] in results[r_concierge].abstainers
	ballot = frappe.get_doc(
		"Assembly Ballot", {"general_assembly": ag.name, "resolution": r_concierge, "co_owner": voters[2]}
	)
	assert ballot.entered_by == "Administrator" and ballot.entered_at and ballot.channel == "Desk"
	assert (
		frappe.db.get_value(
			"Assembly Ballot",
			{"general_assembly": ag.name, "co_owner": by_mail.co_owner, "resolution": r_budget},
			"channel",
		)
		== "Correspondence"
	)

	# -- minutes signed: the decisions drive the books (arts 19, 21, 24) -------------------------
	president = next(r for r in ag.attendance if r.status == "Present")
	ag.president = president.co_owner
	ag.secretary_name = "Cabinet Syndic Démo"
	ag.secretary_is_syndic = 1
	ag.signed_minutes = files("pv-signe.pdf")
	ag.minutes_signed_on = getdate(second)
	ag.submit()
	ag.reload()
	assert ag.status == "Minutes Signed"
	held = getdate(second)
	assert ag.pv_notification_due == held + timedelta(days=8)
	budget.reload()
	assert budget.docstatus == 1 and budget.status == "Approved"
	assert budget.ag_reference == ag.name and budget.syndic_general_assembly == ag.name
	assert budget.ag_minutes == ag.signed_minutes and budget.ag_date == held
	# Fees voted → the syndic-fees line of the budget the same AG approved (art. 19).
	assert [line.amount for line in budget.lines if line.category == "Syndic Fees"] == [36000]
	residence = frappe.get_doc("Residence", RESIDENCE)
	assert residence.syndic_name == "Cabinet Syndic Démo" and residence.syndic_deputy_name == "Adil Guessous"
	assert residence.syndic_mandate_end == add_months(held, 24) - timedelta(days=1)
	call = frappe.get_doc("Call for Funds", results[r_works].effect_name)
	assert call.docstatus == 0 and call.source == "Exceptional" and call.total_amount == 120000
	assert call.lines[0].allocation_key == general_key and call.lines[0].kind == "Works"
	assert call.syndic_general_assembly == ag.name

	# The injunction file (art. 25 bis) takes the PV from the assembly that approved the budget.
	from types import SimpleNamespace

	from syndic_maroc.finance import injunction

	pieces = injunction.ag_minutes_pieces(
		RESIDENCE, SimpleNamespace(lines=[], fiscal_years=[budget.fiscal_year])
	)
	assert pieces[0].attached_to == ("General Assembly", ag.name) and pieces[0].file_url == ag.signed_minutes

	# -- PV in French and Arabic -------------------------------------------------------------
	html_fr = frappe.get_print("General Assembly", ag.name, "Assembly Minutes", doc=ag)
	assert "Approbation du budget prévisionnel" in html_fr and names[other_mail.co_owner] in html_fr
	assert 'dir="ltr"' in html_fr
	frappe.local.lang = "ar"
	try:
		html_ar = frappe.get_print("General Assembly", ag.name, "Assembly Minutes", doc=ag)
		pdf_ar = frappe.get_print("General Assembly", ag.name, "Assembly Minutes", doc=ag, as_pdf=True)
	finally:
		frappe.local.lang = "fr"
	assert 'dir="rtl"' in html_ar and "يصادق الجمع العام على الميزانية التقديرية" in html_ar
	pdf_fr = frappe.get_print("General Assembly", ag.name, "Assembly Minutes", doc=ag, as_pdf=True)
	for pdf in (pdf_fr, pdf_ar):
		assert pdf[:4] == b"%PDF"
		assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2  # minutes + attendance annex
	text_fr = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_fr)).pages)
	assert "Ravalement" in text_fr

	# -- notification of the PV to every owner (art. 30) and the challenge window -------------
	day = held + timedelta(days=3)
	for row in ag.attendance:
		out = api.record_pv_notification(ag.name, row.co_owner, "Registered letter", str(day), proof)
	ag.reload()
	assert ag.status == "Notified" and ag.pv_notified_on == day
	assert ag.challenge_deadline == add_months(day, 2) and not out["overdue"]
	for url in files_made:
		path = frappe.get_site_path(url.lstrip("/"))
		if os.path.exists(path):
			os.remove(path)


def test_convocation_print_has_the_legal_mentions_art_16_quinquies(db):
	frappe = db
	from frappe.utils import add_days, now_datetime
	from syndic_maroc.api import assembly as api

	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": RESIDENCE,
			"place": "Salle commune",
			"first_meeting": add_days(now_datetime(), 20),
			"second_meeting": add_days(now_datetime(), 30),
			"resolutions": [
				{"title": "Budget", "legal_type": "Budget approval", "draft_text_fr": "Projet de budget"}
			],
		}
	).insert()
	api.load_attendance(ag.name)
	ag.reload()
	# An owner adds an item from the portal, at least 24 hours before (art. 16 sexies).
	owner = ag.attendance[0]
	frappe.set_user(portal_user(frappe, owner.co_owner))
	added = api.portal_propose_item(
		ag.name, "Installer un local vélos", "Projet : un local vélos au sous-sol."
	)
	frappe.set_user("Administrator")
	ag.reload()
	item = ag.resolutions[-1]
	assert item.name == added["resolution"] and item.proposed_by == owner.co_owner and item.proposed_at
	html = frappe.get_print("General Assembly", ag.name, "Assembly Convocation", doc=ag)
	assert "Installer un local vélos" in html
	assert "16 quinquies" in html and "Projet de budget" in html
	assert html.count("page-break") >= len(ag.attendance) - 1
	assert ag.attendance[0].co_owner_name in html


def test_second_meeting_beyond_30_days_and_syndic_as_president_refused_arts_17_18(db):
	frappe = db
	from frappe.utils import add_days, now_datetime

	base = {
		"doctype": "General Assembly",
		"residence": RESIDENCE,
		"place": "Salle commune",
		"first_meeting": add_days(now_datetime(), 20),
	}
	with pytest.raises(frappe.ValidationError, match=r"30 (days|jours)"):
		frappe.get_doc({**base, "second_meeting": add_days(now_datetime(), 51)}).insert()
	frappe.db.set_value("Residence", RESIDENCE, "syndic_name", "Cabinet Syndic Démo")
	with pytest.raises(frappe.ValidationError, match=r"chair|présider"):
		frappe.get_doc({**base, "president_name": "Cabinet Syndic Démo"}).insert()
	with pytest.raises(frappe.ValidationError, match=r"art\. 23"):
		frappe.get_doc(
			{
				**base,
				"resolutions": [
					{
						"title": "Interdire les commerces",
						"legal_type": "Reglement change",
						"forces_destination_change": 1,
					}
				],
			}
		).insert()
	with pytest.raises(frappe.ValidationError, match="16 octies"):
		frappe.get_doc(
			{
				**base,
				"resolutions": [
					{"title": "Travaux", "legal_type": "Major works", "on_agenda": 0, "urgent": 1}
				],
			}
		).insert()


def test_remote_vote_from_the_portal_while_the_resolution_is_open_arts_16_decies_18(db, files):
	"""A co-owner abroad votes live from the portal; he never reaches the desk endpoints nor
	another owner's ballot."""
	frappe = db
	from frappe.utils import add_days, get_datetime, getdate, now_datetime
	from syndic_maroc.api import assembly as api

	frappe.flags.mute_emails = True
	residence = frappe.db.get_value("Residence", {"name": ("!=", RESIDENCE)})
	budget = draft_budget(frappe, residence)
	now = now_datetime()
	first = get_datetime(add_days(now, -1)).replace(hour=18, minute=0, second=0, microsecond=0)
	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": residence,
			"place": "Salle",
			"first_meeting": first,
			"remote_allowed": 1,
			"resolutions": [
				{"title": "Antenne collective", "legal_type": "Collective antennas"},
				{
					"title": "Budget prévisionnel",
					"legal_type": "Budget approval",
					"effect": "Approve budget",
					"residence_budget": budget.name,
				},
			],
		}
	).insert()
	api.load_attendance(ag.name)
	ag.reload()
	proof = files("ar.pdf")
	for row in ag.attendance:
		row.convocation_channel, row.convocation_date, row.convocation_proof = (
			"Huissier",
			getdate(add_days(first, -20)),
			proof,
		)
		if not row.admitted:
			row.admission_override = "Paid before the meeting"
	ag.save()
	api.convene(ag.name)
	ag.reload()
	abroad, neighbour = ag.attendance[0], ag.attendance[1]
	abroad_user, neighbour_user = (
		portal_user(frappe, abroad.co_owner),
		portal_user(frappe, neighbour.co_owner),
	)
	resolution = ag.resolutions[0].name

	from tests.site.portal.test_portal import html

	frappe.set_user(abroad_user)
	page = html(frappe, "/mes-assemblees")
	assert "Antenne collective" in page, page[page.find('syndic-portal"') :][:1500]
	assert "portal_convocation_pdf" in page and 'data-vote="For"' not in page
	with pytest.raises(frappe.ValidationError, match=r"24 (hours|heures)"):
		api.portal_propose_item(ag.name, "Point tardif")
	frappe.set_user("Administrator")
	api.open_meeting(ag.name, 1)
	for row in ag.attendance[2:]:
		api.check_in(ag.name, co_owner=row.co_owner)
	frappe.set_user(abroad_user)
	with pytest.raises(frappe.ValidationError, match=r"not open|pas ouvert"):
		api.portal_vote(ag.name, resolution, "For")
	with pytest.raises(frappe.PermissionError):
		api.open_vote(ag.name, resolution)  # desk endpoints are the syndic's
	frappe.set_user("Administrator")
	api.open_vote(ag.name, resolution)

	frappe.set_user(abroad_user)
	assert 'data-vote="For"' in html(frappe, "/mes-assemblees")  # the open resolution: live remote vote
	api.portal_vote(ag.name, resolution, "Against")
	api.portal_vote(ag.name, resolution, "For")  # one ballot, changed while the vote is open
	frappe.set_user(neighbour_user)
	api.portal_vote(ag.name, resolution, "Against")
	neighbour_ballot = frappe.get_list("Assembly Ballot", pluck="name")
	assert len(neighbour_ballot) == 1
	frappe.set_user(abroad_user)
	mine = frappe.get_list("Assembly Ballot", fields=["name", "co_owner", "choice", "channel"])
	assert [(b.co_owner, b.choice, b.channel) for b in mine] == [(abroad.co_owner, "For", "Remote")]
	other = frappe.get_doc("Assembly Ballot", neighbour_ballot[0])
	with pytest.raises(frappe.PermissionError):
		other.check_permission("read")
	other.choice = "For"
	with pytest.raises(frappe.PermissionError):
		other.save()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Assembly Ballot", neighbour_ballot[0], "choice") == "Against"
	assert frappe.db.count("Assembly Ballot", {"general_assembly": ag.name, "co_owner": abroad.co_owner}) == 1
	state = api.live_state(ag.name)
	assert state["quorum"]["heads"] == len(ag.attendance)  # the two remote owners count as present
	api.vote_bulk(ag.name, resolution, "For")  # the remote ballots stay as their owners cast them
	assert frappe.db.get_value("Assembly Ballot", neighbour_ballot[0], ["choice", "channel"]) == (
		"Against",
		"Remote",
	)
	api.close_vote(ag.name, resolution)
	frappe.set_user(abroad_user)
	with pytest.raises(frappe.ValidationError, match=r"not open|pas ouvert"):
		api.portal_vote(ag.name, resolution, "Against")
	frappe.set_user("Administrator")
	ag.reload()
	assert ag.resolutions[0].result == "Adopted"
	assert ag.resolutions[0].against_heads == 1 and neighbour.co_owner_name in ag.resolutions[0].opponents
	statuses = {r.co_owner: r.status for r in ag.attendance}
	assert statuses[abroad.co_owner] == statuses[neighbour.co_owner] == "Remote"

	# The budget is rejected (art. 24): it stays in draft, with the AG's decision on record.
	budget_res = ag.resolutions[1].name
	api.open_vote(ag.name, budget_res)
	api.vote_bulk(ag.name, budget_res, "Against")
	api.close_vote(ag.name, budget_res)
	api.close_session(ag.name)
	ag.reload()
	assert ag.resolutions[1].result == "Lost"
	ag.president = ag.attendance[2].co_owner
	ag.secretary_name = "Secrétaire de séance"
	ag.signed_minutes = files("pv.pdf")
	ag.submit()
	budget.reload()
	assert budget.docstatus == 0 and budget.status == "Draft"
	assert frappe.db.exists(
		"Comment",
		{
			"reference_doctype": "Residence Budget",
			"reference_name": budget.name,
			"content": ("like", f"%{ag.name}%"),
		},
	)


def test_pv_notification_overdue_alert_and_challenge_window_arts_30_59_duodecies(db):
	frappe = db
	from frappe.utils import add_days, getdate
	from syndic_maroc.assembly import alerts

	name = frappe.get_all("Residence", pluck="name", limit=1)[0]
	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": name,
			"place": "Salle",
			"first_meeting": add_days(getdate(), -30),
		}
	).insert()
	frappe.db.set_value(
		"General Assembly",
		ag.name,
		{"docstatus": 1, "status": "Minutes Signed", "pv_notification_due": add_days(getdate(), -1)},
	)
	found = [a for a in alerts.alerts(getdate()) if a["reference"] == ("General Assembly", ag.name)]
	assert found and "16 nonies" in found[0]["description"]
	frappe.db.set_value(
		"General Assembly", ag.name, {"status": "Notified", "challenge_deadline": add_days(getdate(), -1)}
	)
	alerts.close_final(getdate())
	assert frappe.db.get_value("General Assembly", ag.name, "status") == "Closed"
	frappe.db.set_value("Residence", name, "syndic_mandate_end", add_days(getdate(), 30))
	assert any(
		a["reference"] == ("Residence", name) and "art. 19" in a["description"]
		for a in alerts.alerts(getdate())
	)


def test_next_ordinary_assembly_alert_after_year_end_arts_16_ter_24(db):
	frappe = db
	from frappe.utils import add_days, getdate
	from syndic_maroc.assembly import alerts

	today = getdate()
	year_end = alerts._last_year_end(today)
	name = frappe.get_all("Residence", pluck="name", limit=1)[0]
	frappe.db.sql(
		"update `tabResidence Budget` set ag_date=%s where residence=%s and docstatus=1",
		(add_days(year_end, -1), name),
	)
	on = add_days(year_end, 200)  # past six months (art. 24): escalated
	items = [
		a for a in alerts.alerts(on) if a["reference"] == ("Residence", name) and "16 ter" in a["description"]
	]
	assert items and items[0]["priority"] == "High"
	frappe.db.sql(
		"update `tabResidence Budget` set ag_date=%s where residence=%s and docstatus=1",
		(add_days(year_end, 10), name),
	)
	assert not [
		a for a in alerts.alerts(on) if a["reference"] == ("Residence", name) and "16 ter" in a["description"]
	]
