"""The questions each quotable unit answers, in patients' words, matched against the message.

A message and the sentence that answers it are far apart in MiniLM's space: the
message is a question in lay words around a story ("my mum has hard white lumps
on her fingers, is it dangerous?"), the sentence a statement in the articles'
words. The sentences that sound most like the message are then the generic ones
about lumps on the skin, not the one that answers. Questions are closer to
questions: each unit of the articles carries a few questions that it answers
directly, written in patients' voices from the articles' text alone (never from
the eval set; ``chatbot/answer/data/unit_questions.jsonl``), and a unit gains
relevance by the best cosine of the message to one of them (``match``). A
generic unit carries only generic questions, so it no longer wins a specific one.

The questions are embedded once, with the query model, and kept on disk beside
the ONNX export (``encode_cached``), as the triage exemplars are.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from chatbot.answer.units import UnitCatalog
from chatbot.errors import ChatbotError
from chatbot.search.embedding import Embedder, encode_cached
from chatbot.search.tokens import document_tokens
from chatbot.search.vocabulary import TermPostings
from chatbot.stable import stable_array

QUESTIONS_FILE = Path(__file__).with_name("data") / "unit_questions.jsonl"
_MAX_QUESTION_CHARS = 400
_MAX_CACHED_TERMS = 4096  # distinct message terms kept in ``term_units``; then the cache starts again


def unit_text(catalog: UnitCatalog, i: int) -> str:
    """A unit as the questions file names it: its sentences, a list's items one per line after "- "."""
    sentences = [catalog.table.sentences[r].text for r in catalog.rows[i]]
    if len(sentences) == 1 or catalog.joined[i]:
        return " ".join(sentences)
    lead = catalog.lead[i]
    return " ".join(sentences[:lead]) + "".join(f"\n- {s}" for s in sentences[lead:])


def text_key(text: str) -> str:
    """Case and spacing folded: the key a unit's text is looked up by."""
    return " ".join(text.lower().split())


def load_questions(path: Path = QUESTIONS_FILE) -> dict[str, tuple[str, ...]]:
    """Unit text key -> its questions (an empty tuple for a unit that answers none on its own:
    a bare heading, an introduction; listed so that every unit of the corpus is accounted for).

    Each line is ``{"text": unit text, "questions": [...]}``; a malformed line is
    an error that names the file and the line, since a silently skipped unit
    would only show as a worse answer.
    """
    found: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                text, questions = entry["text"], entry["questions"]
                if not isinstance(text, str) or not isinstance(questions, list):
                    raise TypeError("text must be a string and questions a list")
                if not all(isinstance(q, str) and 0 < len(q) <= _MAX_QUESTION_CHARS for q in questions):
                    raise ValueError(f"every question must be a string of 1 to {_MAX_QUESTION_CHARS} characters")
            except (ValueError, KeyError, TypeError) as exc:
                raise ChatbotError(f"{path}, line {number}: {exc}; fix or remove that line") from exc
            found[text_key(text)] = found.get(text_key(text), ()) + tuple(questions)
    return found


