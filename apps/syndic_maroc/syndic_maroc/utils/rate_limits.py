"""Per-user rate limits on the heavy endpoints (PDF renders, the annual pack), by Frappe's own
`frappe.rate_limiter.rate_limit` (Redis counter per endpoint and identity, 429 with Frappe's
RateLimitExceededError when over) (issue 10).

Frappe's decorator counts per IP address by default: all the co-owners of a building behind one
box, or every user behind the firm's proxy, would share one budget. Here the identity is the
logged-in user (Guest: the IP address), given to Frappe's decorator through its `key` argument.
Limits are read at call time from the site config, so an admin can raise them without a deploy:
`syndic_pdf_rate_limit` (PDFs per user per minute, default 30) and
`syndic_annual_pack_rate_limit` (annual packs per user per hour, default 20).
"""

from collections.abc import Callable
from functools import wraps

import frappe
from frappe.rate_limiter import rate_limit
from frappe.utils import cint

_IDENTITY_KEY = "_syndic_rate_limit_identity"
PDF_PER_MINUTE = 30
ANNUAL_PACK_PER_HOUR = 20


def _conf_limit(key: str, default: int) -> Callable[[], int]:
	return lambda: cint(frappe.conf.get(key)) or default


def per_user(limit: Callable[[], int] | int, seconds: int):
	def decorator(fn):
		limited = rate_limit(key=_IDENTITY_KEY, limit=limit, seconds=seconds, ip_based=False)(fn)

		@wraps(fn)
		def wrapper(*args, **kwargs):
			user = frappe.session.user
			identity = user if user != "Guest" else f"Guest:{frappe.local.request_ip}"
			frappe.form_dict[_IDENTITY_KEY] = identity
			return limited(*args, **kwargs)

		return wrapper

	return decorator


def pdf(fn):
	"""A PDF download: `syndic_pdf_rate_limit` per user per minute."""
	return per_user(_conf_limit("syndic_pdf_rate_limit", PDF_PER_MINUTE), 60)(fn)


def annual_pack(fn):
	"""An annual pack (PDF, workbook or queued request): `syndic_annual_pack_rate_limit` per hour."""
	return per_user(_conf_limit("syndic_annual_pack_rate_limit", ANNUAL_PACK_PER_HOUR), 3600)(fn)
