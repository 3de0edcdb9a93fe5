"""The QR code of the convocation checks the owner in (loi 18-00 art. 16 nonies), and a written
proxy given from the portal within the limits of art. 16 decies.

One transaction rolled back at the end (the `db` fixture); the files written are removed.
"""

import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.site.assembly import test_general_assembly as ga

files = ga.files  # the fixture: files written during the test are removed
portal_user = ga.portal_user

pytestmark = pytest.mark.site

RESIDENCE = "Résidence Les Jardins d'Anfa"


def convened(frappe, files, residence=RESIDENCE, place="Salle commune"):
	"""An ordinary AG convened yesterday for a first meeting 16 days ahead (art. 16 quinquies: 15 days)."""
	from frappe.utils import add_days, get_datetime, getdate, now_datetime
	from syndic_maroc.api import assembly as api

	first = get_datetime(add_days(now_datetime(), 16)).replace(hour=18, minute=0, second=0, microsecond=0)
	ag = frappe.get_doc(
		{
			"doctype": "General Assembly",
			"residence": residence,
			"place": place,
			"first_meeting": first,
			"resolutions": [{"title": "Antenne collective", "legal_type": "Collective antennas"}],
		}
	).insert()
	api.load_attendance(ag.name)
	ag.reload()
	proof = files("proof.pdf")
	for row in ag.attendance:
		row.convocation_channel, row.convocation_date, row.convocation_proof = (
			"Huissier",
			getdate(add_days(now_datetime(), -1)),
			proof,
		)
		if not row.admitted:
			row.admission_override = "Paid before the meeting"
	ag.save()
	api.convene(ag.name)
	ag.reload()
	return ag


def qr_texts(pdf: bytes) -> list[str]:
	"""The QR codes read back from the printed convocation (pdftoppm at 200 dpi, zxing-cpp)."""
	import zxingcpp
	from PIL import Image

	with tempfile.TemporaryDirectory() as tmp:
		src = Path(tmp, "conv.pdf")
		src.write_bytes(pdf)
		subprocess.run(
			["pdftoppm", "-r", "200", "-png", str(src), str(Path(tmp, "page"))],
			check=True,
		)
		texts = []
		for page in sorted(Path(tmp).glob("page*.png")):
			with Image.open(page) as im:
				texts += [
					b.text for b in zxingcpp.read_barcodes(im) if b.format == zxingcpp.BarcodeFormat.QRCode
				]
		return texts


def test_art_16_nonies_check_in_by_the_qr_code_of_the_convocation(db, files):
	frappe = db
	from frappe.utils import add_days, now_datetime
	from syndic_maroc.api import assembly as api
	from syndic_maroc.assembly import owner_portal

	frappe.flags.mute_emails = True
	ag = convened(frappe, files)
	owner, other_owner = ag.attendance[0], ag.attendance[1]
	user = portal_user(frappe, owner.co_owner)
	frappe.set_user(user)
	pdf = owner_portal.convocation_pdf_bytes(ag.name, "fr")
	frappe.set_user("Administrator")
	texts = qr_texts(pdf)
	assert len(texts) == 1, texts  # his page only
	code = texts[0]
	assert code.startswith("AGQR:") and owner.co_owner in code and other_owner.co_owner not in code

	# Another assembly of the same résidence: its code is refused at this one's entrance.
	other = convened(frappe, files, place="Autre salle")
	frappe.set_user(user)
	other_code = qr_texts(owner_portal.convocation_pdf_bytes(other.name, "ar"))[0]
	frappe.set_user("Administrator")
	assert other_code != code

	frappe.db.set_value("General Assembly", ag.name, "first_meeting", add_days(now_datetime(), -0.01))
	api.open_meeting(ag.name, 1)
	with pytest.raises(frappe.ValidationError, match="for the assembly"):
		api.check_in(ag.name, code=other_code)
	# A code forged for another owner (his name with this owner's signature) is refused.
	forged = code.replace(owner.co_owner, other_owner.co_owner)
	with pytest.raises(frappe.ValidationError, match="not valid"):
		api.check_in(ag.name, code=forged)
	assert frappe.db.get_value("Assembly Attendance", other_owner.name, "status") != "Present"

	# The scanner types the code into the check-in box (it arrives as the co-owner field too).
	state = api.check_in(ag.name, co_owner=code)
	row = frappe.db.get_value(
		"Assembly Attendance",
		owner.name,
		["status", "arrived_at", "checked_in_by"],
		as_dict=True,
	)
	assert row.status == "Present" and row.arrived_at and row.checked_in_by == "Administrator"
	assert state["quorum"]["heads"] >= 1


def test_art_16_decies_written_proxy_given_on_the_portal_and_the_fourth_refused(db, files):
	frappe = db
	from syndic_maroc.api import assembly as api

	from tests.site.portal.test_portal import html

	frappe.flags.mute_emails = True
	ag = convened(frappe, files)
	# The four smallest owners, so that the 4th principal (not the 10 %) is what stops the proxy.
	small = sorted(ag.attendance, key=lambda r: r.votes)[:4]
	assert sum(r.votes for r in small) <= sum(r.votes for r in ag.attendance) / 10
	holder = "Karim Benjelloun"
	for i, row in enumerate(small):
		user = portal_user(frappe, row.co_owner)
		frappe.set_user(user)
		if i == 0:
			page = html(frappe, "/mes-assemblees")
			assert "syndic-ag-proxy" in page and 'name="proxy_file"' in page
		signed = files(f"pouvoir-{i}.pdf", owner=user)
		if i < 3:
			out = api.portal_give_proxy(ag.name, proxy_file=signed, holder_name=holder)
			assert out == {"proxy_holder": holder, "status": "Represented"}
		else:
			with pytest.raises(frappe.ValidationError, match=r"\b3\b") as refused:
				api.portal_give_proxy(ag.name, proxy_file=signed, holder_name=holder)
			# The reason, in the owner's language (French here): the holder, the limit, the article.
			assert holder.lower() in str(refused.value).lower() and "16 decies" in str(refused.value)
		# Someone else's file is never accepted as his proxy.
		if i == 0:
			frappe.set_user("Administrator")
			foreign = files("pouvoir-autre.pdf")
			frappe.set_user(portal_user(frappe, small[1].co_owner))
			with pytest.raises(frappe.ValidationError, match=r"signed proxy|pouvoir signé"):
				api.portal_give_proxy(ag.name, proxy_file=foreign, holder_name=holder)
		frappe.set_user("Administrator")
	rows = {
		r.co_owner: r
		for r in frappe.get_all(
			"Assembly Attendance",
			filters={"parent": ag.name},
			fields=["co_owner", "status", "proxy_holder", "proxy_attachment"],
		)
	}
	assert [rows[r.co_owner].status for r in small] == ["Represented"] * 3 + [rows[small[3].co_owner].status]
	assert rows[small[3].co_owner].status != "Represented" and not rows[small[3].co_owner].proxy_holder
	assert all(rows[r.co_owner].proxy_attachment for r in small[:3])
