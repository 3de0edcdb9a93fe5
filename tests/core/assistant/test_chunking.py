"""Chunking of documents into passages: pages and positions kept, size bounded, nothing lost."""

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.assistant.chunking import MAX_CHARS, chunk_text, detect_lang

WORDS = st.sampled_from(
	[
		"Article",
		"12.",
		"Le",
		"syndic",
		"convoque",
		"l'assemblée",
		"générale;",
		"les",
		"charges",
		"sont",
		"réparties.",
		"المادة",
		"يؤدي",
		"المالك",
		"مساهمته.",
		"؟",
		"1 250,00",
		"DH",
		"\n",
		"\n\n",
		"x" * 40,
	]
)
PAGE = st.lists(WORDS, max_size=400).map(" ".join)


def _words(text: str) -> list[str]:
	return re.findall(r"\S+", text)


@given(st.lists(PAGE, min_size=1, max_size=5), st.integers(80, 1200), st.integers(0, 300))
def test_every_word_of_every_page_is_in_a_passage_of_that_page(pages, max_chars, overlap):
	chunks = chunk_text(pages, max_chars=max_chars, overlap=overlap)
	for number, page in enumerate(pages, start=1):
		words = _words(page)
		text = " ".join(c.text for c in chunks if c.page == number)
		# each word of the page, in order, in the passages of that page (a subsequence: the
		# overlap repeats words, none is dropped)
		joined = _words(text)
		pos = 0
		for w in words:
			assert w in joined[pos:], (w, page)
			pos = joined.index(w, pos) + 1
		assert bool(words) == any(c.page == number for c in chunks)


@given(st.lists(PAGE, min_size=1, max_size=4), st.integers(80, 1200), st.integers(0, 300))
def test_passages_are_bounded_ordered_and_never_empty(pages, max_chars, overlap):
	chunks = chunk_text(pages, max_chars=max_chars, overlap=overlap)
	assert [c.position for c in chunks] == list(range(len(chunks)))
	assert [c.page for c in chunks] == sorted(c.page for c in chunks)
	for c in chunks:
		assert c.text.strip() == c.text and c.text
		# a merged short tail may pass the limit by at most the short tail's size
		assert len(c.text) <= max_chars + 120 + 1


def test_a_passage_never_spans_two_pages_and_keeps_its_page():
	text = "Article 1. Objet du règlement.\fArticle 2. Les parties communes.\f\fArticle 4. Les charges."
	chunks = chunk_text(text)
	assert [(c.page, c.text) for c in chunks] == [
		(1, "Article 1. Objet du règlement."),
		(2, "Article 2. Les parties communes."),
		(4, "Article 4. Les charges."),
	]


def test_a_plain_text_has_no_page_numbers():
	assert [c.page for c in chunk_text("Un texte sans page.")] == [None]


def test_long_text_is_cut_at_sentences_with_overlap():
	sentences = [f"Phrase numéro {i} du procès-verbal de l'assemblée." for i in range(60)]
	chunks = chunk_text([" ".join(sentences)], max_chars=300, overlap=100)
	assert len(chunks) > 5
	for c in chunks:
		assert c.text.endswith(".")  # cut at sentence ends, never mid-word
		assert len(c.text) <= 300 + 120
	# consecutive passages share their boundary sentence
	for a, b in itertools.pairwise(chunks):
		assert a.text.split(". ")[-1] in b.text


def test_headings_start_a_passage():
	text = "Article 1. " + "Le syndic gère. " * 20 + "\nArticle 2. Les charges sont payées par trimestre."
	chunks = chunk_text([text], max_chars=400, overlap=0)
	assert any(c.text.startswith("Article 2.") for c in chunks)


def test_a_word_longer_than_the_limit_is_cut_hard():
	chunks = chunk_text(["a" * 250], max_chars=100, overlap=0, min_chars=10)
	assert [len(c.text) for c in chunks] == [100, 100, 50]


def test_language_of_a_passage():
	assert detect_lang("Le règlement de copropriété") == "fr"
	assert detect_lang("نظام الملكية المشتركة للعمارة") == "ar"
	assert detect_lang("Facture n° 12 — فاتورة الكهرباء الشهرية للعمارة") == "ar"
	assert detect_lang("1 250,00") == "fr"


def test_default_size_fits_the_embedding_model():
	# multilingual-e5-small reads 512 tokens; ~4 characters a token in French
	assert MAX_CHARS * 1.3 / 4 < 512
