"""Guard against message placeholders that Frappe itself rewrites in served pages.

Frappe's page renderer replaces the literal tags `{index}` and `{next}` anywhere in a page's
HTML (frappe/website/page_renderers/template_page.py). Translations travel in the desk's boot
JSON, so a message holding such a tag corrupts that JSON and blanks the desk for every user of
that language. Use other names, such as {number}.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import extract_messages

RESERVED = ("{index}", "{next}")


def test_no_message_uses_a_tag_frappe_rewrites():
	messages = extract_messages.extract()
	assert messages, "the extractor found no message at all"
	offending = sorted(str(key) for key in messages if any(tag in str(key) for tag in RESERVED))
	assert offending == []


def test_no_translation_uses_a_tag_frappe_rewrites():
	locale = REPO / "apps/syndic_maroc/syndic_maroc/locale"
	for po in sorted(locale.glob("*.po")):
		text = po.read_text(encoding="utf-8")
		for tag in RESERVED:
			assert tag not in text, f"{po.name} contains {tag}"
