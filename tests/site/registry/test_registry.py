"""The registry on a real Frappe 15 / ERPNext 15 site: résidences and their books, units, owners, keys.

Creating a Residence creates an ERPNext Company (chart of accounts, cost centers...), which is
slow: each module builds two résidences once, commits them, and deletes them (with their
companies) at the end. Every test then works inside the `db` fixture's rollback.
"""

import uuid

import pytest

pytestmark = pytest.mark.site

VALID_RIB = "007780000123456789012396"  # 24 digits, mod-97 key OK
BAD_KEY_RIB = "007780000123456789012301"


def uid() -> str:
	return uuid.uuid4().hex[:6].upper()


def make_residence(frappe, total=1000, **values):
	tag = uid()
	doc = frappe.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence Test {tag}",
			"abbr": f"T{tag}",
			"city": "Casablanca",
			"total_tantiemes": total,
			**values,
		}
	)
	doc.insert()
	return doc


def delete_residence(frappe, name):
	"""Remove a test résidence and everything it owns (units first), then its company."""
	if not frappe.db.exists("Residence", name):
		return
	frappe.set_user("Administrator")
	for key in frappe.get_all("Allocation Key", filters={"residence": name, "is_general": 0}, pluck="name"):
		frappe.delete_doc("Allocation Key", key, force=True)
	for unit in frappe.get_all("Unit", filters={"residence": name}, pluck="name"):
		frappe.delete_doc("Unit", unit, force=True)
	company = frappe.db.get_value("Residence", name, "company")
	frappe.delete_doc("Residence", name)
	if company and frappe.db.exists("Company", company):
		frappe.delete_doc("Company", company)


@pytest.fixture(scope="module")
def residences(site):
	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	made = []
	bank = f"Banque Test {uid()}"
	try:
		main = make_residence(frappe, total=1000, bank_name=bank, rib=VALID_RIB, ice="001234567000089")
		made.append(main.name)
		other = make_residence(frappe, total=100)
		made.append(other.name)
		frappe.db.commit()
		yield frappe._dict(main=main.name, other=other.name)
	finally:
		frappe.db.rollback()
		for name in made:
			delete_residence(frappe, name)
		frappe.db.commit()


@pytest.fixture
def co_owner(db):
	def make(name=None, **values):
		doc = db.get_doc(
			{
				"doctype": "Co-owner",
				"full_name": name or f"Karim Test {uid()}",
				"phone": "06 61 23 45 67",
				"email": f"karim.{uid().lower()}@example.ma",
				**values,
			}
		)
		doc.insert()
		return doc

	return make


@pytest.fixture
def unit(db):
	def make(residence, number=None, tantiemes=100, **values):
		doc = db.get_doc(
			{
				"doctype": "Unit",
				"residence": residence,
				"unit_number": number or f"U{uid()}",
				"unit_type": "Apartment",
				"tantiemes": tantiemes,
				"surface": 80,
				**values,
			}
		)
		doc.insert()
		return doc

	return make


# --- Residence -> Company ----------------------------------------------------------------------


def account(frappe, company, number):
	return frappe.db.get_value(
		"Account",
		{"company": company, "account_number": number},
		["name", "account_type", "root_type", "is_group", "account_currency"],
		as_dict=True,
	)


def test_residence_creates_its_company_with_the_decree_chart(db, residences):
	from syndic_maroc.chart_of_accounts import iter_accounts

	res = db.get_doc("Residence", residences.main)
	company = db.get_doc("Company", res.company)
	assert company.company_name == res.residence_name
	assert company.default_currency == "MAD"
	assert company.country == "Morocco"
	assert company.abbr == res.abbr
	assert company.tax_id == res.ice == "001234567000089"
	# a syndicat keeps no stock: purchase invoices must not need stock accounts
	assert not company.enable_perpetual_inventory

	bank = account(db, company.name, "5121")
	assert bank.account_type == "Bank" and bank.root_type == "Asset" and not bank.is_group
	assert bank.name == f"5121 - Banques - {res.abbr}"
	assert bank.account_currency == "MAD"
	assert account(db, company.name, "3421").account_type == "Receivable"
	assert account(db, company.name, "4411").account_type == "Payable"
	assert account(db, company.name, "5161").account_type == "Cash"
	assert account(db, company.name, "7111").root_type == "Income"

	# the chart is exactly the shipped one: no ERPNext standard chart mixed in
	expected = {a["number"] for a in iter_accounts()}
	numbers = set(db.get_all("Account", filters={"company": company.name}, pluck="account_number"))
	assert numbers == expected

	assert company.default_receivable_account == account(db, company.name, "3421").name
	assert company.default_payable_account == account(db, company.name, "4411").name
	assert company.default_bank_account == bank.name
	assert company.default_cash_account == account(db, company.name, "5161").name
	assert company.default_income_account == account(db, company.name, "7111").name
	assert company.round_off_account == account(db, company.name, "65158").name

	assert res.default_bank_account == bank.name
	assert res.cost_center and db.db.get_value("Cost Center", res.cost_center, "company") == company.name


