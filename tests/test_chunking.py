"""Chunks: whole sentences, one section, verbatim at their offsets, lists kept whole."""

from pathlib import Path

import pytest

from chatbot.ingest.chunking import chunk_article, chunk_corpus, sentence_units
from chatbot.ingest.cleaning import clean_article
from chatbot.config import ChunkingConfig
from chatbot.ingest.corpus import load_articles
from chatbot.models import Source


def article(raw: str):
    return clean_article(Source("t", "t.txt", "T", None, None), raw)


def test_chunks_respect_word_budget_and_overlap_by_one_sentence():
    raw = "Heading\n\n" + " ".join(f"Sentence number {i} has five words." for i in range(10)) + "\n"
    chunks = chunk_article(article(raw), ChunkingConfig(max_words=12, overlap_sentences=1))
    # Two five-word sentences fill the budget (a third would make 15), and each chunk repeats the last one.
    assert [c.sentence_ids for c in chunks] == [(i, i + 1) for i in range(9)]
    for a, b in zip(chunks, chunks[1:]):
        assert a.sentence_ids[-1] == b.sentence_ids[0]  # one sentence of overlap
    for c in chunks:
        assert len(c.text.split()) <= 12


def test_list_items_stay_with_their_intro():
    raw = "Types\n\nThe types include:\n\n  • One\n  • Two\n  • Three\n\nA closing sentence ends it.\n"
    a = article(raw)
    units = sentence_units(a.sentences)
    assert [len(u) for u in units] == [4, 1]
    chunks = chunk_article(a, ChunkingConfig(max_words=3, overlap_sentences=0))
    assert chunks[0].sentence_ids == (0, 1, 2, 3)


def test_chunks_never_cross_sections_or_removed_text():
    raw = "One\n\nFirst part here.\n\nTwo\n\nSecond part here.\n"
    chunks = chunk_article(article(raw), ChunkingConfig(max_words=100))
    assert [c.section for c in chunks] == ["One", "Two"]


# ---- the real corpus -------------------------------------------------------

@pytest.fixture(scope="module")
def real(real_corpus: Path):
    articles = load_articles(real_corpus)
    return articles, chunk_corpus(articles, ChunkingConfig())


@pytest.mark.integration
def test_every_real_chunk_is_verbatim_at_its_offsets(real):
    articles, chunks = real
    raw = {a.source.source_id: a for a in articles}
    for c in chunks:
        a = raw[c.source_id]
        assert a.raw[c.start:c.end] == c.text
        sentences = {s.index: s for s in a.sentences}
        members = [sentences[i] for i in c.sentence_ids]
        assert members[0].start == c.start and members[-1].end == c.end
        assert {s.section for s in members} == {c.section}


@pytest.mark.integration
def test_every_real_sentence_is_in_some_chunk(real):
    articles, chunks = real
    covered = {(c.source_id, i) for c in chunks for i in c.sentence_ids}
    for a in articles:
        for s in a.sentences:
            assert (a.source.source_id, s.index) in covered


@pytest.mark.integration
def test_chunk_ids_are_consecutive(real):
    _, chunks = real
    assert [c.chunk_id for c in chunks] == list(range(len(chunks)))
