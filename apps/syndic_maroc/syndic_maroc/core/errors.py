"""The one exception type that core/ raises for bad input.

Messages are French template strings (the site's default language) with named placeholders.
core/ cannot import frappe, so the Frappe layer translates and fills them in:

	except ValidationError as e:
		frappe.throw(e.translated(frappe._), title=frappe._("Validation"))

`_` below is a no-op marker: wrapping every template in `_("...")` lets Frappe's message
extractor (`bench generate-pot-file`) collect them into the app's translation catalogue.
"""

from __future__ import annotations

from collections.abc import Callable


def _(message: str) -> str:
	"""Mark a message for translation without translating it (gettext_noop)."""
	return message


class ValidationError(ValueError):
	"""Invalid input. `message` is the untranslated French template, `params` its values."""

	def __init__(self, message: str, **params: object) -> None:
		self.message = message
		self.params = params
		super().__init__(self.render())

	def render(self, translate: Callable[[str], str] | None = None) -> str:
		"""The message with its parameters filled in, translated first when `translate` is given."""
		template = translate(self.message) if translate else self.message
		try:
			return template.format(**self.params)
		except (KeyError, IndexError, ValueError):
			# A bad translation must not hide the original error.
			return self.message.format(**self.params)

	def translated(self, translate: Callable[[str], str]) -> str:
		return self.render(translate)

	def __str__(self) -> str:
		return self.render()