def test_residence_bank_account_from_rib(db, residences):
	res = db.get_doc("Residence", residences.main)
	assert res.rib == VALID_RIB
	assert res.bank_account
	bank_account = db.get_doc("Bank Account", res.bank_account)
	assert bank_account.account == res.default_bank_account
	assert bank_account.company == res.company
	assert bank_account.is_company_account
	assert bank_account.bank_account_no == VALID_RIB
	assert bank_account.iban.startswith("MA") and bank_account.iban.endswith(VALID_RIB)


def test_residence_has_its_general_key(db, residences):
	key = db.db.get_value(
		"Allocation Key", {"residence": residences.main, "is_general": 1}, ["key_name", "basis"], as_dict=True
	)
	assert key.key_name == "Charges générales"
	assert key.basis == "Tantiemes"


@pytest.mark.parametrize(
	"values, message",
	[
		({"ice": "00123456700008"}, "15 chiffres"),
		({"rib": "0077800001234567890123"}, "24 chiffres"),
		({"rib": BAD_KEY_RIB}, "Clé RIB"),
		({"total_tantiemes": 0}, "strictement positif"),
	],
)
def test_residence_validations_are_french(db, values, message):
	doc = db.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence Invalide {uid()}",
			"total_tantiemes": 1000,
			**values,
		}
	)
	with pytest.raises(db.ValidationError, match=message):
		doc.insert()
	assert not db.db.exists("Company", doc.residence_name)


def test_residence_abbr_is_derived_and_unique(db, residences):
	from syndic_maroc.registry.utils import derive_abbr

	assert derive_abbr("Résidence Les Jardins d'Anfa") == "RJA"
	assert derive_abbr("Résidence Les Jardins d'Anfa", lambda a: a == "RJA") == "RJA2"
	abbr = db.db.get_value("Residence", residences.main, "abbr")
	doc = db.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence Doublon {uid()}",
			"abbr": abbr,
			"total_tantiemes": 1000,
		}
	)
	with pytest.raises(db.ValidationError, match="abréviation"):
		doc.insert()


def test_declared_total_cannot_drop_below_the_units(db, residences, unit):
	unit(residences.main, tantiemes=300)
	res = db.get_doc("Residence", residences.main)
	res.total_tantiemes = 200
	with pytest.raises(db.ValidationError, match="inférieur"):
		res.save()


# --- Building ---------------------------------------------------------------------------------


def test_building_creates_a_cost_center_under_the_company_root(db, residences):
	res = db.get_doc("Residence", residences.main)
	building = db.get_doc(
		{"doctype": "Building", "residence": res.name, "building_code": "A", "building_name": "Bâtiment A"}
	).insert()
	assert building.name == f"A - {res.abbr}"
	cc = db.db.get_value(
		"Cost Center", building.cost_center, ["company", "is_group", "parent_cost_center"], as_dict=True
	)
	assert cc.company == res.company
	assert not cc.is_group
	root = db.db.get_value(
		"Cost Center", cc.parent_cost_center, ["is_group", "parent_cost_center"], as_dict=True
	)
	assert root.is_group and not root.parent_cost_center

	dup = db.get_doc({"doctype": "Building", "residence": res.name, "building_code": "A"})
	with pytest.raises(db.ValidationError, match="existe déjà"):
		dup.insert()


# --- Unit -------------------------------------------------------------------------------------


def test_unit_numbers_are_unique_per_residence(db, residences, unit):
	unit(residences.main, number="B12", tantiemes=10)
	with pytest.raises(db.ValidationError, match="B12"):
		unit(residences.main, number="B12", tantiemes=10)
	# the same number in another résidence is fine
	assert unit(residences.other, number="B12", tantiemes=10).name.startswith("B12 - ")


