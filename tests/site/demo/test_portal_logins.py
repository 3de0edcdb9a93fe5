"""Demo portal logins (demo/portal.py): a few demo co-owners get a website login with the demo
password, once; the portal knows them as their co-owner; reset removes them."""

import pytest

pytestmark = pytest.mark.site


@pytest.fixture
def residences(db):
	from syndic_maroc.demo import data as demo_data

	names = [r["residence_name"] for r in demo_data.build()["residences"]]
	present = [n for n in names if db.db.exists("Residence", n)]
	if not present:
		pytest.skip("the demo résidences are not loaded on this site")
	return present


def test_demo_co_owners_get_a_portal_login_once(db, residences):
	from frappe.utils.password import check_password
	from syndic_maroc.demo import portal
	from syndic_maroc.portal.access import co_owners_of_user

	for name in portal.candidates(residences):
		portal.remove_logins([name])  # start from co-owners without login
	logins = portal.make_logins(residences)
	assert len(logins) == portal.PER_RESIDENCE * len(residences)
	for login in logins:
		assert login["password"] == portal.DEMO_PASSWORD
		user = db.get_doc("User", login["user"])
		assert user.user_type == "Website User" and "Co-owner" in {r.role for r in user.roles}
		assert check_password(login["user"], portal.DEMO_PASSWORD, delete_tracker_cache=False)
		assert [row.name for row in co_owners_of_user(login["user"])] == [login["co_owner"]]
	# a co-owner per résidence owns a lot there
	for residence in residences:
		assert any(
			db.db.exists("Unit", {"residence": residence, "co_owner": login["co_owner"]}) for login in logins
		)

	again = portal.make_logins(residences)
	assert [(x["co_owner"], x["user"]) for x in again] == [(x["co_owner"], x["user"]) for x in logins]
	assert all(x["password"] is None for x in again)
	assert portal.first_login() == f"{logins[0]['user']} / {portal.DEMO_PASSWORD}"

	assert portal.remove_logins([x["co_owner"] for x in logins]) == len(logins)
	assert not any(db.db.exists("User", x["user"]) for x in logins)
	assert portal.first_login() is None
