"""The types of calcinosis cutis as the articles name them.

The articles' five types (article 004 says "dysmorphic" for dystrophic): a
sentence about one type does not answer a question about another, however
alike the two sound. A question naming a type, or a named variant, names its
own subject and is no follow-up.
"""

from __future__ import annotations

from chatbot.search.tokens import stem

TYPES = {
    "dystrophic": "dystrophic", "dysmorphic": "dystrophic", "metastatic": "metastatic",
    "idiopathic": "idiopathic", "iatrogenic": "iatrogenic", "calciphylaxis": "calciphylaxis",
}
# Words that name a subject within the disease: its types and its named variants.
SUBJECT_WORDS = frozenset(TYPES) | frozenset({"tumoral", "circumscripta", "universalis"})
_TYPE_STEMS = {stem(word): kind for word, kind in TYPES.items()}


def subtypes_named(stems: frozenset[str] | set[str]) -> frozenset[str]:
    """The types of calcinosis cutis named among ``stems`` (word stems)."""
    return frozenset(kind for s, kind in _TYPE_STEMS.items() if s in stems)