def test_unit_building_must_belong_to_the_residence(db, residences, unit):
	building = db.get_doc(
		{"doctype": "Building", "residence": residences.other, "building_code": "Z"}
	).insert()
	with pytest.raises(db.ValidationError, match="n'appartient pas"):
		unit(residences.main, building=building.name)


def test_tantiemes_must_be_positive(db, residences, unit):
	with pytest.raises(db.ValidationError, match="strictement positifs"):
		unit(residences.main, tantiemes=0)


def test_tantiemes_never_exceed_the_declared_total_and_the_message_names_the_gap(db, residences, unit):
	unit(residences.main, tantiemes=600)
	with pytest.raises(db.ValidationError, match="dépassement de 100"):
		unit(residences.main, tantiemes=500)
	last = unit(residences.main, tantiemes=400)
	assert db.db.get_value("Residence", residences.main, "allocated_tantiemes") == 1000
	# editing a unit counts the others, not itself twice
	last.tantiemes = 399
	last.save()


def test_tantiemes_gap_report(db, residences, unit):
	from syndic_maroc.registry.report.tantiemes_gap.tantiemes_gap import execute

	unit(residences.main, tantiemes=250)
	unit(residences.main, tantiemes=150)
	columns, data = execute({"residence": residences.main})
	assert {c["fieldname"] for c in columns} >= {"declared", "allocated", "gap", "status"}
	(row,) = data
	assert (row["declared"], row["allocated"], row["gap"], row["units"]) == (1000, 400, 600, 2)

	unit(residences.main, tantiemes=600)
	(row,) = execute({"residence": residences.main})[1]
	assert row["gap"] == 0
	assert execute({"residence": residences.main, "only_gaps": 1})[1] == []


# --- Ownership --------------------------------------------------------------------------------


def test_first_owner_opens_the_history_and_transfers_keep_it(db, residences, unit, co_owner):
	alice, bachir, chama = co_owner("Alice Test"), co_owner("Bachir Test"), co_owner("Chama Test")
	lot = db.get_doc(
		{
			"doctype": "Unit",
			"residence": residences.main,
			"unit_number": f"T{uid()}",
			"tantiemes": 50,
			"co_owner": alice.name,
		}
	)
	lot.flags.ownership_from_date = "2020-01-15"
	lot.insert()
	assert [(r.co_owner, str(r.from_date), r.to_date) for r in lot.ownership_history] == [
		(alice.name, "2020-01-15", None)
	]

	lot.transfer_ownership(bachir.name, "2024-06-01", "Acte n° 123")
	lot.reload()
	lot.transfer_ownership(chama.name, "2025-03-10")
	lot.reload()
	assert lot.co_owner == chama.name
	history = [
		(r.co_owner, str(r.from_date), r.to_date and str(r.to_date), r.reference)
		for r in lot.ownership_history
	]
	assert history == [
		(alice.name, "2020-01-15", "2024-05-31", None),
		(bachir.name, "2024-06-01", "2025-03-09", "Acte n° 123"),
		(chama.name, "2025-03-10", None, None),
	]
	assert lot.owner_on("2022-01-01") == alice.name
	assert lot.owner_on("2024-12-31") == bachir.name

	# no direct edit of the owner, no rewriting of the history
	lot.co_owner = alice.name
	with pytest.raises(db.ValidationError, match="mutation"):
		lot.save()
	lot.reload()
	lot.ownership_history[0].from_date = "2019-01-01"
	with pytest.raises(db.ValidationError, match="historique"):
		lot.save()
	lot.reload()
	lot.ownership_history = lot.ownership_history[1:]
	with pytest.raises(db.ValidationError, match="historique"):
		lot.save()

	lot.reload()
	with pytest.raises(db.ValidationError, match="postérieure"):
		lot.transfer_ownership(alice.name, "2025-03-10")
	with pytest.raises(db.ValidationError, match="déjà le propriétaire"):
		lot.transfer_ownership(chama.name, "2026-01-01")


def test_unit_without_owner_gets_one_later(db, residences, unit, co_owner):
	lot = unit(residences.main)
	assert not lot.ownership_history
	owner = co_owner()
	lot.co_owner = owner.name
	lot.save()
	assert [r.co_owner for r in lot.ownership_history] == [owner.name]


# --- Co-owner ---------------------------------------------------------------------------------


