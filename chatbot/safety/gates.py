"""The gates: a concept none of whose required words occur in a message is skipped without running its regex.

Each concept is compiled once into regexes grouped by the words their
phrasings require (``required_words``); a message's words are reduced to keys
(their first two, three and four letters), and only the concepts and groups
those keys open are searched. A gate only ever skips a regex that cannot
match, never matches by itself, so it saves time without changing a result
(``tests/test_triage_patterns.py`` checks this).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from chatbot.safety.lexicon.concepts import CONCEPTS

_DIGIT = "#"


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) for each character outside escapes and classes."""
    depth, i = 0, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = pattern.index("]", i + 1) + 1
            continue
        depth += (ch == "(") - (ch == ")")
        yield i, ch, depth
        i += 1


def _group_end(pattern: str, start: int) -> int:
    """Index of the parenthesis closing the group opened at ``start``."""
    for i, _, depth in _structure(pattern, start):
        if depth == 0:
            return i
    raise ValueError(f"unbalanced pattern {pattern!r}")


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``."""
    cuts = [i for i, ch, depth in _structure(pattern) if ch == "|" and depth == 0]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[a + 1:b] for a, b in zip(bounds, bounds[1:])]


_QUANTIFIER = re.compile(r"\?|\*|\+|\{(\d*),?(\d*)\}")


def _quantifier(phrase: str, at: int) -> tuple[int, bool]:
    """(index after an optional quantifier at ``at``, whether it allows zero repetitions)."""
    m = _QUANTIFIER.match(phrase, at)
    if not m:
        return at, False
    q = m.group()
    return m.end(), q in ("?", "*") or (q.startswith("{") and m.group(1) in ("", "0"))


def required_words(phrase: str, at_word_start: bool = True) -> frozenset[str] | None:
    """Words (or word starts) of which every match of ``phrase`` contains one, each at the start of a word.

    "chest" for ``chest (?:\\w+ ){0,4}(?:pain|ache)``, {"bridge", "cliff"} for
    ``(?:im|i am) on the (?:bridge|cliff)``: of the required parts, the one with the
    longest shortest word. ``#`` stands for "a number"; ``None`` means no part is
    required (the concept is then always searched). Only ever used to skip a
    regex that cannot match, never to match.
    """
    candidates: list[frozenset[str]] = []
    word, word_ok, boundary = "", at_word_start, at_word_start

    def flush() -> None:
        nonlocal word
        if word and word_ok:
            candidates.append(frozenset({_DIGIT if word[0].isdigit() else word}))
        word = ""

    i = 0
    while i < len(phrase):
        ch = phrase[i]
        if ch == "(":
            end = _group_end(phrase, i)
            inner = phrase[i + 1:end]
            j, optional = _quantifier(phrase, end + 1)
            if inner.startswith(("?=", "?!", "?<=", "?<!")):  # zero-width: changes nothing
                i = j
                continue
            body = inner[2:] if inner.startswith("?:") else inner
            if word:  # the group continues a word: the word so far is what is required
                flush()
            elif not optional and boundary:
                sets = [required_words(b, True) for b in _branches(body)]
                if all(s is not None for s in sets):
                    candidates.append(frozenset().union(*sets))  # type: ignore[arg-type]
            boundary = word_ok = all(b.endswith(" ") for b in _branches(body))
            i = j
            continue
        if ch in "\\[":
            end = i + 2 if ch == "\\" else phrase.index("]", i + 1) + 1
            token = phrase[i:end]
            j, optional = _quantifier(phrase, end)
            flush()
            if token == "\\b":
                boundary = word_ok = True
            else:
                if boundary and not optional and (token == "\\d" or re.fullmatch(r"\[[\d\-]+\]", token)):
                    candidates.append(frozenset({_DIGIT}))
                boundary = word_ok = False
            i = j
            continue
        j, optional = _quantifier(phrase, i + 1)
        if j > i + 1:  # a quantified character ends the literal word before it
            if not optional:
                word += ch
            flush()
            boundary = word_ok = False
        elif ch.isalnum():
            if not word:
                word_ok = boundary
            word += ch
            boundary = False
        else:  # a space or punctuation: a new word starts after it
            flush()
            boundary = word_ok = True
        i = j
    flush()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (not c & _COMMON, min(3 if w == _DIGIT else len(w) for w in c), -len(c)))


# Words in nearly every message make poor gates: another required part is chosen when there is one.
_COMMON = frozenset("a an and are at be but do for he her him his i im in is it me my no not of on or she so that the "
                    "them they this to was we with you your".split())


def word_keys(words: list[str]) -> set[str]:
    """What the gates compare for a message's words: their first two, three and four letters (``#`` for a number).

    A required word of one letter ("i") is a whole word, so its key is the word itself.
    """
    keys = {w[:4] for w in words}
    keys.update([w[:3] for w in words if len(w) > 3])
    keys.update([w[:2] for w in words if len(w) > 2])
    if any(w[0].isdigit() for w in words):
        keys.add(_DIGIT)
    return keys


@dataclass(frozen=True)
class Gated:
    """Phrasings compiled together, and the keys (first four letters) of the words one of which every
    match contains (``None``: unknown). A message with none of the keys skips the regex."""

    keys: frozenset[str] | None
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Concept:
    """One idea: its phrasings as regexes grouped by the words they start with, each group gated."""

    name: str
    parts: tuple[Gated, ...]
    negatable: bool
    keys: frozenset[str] | None  # the union: a message without any skips the whole concept


def _key_set(words: frozenset[str] | None) -> frozenset[str] | None:
    """The gate keys of required words: their first four letters (``#`` for a number)."""
    return None if words is None else frozenset(w if w == _DIGIT else w[:4] for w in words)


def compile_concept(name: str, phrases: tuple[str, ...], negatable: bool, group_size: int = 6) -> Concept:
    """Phrasings that share required words are compiled together, in groups of at most ``group_size`` keys."""
    keyed = sorted(((_key_set(required_words(p)), p) for p in phrases), key=lambda kp: sorted(kp[0] or {""}))
    parts: list[Gated] = []
    batch: list[str] = []
    batch_keys: set[str] = set()
    for keys, phrase in keyed:
        if keys is None:
            parts.append(Gated(None, re.compile(r"(?<!\w)(?:" + phrase + r")(?!\w)")))
            continue
        if batch and len(batch_keys | keys) > group_size:
            parts.append(Gated(frozenset(batch_keys), re.compile(r"(?<!\w)(?:" + "|".join(batch) + r")(?!\w)")))
            batch, batch_keys = [], set()
        batch.append(phrase)
        batch_keys |= keys
    if batch:
        parts.append(Gated(frozenset(batch_keys), re.compile(r"(?<!\w)(?:" + "|".join(batch) + r")(?!\w)")))
    union = None if any(g.keys is None for g in parts) else frozenset().union(*(g.keys for g in parts))  # type: ignore[arg-type]
    return Concept(name, tuple(parts), negatable, union)


COMPILED: dict[str, Concept] = {name: compile_concept(name, p, n) for name, (p, n) in CONCEPTS.items()}
# Which concepts a word key can open, so a message opens only the concepts its words name.
ALWAYS_OPEN = frozenset(name for name, c in COMPILED.items() if c.keys is None)
OPENED_BY: dict[str, frozenset[str]] = {}
for _name, _concept in COMPILED.items():
    for _key in _concept.keys or ():
        OPENED_BY[_key] = OPENED_BY.get(_key, frozenset()) | {_name}
