"""The registry snapshot the router resolves names against, given as plain data by the Frappe
layer: the résidences the reader may see, their lots, co-owners, suppliers and categories.

For a co-owner the snapshot still lists the other lots and co-owners of the résidence (server
side only, never shown) so that a question about them is recognised and refused, instead of
being answered about the asker's own account by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ResidenceRef:
	name: str
	label: str
	aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitRef:
	name: str
	unit_number: str
	residence: str
	co_owner: str | None = None
	tantiemes: float = 0.0


@dataclass(frozen=True)
class CoOwnerRef:
	name: str
	full_name: str
	residences: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupplierRef:
	name: str
	supplier_name: str
	service_category: str | None = None
	residences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snapshot:
	residences: tuple[ResidenceRef, ...] = ()
	units: tuple[UnitRef, ...] = ()
	co_owners: tuple[CoOwnerRef, ...] = ()
	suppliers: tuple[SupplierRef, ...] = ()


@dataclass(frozen=True)
class Reader:
	"""Who asks, as the router sees it: staff of some résidences, or a co-owner (own co-owner
	records and the résidences where they own a lot)."""

	staff_residences: tuple[str, ...] = ()
	owner_residences: tuple[str, ...] = ()
	co_owners: tuple[str, ...] = field(default_factory=tuple)

	@property
	def is_staff(self) -> bool:
		return bool(self.staff_residences)
