"""The index's sentences as the composer reads them: rows with vectors, stems, list structure
and the per-row facts that scoring needs, computed once so that a question is scored with numpy."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from chatbot.answer.claims import count_claims
from chatbot.answer.subtypes import TYPES, subtypes_named
from chatbot.config import ComposerConfig
from chatbot.models import Sentence
from chatbot.search.index_store import LoadedIndex
from chatbot.search.tokens import document_tokens
from chatbot.search.vocabulary import TermPostings
from chatbot.search.weights import document_frequency_weights

# Patients can type endless new words; the caches of their weights and rows stay this small
# (a few MiB at most: a row array is a byte per sentence), and are emptied when full.
_MAX_CACHED_TERMS = 8192

_META = re.compile(r"\b(this|the) (article|page|video)\b", re.I)
# The types of calcinosis cutis as bits: a row's bit set says which types it names.
SUBTYPE_BITS = {kind: 1 << i for i, kind in enumerate(sorted(set(TYPES.values())))}


def normalised(text: str) -> str:
    """Lower case, punctuation folded to spaces: how two copies of one sentence are recognised."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def question_like(text: str) -> bool:
    """A question, or a sentence about the page itself ("this article explains..."): not an answer."""
    text = text.strip()
    return text.endswith("?") or _META.search(text) is not None


def fragment_like(s: Sentence) -> bool:
    """Not a full sentence (no full stop) and not a list's lead-in: a heading when it is short too."""
    return s.kind != "list_intro" and not s.text.strip().endswith(".")


def shape_factors(question: np.ndarray, fragment: np.ndarray, words: np.ndarray, cfg: ComposerConfig) -> np.ndarray:
    """Questions, heading-like fragments and sentences about the page itself are not answers:
    per sentence (its ``question_like``, ``fragment_like`` and word count), the share of its
    relevance it keeps."""
    return np.where(
        question, 1.0 - cfg.question_penalty,
        np.where(fragment & (words < cfg.heading_max_words), 1.0 - cfg.heading_penalty, 1.0),
    )


def subtype_bits(stems: frozenset[str] | set[str]) -> int:
    bits = 0
    for kind in subtypes_named(stems):
        bits |= SUBTYPE_BITS[kind]
    return bits


class SentenceTable:
    """Sentences of the index with their vectors, addressable by (source, position).

    Besides the sentences, one array per fact the composer asks of a row: its
    normalised-text id (copies of one sentence share it), its count claims
    ("five types"), its word count, whether it reads as a question or a fragment, the
    types of the disease it names (bits), and, per question term, which rows
    contain it.
    """

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
        text_ids: dict[str, int] = {}
        self.text_key = np.array(
            [text_ids.setdefault(normalised(s.text), len(text_ids)) for s in self.sentences], dtype=np.int64
        )
        self.same_text: list[list[int]] = [[] for _ in text_ids]  # text id -> the rows with that text
        for i, key in enumerate(self.text_key.tolist()):
            self.same_text[key].append(i)
        # The words of the sentence alone (``tokens`` adds its heading's): how much two sentences share.
        self.text_tokens: list[frozenset[str]] = [frozenset(document_tokens(s.text)) for s in self.sentences]
        self.claims: list[tuple[tuple[int, str], ...]] = [tuple(count_claims(s.text)) for s in self.sentences]
        self.words = np.array([len(s.text.split()) for s in self.sentences], dtype=np.int64)
        self.question_like = np.array([question_like(s.text) for s in self.sentences], dtype=bool)
        self.fragment_like = np.array([fragment_like(s) for s in self.sentences], dtype=bool)
        self.subtypes = np.array([subtype_bits(t) for t in self.tokens], dtype=np.int64)
        self.chunk_rows: dict[str, np.ndarray] = {
            c.chunk_id: np.array([self.row[(c.source_id, i)] for i in c.sentence_ids if (c.source_id, i) in self.row], dtype=np.int64)
            for c in index.texts.chunks
        }
        self.chunk_row_lists: dict[str, tuple[int, ...]] = {k: tuple(v.tolist()) for k, v in self.chunk_rows.items()}
        self._term_rows = TermPostings(self.tokens, pad=1, keep=_MAX_CACHED_TERMS)

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
        if len(self._weights) > _MAX_CACHED_TERMS:
            self._weights.clear()
        self._weights.update(fresh)
        return {t: self._weights.get(t, fresh.get(t, 0.0)) for t in terms}

    def term_rows(self, term: str) -> np.ndarray:
        """Which rows contain ``term`` by its own stem or a synonym's (``TermForms.matches``), as booleans,
        and one more, always False: the padding row of ``UnitCatalog.members``."""
        return self._term_rows(term)
