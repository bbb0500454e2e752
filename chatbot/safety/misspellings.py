"""Misspelled danger words read as meant ("unconsious", "brething"), one edit at most.

With a dictionary of correctly spelled words (the model's WordPiece
vocabulary), a word of five letters or more that is not a known word is
repaired towards the words the phrasings spell out; known words are left as
typed, so "brown" never becomes "drown".
"""

from __future__ import annotations

import re

from chatbot.safety.lexicon.concepts import CONCEPTS
from chatbot.search.spelling import SpellingRepair

_LITERAL_WORD = re.compile(r"(?<![\\\[])\b[a-z]{5,}\b")


def danger_vocabulary() -> dict[str, int]:
    """Every word of five letters or more that a phrasing spells out ("seizure", "unconscious")."""
    return {w: 1 for phrases, _ in CONCEPTS.values() for p in phrases for w in _LITERAL_WORD.findall(p)}


class DangerSpeller(SpellingRepair):
    """Spelling repair towards the danger words, one edit at most ("unconsious", "collasped", "brething").

    Two edits would turn real words the dictionary lacks into dangers
    ("drooping" into "drowning"), so only one is allowed, and a word that
    already starts a danger word, or is started by one, is left alone.
    """

    @staticmethod
    def allowed_distance(word: str) -> int:
        return 1 if len(word) >= 5 and word.isalpha() else 0

    def __init__(self, vocabulary: dict[str, int], dictionary: frozenset[str]) -> None:
        super().__init__(vocabulary, dictionary)
        self.prefixes = frozenset(w[:n] for w in vocabulary for n in range(5, len(w) + 1))


def danger_speller(dictionary: frozenset[str]) -> DangerSpeller | None:
    """Repairs a misspelled danger word to the word the lists use; ``None`` without a dictionary.

    ``dictionary`` holds correctly spelled English words (the model's WordPiece
    vocabulary), which are never "repaired": "brown" must not become "drown".
    """
    return DangerSpeller(danger_vocabulary(), dictionary) if dictionary else None


_ALPHA_WORD = re.compile(r"[a-z]{5,}")
# Correct words the WordPiece vocabulary lacks that sit one edit from a danger word.
_KNOWN_WORDS = frozenset({"overdoing", "overdone", "overdoes"})
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "ness", "er", "est", "ful")


def _inflected(word: str, dictionary: frozenset[str]) -> bool:
    """A known word with an ending ("stares", "teased", "upsetting"): spelled right, not a typo."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if stem in dictionary or stem + "e" in dictionary or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in dictionary):
                return True
    return False


def repair(text: str, speller: DangerSpeller | None) -> str:
    """``text`` with misspelled danger words replaced; known words are left as typed."""
    if speller is None:
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if word in speller.dictionary or word in _KNOWN_WORDS or word in speller.prefixes or _inflected(word, speller.dictionary):
            return word
        if any(word[:n] in speller.vocabulary for n in range(5, len(word))):
            return word  # "wheezing" for "wheez", "toddlers" for "toddler": already a danger word
        return speller.repair(word) or word

    return _ALPHA_WORD.sub(fix, text)