def test_co_owner_gets_a_customer_and_a_contact_kept_in_sync(db, co_owner):
	owner = co_owner("Fatima Zahra Test", cin="be 123456", phone="06 61 23 45 67")
	assert owner.name.startswith("COP-")
	assert owner.phone == "+212661234567"
	assert owner.cin == "BE123456"

	customer = db.get_doc("Customer", owner.customer)
	assert customer.customer_name == "Fatima Zahra Test"
	assert customer.customer_group == "Copropriétaires"
	assert customer.customer_type == "Individual"
	assert customer.customer_primary_contact == owner.contact

	contact = db.get_doc("Contact", owner.contact)
	assert [link.link_name for link in contact.links if link.link_doctype == "Customer"] == [customer.name]
	assert contact.email_id == owner.email
	assert contact.mobile_no == "+212661234567"
	assert contact.first_name == "Fatima"

	owner.reload()
	owner.phone = "0522 12 34 56"
	owner.email = f"nouveau.{uid().lower()}@example.ma"
	owner.full_name = "Fatima Zahra Test-Bis"
	owner.save()
	contact.reload()
	customer.reload()
	assert contact.mobile_no == "+212522123456"
	assert contact.email_id == owner.email
	assert customer.customer_name == "Fatima Zahra Test-Bis"


def test_co_owner_company_and_mre(db, co_owner):
	owner = co_owner(
		f"SARL Test {uid()}",
		owner_type="Company",
		ice="001 234567 0000 89",
		phone="+33 6 12 34 56 78",
		country="France",
	)
	assert owner.ice == "001234567000089"
	assert owner.phone == "+33612345678"
	assert db.db.get_value("Customer", owner.customer, ["customer_type", "tax_id"]) == (
		"Company",
		"001234567000089",
	)
	with pytest.raises(db.ValidationError, match="15 chiffres"):
		co_owner(owner_type="Company", ice="12345")
	with pytest.raises(db.ValidationError, match="téléphone"):
		co_owner(phone="12")


def test_create_portal_user(db, co_owner):
	owner = co_owner(preferred_language="ar")
	user_name = owner.create_portal_user()
	owner.reload()
	assert owner.portal_user == user_name
	user = db.get_doc("User", user_name)
	assert user.user_type == "Website User"
	assert "Co-owner" in [r.role for r in user.roles]
	assert user.language == "ar"
	assert db.db.get_value("Contact", owner.contact, "user") == user_name
	# twice is harmless
	assert owner.create_portal_user() == user_name


def test_co_owner_with_units_cannot_be_deleted(db, residences, unit, co_owner):
	owner = co_owner()
	unit(residences.main, co_owner=owner.name)
	with pytest.raises(db.LinkExistsError):
		db.delete_doc("Co-owner", owner.name)


# --- Allocation keys --------------------------------------------------------------------------


def test_allocation_key_weights_by_basis(db, residences, unit):
	a = unit(residences.main, tantiemes=100, surface=50)
	b = unit(residences.main, tantiemes=300, surface=150)

	def key(basis, rows):
		return db.get_doc(
			{
				"doctype": "Allocation Key",
				"key_name": f"Clé {basis} {uid()}",
				"residence": residences.main,
				"basis": basis,
				"units": rows,
			}
		).insert()

	k = key("Tantiemes", [{"unit": a.name}, {"unit": b.name}])
	assert [(r.weight, r.share) for r in k.units] == [(100, 25), (300, 75)]
	assert k.total_weight == 400
	assert [r.weight for r in key("Equal", [{"unit": a.name}, {"unit": b.name}]).units] == [1, 1]
	assert [r.weight for r in key("Surface", [{"unit": a.name}, {"unit": b.name}]).units] == [50, 150]
	assert [
		r.weight for r in key("Custom", [{"unit": a.name, "weight": 2}, {"unit": b.name, "weight": 3}]).units
	] == [2, 3]

	with pytest.raises(db.ValidationError, match="strictement positif"):
		key("Custom", [{"unit": a.name, "weight": 0}])
	with pytest.raises(db.ValidationError, match="strictement positif"):
		key("Custom", [{"unit": a.name, "weight": -1}])
	with pytest.raises(db.ValidationError, match="deux fois"):
		key("Tantiemes", [{"unit": a.name}, {"unit": a.name}])
	with pytest.raises(db.ValidationError, match="vide"):
		key("Tantiemes", [])
	foreign = unit(residences.other, tantiemes=10)
	with pytest.raises(db.ValidationError, match="n'appartient pas"):
		key("Tantiemes", [{"unit": a.name}, {"unit": foreign.name}])

	# weights read from the unit follow the unit
	b.reload()
	b.tantiemes = 100
	b.save()
	k.reload()
	assert [(r.weight, r.share) for r in k.units] == [(100, 50), (100, 50)]


