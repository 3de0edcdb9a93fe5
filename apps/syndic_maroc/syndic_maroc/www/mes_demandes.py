"""/mes-demandes: the co-owner's maintenance requests and the common-area requests of his
résidences: file one with photos from the phone camera, follow its status, comment, add a photo,
see that the work was paid, with the invoice (operations.owner_requests)."""

from frappe import _

from syndic_maroc.operations import access, owner_requests
from syndic_maroc.portal.context import page_context

no_cache = 1
sitemap = 0

CATEGORIES = (
	"Plumbing",
	"Electricity",
	"Lift",
	"Cleaning",
	"Security",
	"Gardening",
	"Masonry",
	"Painting",
	"Locksmith",
	"Waterproofing",
	"Other",
)
COMMON_AREAS = ("Lift", "Entrance", "Garage", "Roof", "Garden", "Facade", "Parking", "Stairs", "Other")
URGENCIES = ("Emergency", "High", "Normal", "Low")


def get_context(context):
	page_context(context, _("My requests"))
	co_owners = access.my_co_owners()
	context.residences = access.my_residences(co_owners)
	context.units = access.my_units(co_owners)
	context.categories = CATEGORIES
	context.common_areas = COMMON_AREAS
	context.urgencies = URGENCIES
	requests = owner_requests.my_requests()
	context.requests = [
		owner_requests.request_detail(row.name) | {"overdue": row.overdue} for row in requests
	]
