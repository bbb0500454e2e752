"""How much each question term counts: rarer words say more about what was asked."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from chatbot.search.tokens import stem
from chatbot.search.vocabulary import forms


_MAX_SEEN = 8192


@dataclass(frozen=True)
class StemCounts:
    """Corpus frequency per word stem, with their sum worked out once (every question's coverage uses it)."""

    counts: Mapping[str, int]
    total: int
    _seen: dict[str, tuple[bool, float]] = field(default_factory=dict, repr=False, compare=False)

    def weight(self, term: str) -> tuple[bool, float]:
        """Whether the corpus uses the term (its stem, singular or a synonym's), and its inverse frequency.

        Remembered per term (at most ``_MAX_SEEN``): questions repeat their words.
        """
        found = self._seen.get(term)
        if found is None:
            known = self.known(term)
            found = (known is not None, self.inverse_frequency(known))
            if len(self._seen) > _MAX_SEEN:
                self._seen.clear()
            self._seen[term] = found
        return found

    def known(self, term: str) -> str | None:
        """The stem of the term, its singular or a synonym, if the corpus uses it."""
        return next((s for s in forms(term).in_order if s in self.counts), None)

    def inverse_frequency(self, known: str | None) -> float:
        """log(1 + N / (1 + count(stem))); a stem the corpus never uses gets the most, log(1 + N)."""
        return math.log(1 + self.total / (1 + self.counts[known])) if known else math.log(1 + self.total)


def stem_counts(vocabulary: Mapping[str, int]) -> StemCounts:
    """Corpus frequency per word stem."""
    counts: dict[str, int] = {}
    for word, n in vocabulary.items():
        key = stem(word)
        counts[key] = counts.get(key, 0) + n
    return StemCounts(counts, sum(counts.values()) or 1)


def document_frequency_weights(terms: Sequence[str], documents: Sequence[frozenset[str]]) -> dict[str, float]:
    """BM25's IDF over ``documents`` (sets of stems): ln(1 + (N - df + 0.5) / (df + 0.5)).

    A word in most sentences (the disease's name) weighs almost nothing; a word in
    two sentences ("iontophoresis") dominates; a word in none weighs the most.
    """
    n = len(documents)
    out: dict[str, float] = {}
    for term in terms:
        all_forms = forms(term).all
        df = sum(1 for d in documents if all_forms & d)
        out[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return out


def term_coverage(terms: Sequence[str], counts: StemCounts) -> float:
    """IDF-weighted share of the question's terms whose stem (or a synonym's) occurs in the corpus.

    A term the corpus never uses weighs the most: it is usually what the
    question is really about ("price", "psoriasis"); the disease's own name,
    in every article, weighs little.
    """
    if not terms:
        return 0.0
    weights = {t: counts.weight(t) for t in terms}
    return sum(w for known, w in weights.values() if known) / sum(w for _, w in weights.values())