def test_general_key_follows_the_units(db, residences, unit):
	general = db.db.get_value("Allocation Key", {"residence": residences.main, "is_general": 1})

	def rows():
		doc = db.get_doc("Allocation Key", general)
		return {r.unit: (r.weight, r.share) for r in doc.units}, doc.total_weight

	a = unit(residences.main, tantiemes=200)
	b = unit(residences.main, tantiemes=600)
	assert rows() == ({a.name: (200, 25), b.name: (600, 75)}, 800)

	a.reload()
	a.tantiemes = 400
	a.save()
	assert rows() == ({a.name: (400, 40), b.name: (600, 60)}, 1000)

	db.delete_doc("Unit", a.name)
	assert rows() == ({b.name: (600, 100)}, 600)

	# a full save rebuilds the same rows; the general key is not a user key
	doc = db.get_doc("Allocation Key", general)
	doc.save()
	assert rows() == ({b.name: (600, 100)}, 600)


def test_unit_in_a_user_key_cannot_be_deleted(db, residences, unit):
	a = unit(residences.main, tantiemes=10)
	db.get_doc(
		{
			"doctype": "Allocation Key",
			"key_name": f"Ascenseur {uid()}",
			"residence": residences.main,
			"basis": "Equal",
			"units": [{"unit": a.name}],
		}
	).insert()
	with pytest.raises(db.LinkExistsError, match="clés de répartition"):
		db.delete_doc("Unit", a.name)


# --- Supplier ---------------------------------------------------------------------------------


def supplier(frappe, **values):
	group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name") or frappe.db.get_value(
		"Supplier Group", {}, "name"
	)
	return frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": f"Prestataire Test {uid()}",
			"supplier_group": group,
			**values,
		}
	)


def test_supplier_custom_fields_exist(db):
	meta = db.get_meta("Supplier")
	for fieldname in (
		"service_category",
		"supplier_ice",
		"supplier_if",
		"supplier_rc",
		"supplier_rib",
		"served_residences",
	):
		assert meta.has_field(fieldname), fieldname
	assert meta.get_field("served_residences").fieldtype == "Table MultiSelect"
	assert meta.get_field("served_residences").options == "Supplier Residence"


def test_supplier_ice_and_rib_are_validated(db, residences):
	doc = supplier(
		db,
		service_category="Elevator",
		supplier_ice="002 345678 0000 12",
		supplier_rib="007 780 0001234567890123 96",
		served_residences=[{"residence": residences.main}],
	).insert()
	assert doc.supplier_ice == "002345678000012"
	assert doc.supplier_rib == VALID_RIB
	assert [r.residence for r in doc.served_residences] == [residences.main]

	with pytest.raises(db.ValidationError, match="15 chiffres"):
		supplier(db, supplier_ice="1234").insert()
	with pytest.raises(db.ValidationError, match="24 chiffres"):
		supplier(db, supplier_rib="1234").insert()
	with pytest.raises(db.ValidationError, match="Clé RIB"):
		supplier(db, supplier_rib=BAD_KEY_RIB).insert()


# --- Delete / rename rules ---------------------------------------------------------------------


def test_residence_with_units_cannot_be_deleted(db, residences, unit):
	unit(residences.main, tantiemes=1)
	with pytest.raises(db.LinkExistsError, match="lot"):
		db.delete_doc("Residence", residences.main)


def test_rename_then_delete_an_empty_residence(site):
	"""Renaming renames its Company; deleting an empty résidence removes its Company and what it owns."""
	frappe = site
	frappe.db.rollback()
	res = make_residence(frappe, total=1000)
	frappe.db.commit()
	names = [res.name]
	try:
		new_name = f"{res.name} Bis"
		names.append(new_name)
		frappe.rename_doc("Residence", res.name, new_name, show_alert=False)
		res = frappe.get_doc("Residence", new_name)
		assert res.residence_name == new_name
		assert res.company == new_name
		assert frappe.db.get_value("Company", new_name, "company_name") == new_name
		assert frappe.db.get_value("Allocation Key", {"residence": new_name, "is_general": 1})
		frappe.db.commit()

		company = res.company
		building = frappe.get_doc(
			{"doctype": "Building", "residence": res.name, "building_code": "A"}
		).insert()
		cost_center = building.cost_center
		frappe.delete_doc("Residence", res.name)
		assert not frappe.db.exists("Residence", res.name)
		assert not frappe.db.exists("Company", company)
		assert not frappe.db.exists("Building", building.name)
		assert not frappe.db.exists("Cost Center", cost_center)
		assert not frappe.db.exists("Account", {"company": company})
		assert not frappe.db.exists("Mode of Payment Account", {"company": company})
		assert not frappe.db.exists("Allocation Key", {"residence": res.name})
		frappe.db.commit()
	finally:
		frappe.db.rollback()
		for name in names:
			delete_residence(frappe, name)
		frappe.db.commit()


