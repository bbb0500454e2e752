"""How many of something a sentence says there are ("five types", "4 major types")."""

from __future__ import annotations

import re

from chatbot.search.tokens import stem

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_COUNT_CLAIM = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:major\s+|main\s+|different\s+)?"
    r"(types|forms|kinds|subtypes|categories)\b",
    re.I,
)


# A question asks for a count, or for the whole set, when it names the things in the plural
# ("how many types are there?", "what are the different types?"); "the dystrophic type" does not.
_COUNTED_NOUN = re.compile(r"\b(types|forms|kinds|subtypes|categories)\b", re.I)


_HOW_MANY = re.compile(r"\bhow many\b", re.I)


def counted_nouns(asked: str, whole: str = "") -> frozenset[str]:
    """The nouns (stems) whose number or whole set ``asked`` (the part of a message that asks) is about.

    A bare "how many are there?" counts what the ``whole`` question (with the
    topic a follow-up carries over) names.
    """
    text = whole if whole and _HOW_MANY.search(asked) else asked
    return frozenset(stem(m.group(1).lower()) for m in _COUNTED_NOUN.finditer(text))


def count_claims(text: str) -> list[tuple[int, str]]:
    """("five types", ...) -> [(5, "type")]: how many of something a sentence says there are."""
    out = []
    for m in _COUNT_CLAIM.finditer(text):
        n = m.group(1).lower()
        value = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        out.append((value, stem(m.group(2).lower())))
    return out