class UnitQuestions:
    """Every unit's questions, embedded lazily (thread-safe) and matched against a message per unit.

    Each distinct question is embedded once; ``_rows`` lists, unit by unit, which
    distinct question each (unit, question) pair is (a passage copied in both
    versions of an article has its questions twice), and ``_offsets`` says which
    run of pairs is each unit's, as in a CSR matrix.
    """

    def __init__(self, embedder: Embedder, catalog: UnitCatalog, questions: Mapping[str, Sequence[str]]) -> None:
        self._embedder = embedder
        keys = [text_key(unit_text(catalog, i)) for i in range(len(catalog))]
        self.unknown = tuple(sorted(set(questions) - set(keys)))  # texts no unit of the corpus has: a stale file
        self._texts = sorted({q for key in set(keys) for q in questions.get(key, ())})
        where = {q: k for k, q in enumerate(self._texts)}
        rows = [where[q] for key in keys for q in questions.get(key, ())]
        self._rows = np.asarray(rows, dtype=np.int64)
        self._offsets = np.cumsum([0, *(len(questions.get(key, ())) for key in keys)]).astype(np.int64)
        self._units = len(keys)
        unit_tokens = [frozenset().union(*(document_tokens(q) for q in questions.get(key, ()))) for key in keys]
        self._term_units = TermPostings(unit_tokens, keep=_MAX_CACHED_TERMS)
        self._idf: dict[str, float] = {}
        self._lock = threading.Lock()
        self._vectors: np.ndarray | None = None

    @property
    def count(self) -> int:
        """How many distinct questions there are."""
        return len(self._texts)

    def covered(self) -> int:
        """How many units have at least one question."""
        return int(np.count_nonzero(np.diff(self._offsets)))

    def vectors(self) -> np.ndarray:
        """One row per (unit, question), unit by unit: each distinct question embedded once.

        A unit's questions are adjacent rows, so the rows an answer compares are read as a few
        dozen runs rather than scattered: right after the model has run they come from memory,
        not the cache, and reading them is most of the match's time.
        """
        if self._vectors is not None:
            return self._vectors
        if not self._texts:
            return np.zeros((0, self._embedder.dimension), dtype=np.float32)
        with self._lock:
            if self._vectors is None:
                embedded = np.asarray(encode_cached(self._embedder, self._texts, label="unit-questions"), dtype=np.float32)
                self._vectors = np.ascontiguousarray(embedded[self._rows])
            return self._vectors

    def term_units(self, term: str) -> np.ndarray:
        """Which units' questions use ``term`` by its own stem or a synonym's, as booleans (cached, bounded)."""
        return self._term_units(term)

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """BM25's IDF of each term over the units' questions (a unit's questions are one document), cached.

        A word the articles never use weighs the most over their sentences, whether it is
        what is asked ("women", "pop") or the story around it ("mum", "holiday"); over the
        questions, the story's words, which many questions tell, weigh little.
        """
        out: dict[str, float] = {}
        n = self._units
        for t in terms:
            w = self._idf.get(t)
            if w is None:
                df = int(self.term_units(t)[:n].sum())
                w = math.log(1 + (n - df + 0.5) / (df + 0.5))
                if len(self._idf) > _MAX_CACHED_TERMS:
                    self._idf.clear()
                self._idf[t] = w
            out[t] = w
        return out

    def term_share(self, weights: Mapping[str, float], units: np.ndarray) -> np.ndarray:
        """For each of ``units``, the weighted share of ``weights``' terms (term -> IDF over the sentences)
        that its questions use. A term weighs the geometric mean of its IDF over the sentences and over
        the questions (``idf``): rare in both, it is what the message asks.

        Terms are added in the question's order, as ``score_units`` adds them, so that the sum is
        the same on every machine.
        """
        own = self.idf(list(weights))
        weights = {t: math.sqrt(w * own[t]) for t, w in weights.items()}
        total = sum(weights.values())
        if not total:
            return np.zeros(len(units), dtype=np.float64)
        present = np.stack([self.term_units(t)[units] for t in weights])
        weight = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))[:, None]
        return stable_array((present * weight).sum(axis=0) / total)

    def all_shares(self, weights: Mapping[str, float]) -> np.ndarray:
        """``term_share`` of every unit, by catalog id: worked out once per message, for ``leaders``
        and for the candidates' scores alike."""
        return self.term_share(weights, np.arange(self._units))

    def leaders(self, weights: Mapping[str, float], count: int, shares: np.ndarray | None = None) -> np.ndarray:
        """The ``count`` units whose questions use the largest IDF-weighted share of ``weights``' terms
        (ties: the earlier unit), leaving out units that share none. ``shares``: ``all_shares(weights)``
        when the caller has it already."""
        if not count or not weights:
            return np.zeros(0, dtype=np.int64)
        share = self.all_shares(weights) if shares is None else shares
        best = np.argsort(-share, kind="stable")[:count]
        return best[share[best] > 0]

    def match(self, query_vector: np.ndarray, units: np.ndarray) -> np.ndarray:
        """For each of ``units`` (catalog ids), the best cosine of the message to one of its questions
        (0 for a unit with none), rounded. Only these units' questions are compared: a few hundred
        rows rather than every question, so the vectors that are read stay few."""
        out = np.zeros(len(units), dtype=np.float64)
        starts, ends = self._offsets[units], self._offsets[units + 1]
        counts = ends - starts
        has = counts > 0
        if not has.any():
            return out
        counts = counts[has]
        # Each unit's run of rows, end to end: row k of unit j is starts[j] + k.
        firsts = np.cumsum(counts) - counts
        picked = np.repeat(starts[has] - firsts, counts) + np.arange(int(counts.sum()))
        sims = self.vectors()[picked] @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        out[has] = np.maximum.reduceat(sims, firsts)
        return stable_array(out)
