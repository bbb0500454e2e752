"""How much each question term counts: rarer words say more about what was asked."""

from __future__ import annotations

import math
from collections.abc import Sequence

from chatbot.search.tokens import stem
from chatbot.search.vocabulary import forms


def stem_counts(vocabulary: dict[str, int]) -> dict[str, int]:
    """Corpus frequency per word stem."""
    counts: dict[str, int] = {}
    for word, n in vocabulary.items():
        key = stem(word)
        counts[key] = counts.get(key, 0) + n
    return counts


def known_stem(term: str, counts: dict[str, int]) -> str | None:
    """The stem of the term, its singular or a synonym, if the corpus uses it."""
    return next((s for s in forms(term).in_order if s in counts), None)


def collection_weights(terms: Sequence[str], counts: dict[str, int]) -> dict[str, float]:
    """Inverse collection frequency of each term: log(1 + N / (1 + count(stem))).

    A term the corpus never uses gets the largest weight, log(1 + N): it is
    usually what the question is really about ("price", "psoriasis"); the
    disease's own name, in every article, weighs little.
    """
    total = sum(counts.values()) or 1
    return {term: _inverse_frequency(known_stem(term, counts), counts, total) for term in terms}


def _inverse_frequency(known: str | None, counts: dict[str, int], total: int) -> float:
    return math.log(1 + total / (1 + counts[known])) if known else math.log(1 + total)


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


def term_coverage(terms: Sequence[str], counts: dict[str, int]) -> float:
    """IDF-weighted share of the question's terms whose stem (or a synonym's) occurs in the corpus."""
    if not terms:
        return 0.0
    total = sum(counts.values()) or 1
    known = {t: known_stem(t, counts) for t in terms}
    weights = {t: _inverse_frequency(k, counts, total) for t, k in known.items()}
    return sum(weights[t] for t, k in known.items() if k) / sum(weights.values())
