"""Split cleaned articles into retrieval chunks of whole sentences.

A chunk never crosses a section heading, never cuts a list away from the
sentence that introduces it, and never spans text that cleaning removed, so
``raw[chunk.start:chunk.end]`` is always the chunk's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from chatbot.config import ChunkingConfig
from chatbot.models import Article, Chunk, Sentence

_GAP = re.compile(r"[\s•]*")


def sentence_units(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Group a list's introducing sentence with its items; others stand alone."""
    units: list[list[Sentence]] = []
    for sentence in sentences:
        if sentence.kind == "list_item" and units and units[-1][0].index == sentence.list_intro:
            units[-1].append(sentence)
        else:
            units.append([sentence])
    return units


def _contiguous(raw: str, left: Sentence, right: Sentence) -> bool:
    """Only whitespace and bullet marks lie between two sentences."""
    return _GAP.fullmatch(raw, left.end, right.start) is not None


def _words(unit: Iterable[Sentence]) -> int:
    return sum(len(s.text.split()) for s in unit)


def chunk_article(article: Article, config: ChunkingConfig, first_id: int = 0) -> list[Chunk]:
    """Chunks of about ``config.max_words`` words, overlapping by whole sentences."""
    chunks: list[Chunk] = []
    for section in article.sections:
        runs: list[list[list[Sentence]]] = [[]]
        for unit in sentence_units(section.sentences):
            if runs[-1] and not _contiguous(article.raw, runs[-1][-1][-1], unit[0]):
                runs.append([])
            runs[-1].append(unit)
        for run in runs:
            chunks += _pack(article, section.heading, run, config, first_id + len(chunks))
    return chunks


def _pack(
    article: Article, heading: str, units: list[list[Sentence]], config: ChunkingConfig, next_id: int
) -> list[Chunk]:
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and _words(s for u in units[i : j + 1] for s in u) <= config.max_words:
            j += 1
        members = [s for u in units[i:j] for s in u]
        start, end = members[0].start, members[-1].end
        chunks.append(
            Chunk(
                chunk_id=next_id + len(chunks),
                source_id=article.source.source_id,
                section=heading,
                start=start,
                end=end,
                text=article.raw[start:end],
                sentence_ids=tuple(s.index for s in members),
            )
        )
        if j >= len(units):
            break
        i = max(i + 1, j - config.overlap_sentences)
    return chunks


def chunk_corpus(articles: Sequence[Article], config: ChunkingConfig) -> list[Chunk]:
    """Chunks of every article, numbered consecutively across the corpus."""
    chunks: list[Chunk] = []
    for article in articles:
        chunks += chunk_article(article, config, first_id=len(chunks))
    return chunks
