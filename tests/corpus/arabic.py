"""Just enough Arabic shaping to print bilingual labels with reportlab (which does not shape).

Letters are replaced by their presentation forms (isolated/initial/medial/final) and the
string is reversed into visual order — which is also what real PDFs' text layers give back.
"""

import unicodedata

_FORMS: dict[tuple[str, str], str] = {}
for _cp in range(0xFE70, 0xFF00):
	_d = unicodedata.decomposition(chr(_cp)).split()
	if len(_d) == 2 and _d[0] in ("<isolated>", "<initial>", "<medial>", "<final>"):
		_FORMS[(chr(int(_d[1], 16)), _d[0][1:-1])] = chr(_cp)

# Letters that join only to the previous letter.
_RIGHT_ONLY = set("اأإآدذرزوؤةى")


def _is_letter(c: str) -> bool:
	return "\u0621" <= c <= "\u064a"


def shape(text: str) -> str:
	out = []
	for i, c in enumerate(text):
		if not _is_letter(c):
			out.append(c)
			continue
		prev = text[i - 1] if i else ""
		nxt = text[i + 1] if i + 1 < len(text) else ""
		joins_prev = _is_letter(prev) and prev not in _RIGHT_ONLY
		joins_next = _is_letter(nxt) and c not in _RIGHT_ONLY
		form = {(True, True): "medial", (True, False): "final", (False, True): "initial"}.get(
			(joins_prev, joins_next), "isolated"
		)
		out.append(_FORMS.get((c, form)) or _FORMS.get((c, "isolated")) or c)
	return "".join(reversed(out))
