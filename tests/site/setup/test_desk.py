"""The syndic staff's focused desk (setup/desk.py): the Module Profile "Syndic" on users with a
syndic role, kept off System Managers, removed when the syndic role goes."""

import uuid

import pytest

pytestmark = pytest.mark.site


def new_user(frappe, **values):
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"desk.{uuid.uuid4().hex[:8]}@example.ma",
			"first_name": "Desk",
			"send_welcome_email": 0,
			**values,
		}
	)
	user.insert(ignore_permissions=True)
	return user


def test_the_profile_blocks_all_but_accounts_buying_and_our_modules(db):
	from syndic_maroc.setup import desk

	desk.ensure_module_profile()
	blocked = {row.module for row in db.get_doc("Module Profile", "Syndic").block_modules}
	ours = set(db.get_module_list("syndic_maroc"))
	assert {"Stock", "Manufacturing", "Quality Management", "Assets", "Projects", "CRM", "Support"} <= blocked
	assert not blocked & (ours | {"Accounts", "Buying"})
	# every other module of the site is blocked
	assert blocked == set(db.get_all("Module Def", pluck="name")) - ours - {"Accounts", "Buying"}


def test_new_staff_get_the_focused_desk_and_a_system_manager_keeps_everything(db):
	staff = new_user(db, roles=[{"role": "Syndic Accountant"}])
	assert staff.module_profile == "Syndic"
	assert "Stock" in {row.module for row in staff.block_modules}
	assert staff.default_workspace == "Syndic"

	staff.add_roles("System Manager")
	staff.reload()
	assert not staff.module_profile and not staff.block_modules

	boss = new_user(db, roles=[{"role": "Syndic Manager"}, {"role": "System Manager"}])
	assert not boss.module_profile and not boss.block_modules


def test_the_role_profile_gives_the_desk_and_losing_the_role_takes_it_back(db):
	user = new_user(db, role_profile_name="Syndic Manager")
	roles = {row.role for row in user.roles}
	assert {"Syndic Manager", "Accounts User", "Purchase User"} <= roles
	assert user.module_profile == "Syndic"

	user.role_profile_name = None
	user.set("roles", [{"role": "Accounts User"}])
	user.save(ignore_permissions=True)
	assert not user.module_profile and not user.block_modules


def test_a_profile_chosen_by_the_administrator_is_left_alone(db):
	if not db.db.exists("Module Profile", "Custom Desk Test"):
		db.get_doc(
			{"doctype": "Module Profile", "module_profile_name": "Custom Desk Test", "block_modules": []}
		).insert(ignore_permissions=True)
	user = new_user(db, module_profile="Custom Desk Test", roles=[{"role": "Syndic Accountant"}])
	assert user.module_profile == "Custom Desk Test"
