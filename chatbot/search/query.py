"""A question's words as retrieval sees them: content terms, spelling repaired, stemmed, expanded."""

from __future__ import annotations

import re

from chatbot.search.spelling import SpellingRepair
from chatbot.search.tokens import STOPWORDS, STORY_WORDS, SURFACE_WORD, content_words, normalise_text, stem
from chatbot.search.vocabulary import expansions


def query_terms(text: str, speller: SpellingRepair | None) -> list[str]:
    """The query's content words, spelling repaired where the corpus lacks them."""
    terms: list[str] = []
    for w in content_words(text):
        fixed = speller.repair(w) if speller else w
        terms.append(fixed or w)
    return terms


def search_terms(terms: list[str]) -> list[str]:
    """The terms that say what is asked, without the story's words (``STORY_WORDS``: "years",
    "ago", "found"...), which would match sentences at random; all of them when nothing else is left.

    Only searching and ranking leave them out: whether the articles cover a question is judged
    on every word of it.
    """
    return [t for t in terms if t not in STORY_WORDS] or terms


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
    return [token for group in term_groups(query_terms(text, speller), expand) for token in group]


def term_groups(terms: list[str], expand: bool = True) -> list[tuple[str, ...]]:
    """Per distinct term, its stem and its synonyms' stems: one concept each, so that BM25 can
    score a concept once ("lumps" is lump or nodule or bump, not all three added up). No stem is
    in two groups, so the groups laid end to end are the query's distinct tokens."""
    groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for term in terms:
        group = tuple(t for t in dict.fromkeys([stem(term), *(expansions(term) if expand else ())]) if t not in seen)
        if group and group[0] == stem(term):
            groups.append(group)
            seen.update(group)
    return groups
