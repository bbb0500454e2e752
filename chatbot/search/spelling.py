"""Spelling repair: an unknown query word mapped to the corpus word it most likely stands for.

Patients misspell medical words ("calcinosis cutus", "treatmnet"). Candidates
come from a symmetric-delete index (the SymSpell idea): a word and its
misspelling share a string reachable by deleting at most two characters from
each, so a lookup is a few set probes instead of a scan of the vocabulary; each
candidate is then confirmed with the optimal string alignment distance
(Damerau-Levenshtein with adjacent swaps, from rapidfuzz).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA

from chatbot.search.tokens import words


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` once it must exceed ``limit``."""
    return OSA.distance(a, b, score_cutoff=limit)


def _deletes(word: str, distance: int) -> set[str]:
    """Every string made by deleting up to ``distance`` characters from ``word``."""
    out = {word}
    frontier = {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class SpellingRepair:
    """Maps an unknown word to the most frequent corpus word within a small edit distance."""

    MAX_DISTANCE = 2

    def __init__(self, vocabulary: dict[str, int], dictionary: frozenset[str] = frozenset()) -> None:
        self.vocabulary = vocabulary
        # Correctly spelled words the articles happen not to use ("weather", "Paris",
        # "thinks"): repairing them to a near corpus word ("whether", "parts",
        # "things") would invent a topic the patient never asked about.
        self.dictionary = dictionary
        self._deletes: dict[str, list[str]] = {}
        for word in vocabulary:
            if self.allowed_distance(word) == 0 and len(word) < 4:
                continue
            for d in _deletes(word, min(self.MAX_DISTANCE, self.allowed_distance(word) or 1)):
                self._deletes.setdefault(d, []).append(word)

    @staticmethod
    def allowed_distance(word: str) -> int:
        if len(word) < 5 or word.isdigit():
            return 0
        return 1 if len(word) < 8 else 2

    @lru_cache(maxsize=16384)
    def repair(self, word: str) -> str | None:
        """The corpus word meant by ``word``, ``word`` itself if known, None if nothing is close."""
        if word in self.vocabulary:
            return word
        limit = self.allowed_distance(word)
        if limit == 0 or word in self.dictionary:
            return None
        candidates = {c for d in _deletes(word, limit) for c in self._deletes.get(d, ())}
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            dist = edit_distance(word, candidate, limit)
            if dist <= limit:
                key = (dist, -self.vocabulary[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def corpus_vocabulary(texts: Iterable[str]) -> dict[str, int]:
    """Surface word -> frequency over the corpus (what spelling repair may map to)."""
    counts: dict[str, int] = {}
    for text in texts:
        for w in words(text):
            counts[w] = counts.get(w, 0) + 1
    return counts
