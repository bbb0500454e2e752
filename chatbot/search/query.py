"""A question's words as retrieval sees them: content terms, spelling repaired, stemmed, expanded."""

from __future__ import annotations

import re

from chatbot.search.spelling import SpellingRepair
from chatbot.search.tokens import STOPWORDS, SURFACE_WORD, content_words, normalise_text, stem
from chatbot.search.vocabulary import expansions


def query_terms(text: str, speller: SpellingRepair | None) -> list[str]:
    """The query's content words, spelling repaired where the corpus lacks them."""
    terms: list[str] = []
    for w in content_words(text):
        fixed = speller.repair(w) if speller else w
        terms.append(fixed or w)
    return terms


def repaired_text(text: str, speller: SpellingRepair | None) -> str:
    """The question with misspelled words replaced by the corpus words they stand for.

    The embedding model has never seen "treatmnet"; giving it "treatment" lets the
    dense side match what BM25 already matches after repair. Known words, stop
    words and words with no close corpus word are left exactly as typed.
    """
    if speller is None:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = normalise_text(word)
        if lowered in STOPWORDS or len(lowered) < 2:
            return word
        fixed = speller.repair(lowered)
        return fixed if fixed and fixed != lowered else word

    return SURFACE_WORD.sub(fix, text)


def query_tokens(text: str, speller: SpellingRepair | None, expand: bool = True) -> list[str]:
    """Stemmed, repaired and synonym-expanded tokens for BM25."""
    return terms_tokens(query_terms(text, speller), expand)


def terms_tokens(terms: list[str], expand: bool = True) -> list[str]:
    """``query_tokens`` of terms already found by ``query_terms``."""
    tokens: list[str] = []
    for term in terms:
        tokens.append(stem(term))
        if expand:
            tokens += expansions(term)
    return list(dict.fromkeys(tokens))