# --- Desk and API surface ----------------------------------------------------------------------


def test_rest_style_reads_and_customize_form(db, residences):
	from frappe.client import get_list

	names = [r["name"] for r in get_list("Residence", fields=["name", "company"], limit_page_length=0)]
	assert residences.main in names
	for doctype in ("Residence", "Building", "Unit", "Co-owner", "Allocation Key"):
		meta = db.get_meta(doctype)
		assert meta.module == "Registry" and not meta.custom
		form = db.get_doc("Customize Form")
		form.doc_type = doctype
		form.fetch_to_customize()
		assert form.fields
	for doctype in ("Unit Ownership", "Allocation Key Unit", "Supplier Residence"):
		assert db.get_meta(doctype).istable


def test_roles_exist(db):
	for role, desk in (("Syndic Manager", 1), ("Syndic Accountant", 1), ("Co-owner", 0)):
		assert db.db.get_value("Role", role, "desk_access") == desk


def test_customize_form_can_add_a_field(site):
	"""An admin adds a field to Unit with Customize Form, without code (then it is removed)."""
	frappe = site
	frappe.db.rollback()
	tag = uid().lower()
	label = f"Probe {tag}"
	fieldname = f"custom_probe_{tag}"
	try:
		form = frappe.get_doc("Customize Form")
		form.doc_type = "Unit"
		form.fetch_to_customize()
		form.append(
			"fields", {"label": label, "fieldtype": "Data", "insert_after": "floor", "is_custom_field": 1}
		)
		form.save_customization()
		frappe.clear_cache(doctype="Unit")
		assert frappe.db.get_value("Custom Field", {"dt": "Unit", "label": label}, "fieldname") == fieldname
		assert frappe.get_meta("Unit").has_field(fieldname)
		assert fieldname in frappe.db.get_table_columns("Unit")
	finally:
		frappe.db.rollback()
		for name in frappe.get_all("Custom Field", filters={"dt": "Unit", "label": label}, pluck="name"):
			frappe.delete_doc("Custom Field", name)
		frappe.db.commit()
		if fieldname in frappe.db.get_table_columns("Unit"):
			frappe.db.sql_ddl(f"alter table `tabUnit` drop column `{fieldname}`")
		frappe.clear_cache(doctype="Unit")


def test_rest_api_when_the_server_runs(db, residences):
	"""/api/resource/Residence and /api/resource/Unit over HTTP (skipped when no server answers)."""
	import json
	import os
	import urllib.error
	import urllib.parse
	import urllib.request
	from http.cookiejar import CookieJar
	from pathlib import Path

	bench = Path(os.environ.get("SYNDIC_BENCH") or Path(__file__).resolve().parents[3])
	site_name = db.local.site
	password_file = bench / "sites" / ".admin_password"
	base = "http://localhost:8000"
	try:
		password = password_file.read_text().strip()
	except OSError:
		pytest.skip("no sites/.admin_password to log in with")
	opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
	headers = {"Host": site_name, "Content-Type": "application/json"}
	try:
		login = urllib.request.Request(
			f"{base}/api/method/login",
			data=json.dumps({"usr": "Administrator", "pwd": password}).encode(),
			headers=headers,
		)
		opener.open(login, timeout=5)
	except (urllib.error.URLError, OSError) as e:
		pytest.skip(f"no Frappe server on {base}: {e}")

	def get(path):
		with opener.open(urllib.request.Request(base + path, headers=headers), timeout=10) as response:
			return json.load(response)["data"]

	fields = urllib.parse.quote(json.dumps(["name", "company", "total_tantiemes"]))
	names = {r["name"]: r for r in get(f"/api/resource/Residence?fields={fields}&limit_page_length=0")}
	assert names[residences.main]["company"] == residences.main
	doc = get("/api/resource/Residence/" + urllib.parse.quote(residences.main))
	assert doc["default_bank_account"].startswith("5121 - ")
	assert isinstance(get("/api/resource/Unit?limit_page_length=5"), list)
