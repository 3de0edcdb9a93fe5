"""What a tool returns to the answer: its figures as plain data and the documents they come from.

`data` holds the figures (Decimal amounts, int counts, dates) and labels; the figure check allows
exactly the values found in it (values()), so a template or an LLM can only repeat them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Source:
	doctype: str
	name: str
	label: str = ""
	url: str = ""
	page: int | None = None
	excerpt: str = ""


@dataclass
class ToolResult:
	tool: str
	args: dict
	data: dict = field(default_factory=dict)
	sources: list[Source] = field(default_factory=list)
	empty: bool = False  # nothing to say (no AG recorded, no invoice open…)

	def values(self) -> list[object]:
		"""Every leaf value of `data` and of the sources' names (the allowed figures)."""
		found = list(_leaves(self.data))
		for source in self.sources:
			found.extend((source.name, source.label))
			if source.page:
				found.append(source.page)
		return found

	def as_json(self) -> dict:
		return {
			"tool": self.tool,
			"args": self.args,
			"data": _plain(self.data),
			"sources": [asdict(s) for s in self.sources],
		}


def _leaves(value) -> Iterator[object]:
	if isinstance(value, dict):
		for item in value.values():
			yield from _leaves(item)
	elif isinstance(value, list | tuple | set):
		for item in value:
			yield from _leaves(item)
	else:
		yield value


def _plain(value):
	if isinstance(value, dict):
		return {k: _plain(v) for k, v in value.items()}
	if isinstance(value, list | tuple):
		return [_plain(v) for v in value]
	if isinstance(value, Decimal):
		return float(value)
	if isinstance(value, datetime | date):
		return value.isoformat()
	return value
