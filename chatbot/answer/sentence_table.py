"""The index's sentences as the composer reads them: rows with vectors, stems and list structure."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from chatbot.models import Sentence
from chatbot.search.index_store import LoadedIndex
from chatbot.search.tokens import document_tokens
from chatbot.search.weights import document_frequency_weights

# Patients can type endless new words; the cache of their weights stays this small.
_MAX_CACHED_WEIGHTS = 50_000


def normalised(text: str) -> str:
    """Lower case, punctuation folded to spaces: how two copies of one sentence are recognised."""
    return re.sub(r"\W+", " ", text.lower()).strip()


class SentenceTable:
    """Sentences of the index with their vectors, addressable by (source, position)."""

    def __init__(self, index: LoadedIndex) -> None:
        self.sentences: Sequence[Sentence] = index.texts.sentences
        self.vectors = np.asarray(index.search.sentence_vectors, dtype=np.float32)
        self.row: dict[tuple[str, int], int] = {
            (s.source_id, s.index): i for i, s in enumerate(self.sentences)
        }
        self.items: dict[tuple[str, int], list[int]] = {}
        for i, s in enumerate(self.sentences):
            if s.kind == "list_item" and s.list_intro is not None:
                self.items.setdefault((s.source_id, s.list_intro), []).append(i)
        self.tokens: list[frozenset[str]] = [
            frozenset(document_tokens(f"{s.section} {s.text}")) for s in self.sentences
        ]
        self._weights: dict[str, float] = {}
        self.same_text: dict[str, list[int]] = {}
        for i, s in enumerate(self.sentences):
            self.same_text.setdefault(normalised(s.text), []).append(i)

    def paragraph_span(self, source_id: str, start: int, end: int) -> tuple[int, int]:
        """Character span of the paragraph holding ``start..end`` (for showing a quote in context)."""
        inside = [s for s in self.sentences if s.source_id == source_id and s.start >= start and s.end <= end]
        if not inside:
            return start, end
        paragraph = inside[0].paragraph
        same = [s for s in self.sentences if s.source_id == source_id and s.paragraph == paragraph]
        return min(s.start for s in same), max(s.end for s in same)

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """IDF of each question term over the sentences (cached: the table never changes)."""
        missing = [t for t in terms if t not in self._weights]
        fresh = document_frequency_weights(missing, self.tokens) if missing else {}
        if len(self._weights) > _MAX_CACHED_WEIGHTS:
            self._weights.clear()
        self._weights.update(fresh)
        return {t: self._weights.get(t, fresh.get(t, 0.0)) for t in terms}
