"""Who asks the assistant, and the registry snapshot the router resolves names against.

Staff: the résidences the user may read (frappe.get_list on Residence with the user's
permissions: roles and User Permissions). Co-owner: their Co-owner records
(syndic_maroc.portal.access: Co-owner.portal_user or the Contact's user) and the résidences
where they own or owned a lot. Nothing here bypasses the user's permissions: the snapshot of a
co-owner's résidence lists the other lots and owners only so that the router can recognise a
question about them and refuse it; it never leaves the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe.utils import getdate, nowdate

from syndic_maroc.core.assistant.registry import (
	CoOwnerRef,
	Reader,
	ResidenceRef,
	Snapshot,
	SupplierRef,
	UnitRef,
)

STAFF_ROLES = ("Syndic Manager", "Syndic Accountant", "System Manager")
SNAPSHOT_TTL = 300  # seconds; the registry changes rarely and a stale name only misses a match


@dataclass
class AskContext:
	user: str
	staff_residences: tuple[str, ...] = ()
	owner_residences: tuple[str, ...] = ()
	co_owners: list[frappe._dict] = field(default_factory=list)
	today: object = None

	@property
	def is_staff(self) -> bool:
		return bool(self.staff_residences)

	@property
	def customers(self) -> list[str]:
		return [row.customer for row in self.co_owners if row.customer]

	@property
	def co_owner_names(self) -> tuple[str, ...]:
		return tuple(row.name for row in self.co_owners)

	def router_reader(self) -> Reader:
		return Reader(
			staff_residences=self.staff_residences,
			owner_residences=self.owner_residences,
			co_owners=self.co_owner_names,
		)

	def store_reader(self):
		"""The vector store's Reader (its filter goes into the search SQL)."""
		from syndic_maroc.assistant.store import Reader as StoreReader

		return StoreReader(
			staff_residences=self.staff_residences,
			owner_residences=() if self.is_staff else self.owner_residences,
			co_owner=None if self.is_staff or not self.co_owners else self.co_owners[0].name,
		)

	def readable_residences(self) -> tuple[str, ...]:
		return self.staff_residences if self.is_staff else self.owner_residences


def is_staff_user(user: str) -> bool:
	return user == "Administrator" or bool(set(STAFF_ROLES) & set(frappe.get_roles(user)))


def current(user: str | None = None) -> AskContext:
	"""The context of the session user (or `user`, who must be the session user's own view)."""
	from syndic_maroc.registry.owners import co_owners_of_user, residences_of

	user = user or frappe.session.user
	if not user or user == "Guest":
		raise frappe.PermissionError(frappe._("Log in to use the assistant."))
	ctx = AskContext(user=user, today=getdate(nowdate()))
	if is_staff_user(user) and frappe.has_permission("Residence", "read", user=user):
		ctx.staff_residences = tuple(
			frappe.get_list("Residence", pluck="name", order_by="residence_name asc", limit_page_length=0)
		)
	ctx.co_owners = co_owners_of_user(user)
	if ctx.co_owners and not ctx.is_staff:
		ctx.owner_residences = tuple(row.name for row in residences_of(ctx.co_owners))
	return ctx


def snapshot(ctx: AskContext) -> Snapshot:
	"""The registry of the résidences the reader may ask about (cached a few minutes)."""
	residences = ctx.readable_residences()
	if not residences:
		return Snapshot()
	key = f"syndic_assistant_snapshot::{'|'.join(sorted(residences))}"
	cached = frappe.cache.get_value(key)
	if cached:
		return cached
	result = _build_snapshot(residences)
	frappe.cache.set_value(key, result, expires_in_sec=SNAPSHOT_TTL)
	return result


def _build_snapshot(residences: tuple[str, ...]) -> Snapshot:
	names = tuple(residences)
	# Every résidence's name (server side only): a question naming one the reader may not read is
	# recognised, and refused, instead of its words being taken for a supplier or a category.
	res_rows = frappe.db.sql("""select name, residence_name, abbr from `tabResidence`""", as_dict=True)
	units = frappe.db.sql(
		"""select name, unit_number, residence, co_owner, tantiemes from `tabUnit`
		where residence in %(names)s""",
		{"names": names},
		as_dict=True,
	)
	owners: dict[str, set] = {}
	for unit in units:
		if unit.co_owner:
			owners.setdefault(unit.co_owner, set()).add(unit.residence)
	co_owners = (
		frappe.db.sql(
			"""select name, full_name from `tabCo-owner` where name in %(names)s""",
			{"names": tuple(owners)},
			as_dict=True,
		)
		if owners
		else []
	)
	suppliers = frappe.db.sql(
		"""select s.name, s.supplier_name, s.service_category,
			group_concat(sr.residence separator '\n') as residences
		from `tabSupplier` s
		left join `tabSupplier Residence` sr on sr.parent = s.name and sr.parenttype = 'Supplier'
		where s.disabled = 0
		group by s.name""",
		as_dict=True,
	)
	return Snapshot(
		residences=tuple(
			ResidenceRef(r.name, r.residence_name or r.name, tuple(a for a in (r.abbr,) if a))
			for r in res_rows
		),
		units=tuple(
			UnitRef(u.name, u.unit_number or u.name, u.residence, u.co_owner, float(u.tantiemes or 0))
			for u in units
		),
		co_owners=tuple(
			CoOwnerRef(c.name, c.full_name or c.name, tuple(sorted(owners.get(c.name, ()))))
			for c in co_owners
		),
		suppliers=tuple(
			SupplierRef(
				s.name,
				s.supplier_name or s.name,
				s.service_category,
				tuple((s.residences or "").split("\n")) if s.residences else (),
			)
			for s in suppliers
		),
	)
