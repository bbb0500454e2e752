"""The cheap half of safety triage: the word lists of ``triage_lexicon`` applied in linear time.

No model here: this is what still runs when a request is over the rate limit or
the queue is full, so a person in crisis is never told to wait.

How a message is read:

1. It is normalised (lower case, apostrophes dropped, texting shorthand spelled
   out, single spaces) and cut to ``MAX_CHARS`` (head and tail), so the work
   per message is bounded. With a dictionary, misspelled danger words are
   repaired ("unconsious", "brething"), one edit at most.
2. Idioms that borrow a sign's words ("the waiting is killing me", "I nearly
   died laughing") are blanked.
3. Each concept of a rule is searched once (``finditer``; phrasings have no
   unbounded repetition between words, so no backtracking across the text).
   A concept none of whose required words occur in the message is skipped
   without running its regex (the *gate*). A rule holds when all its concepts
   occur within its window of words.
4. A rule's match is then called off when it is history ("I had a seizure as a
   kid"), a habit ("my lips swell when I eat strawberries"), a hypothetical
   ("what should I do if it bleeds?") or a question that names nobody ("can
   calcinosis cause seizures?"), as its guards say.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chatbot.search.spelling import SpellingRepair
from chatbot.safety.lexicon import (
    CHRONIC, CONCEPTS, HELP_REQUEST, HYPOTHETICAL, HYPOTHETICAL_MESSAGE, IDIOM_KEYS, IDIOMS, NEGATOR, NOW, PAST, PERSONAL,
    QUESTION_START, RECOVERED, RULES, SENTENCE_END, Rule, Tier,
)

MAX_CHARS = 4000
_HEAD = 3000
TIER_ORDER: tuple[Tier, ...] = ("crisis", "emergency", "urgent")

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc`\u00b4]")
_INNER_APOSTROPHE = re.compile(r"(?<=[a-z])'(?=[a-z])")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_DIGIT = "#"


def bounded(message: str) -> str:
    """At most ``MAX_CHARS`` characters: the head and the tail of a longer message."""
    if len(message) <= MAX_CHARS:
        return message
    return message[:_HEAD] + " ... " + message[-(MAX_CHARS - _HEAD - 5):]


# Texting shorthand, spelled out so one phrasing covers both ("thinking abt ending it").
_SHORTHAND = {
    "abt": "about", "bout": "about", "u": "you", "ur": "your", "rn": "right now", "tmrw": "tomorrow", "2nite": "tonight",
    "tn": "tonight", "bc": "because", "cuz": "because", "coz": "because", "idk": "i dont know", "pls": "please",
    "plz": "please", "ppl": "people", "thru": "through", "wanna": "wanna", "gonna": "gonna", "srsly": "seriously",
    "w": "with", "bf": "boyfriend", "gf": "girlfriend", "mum's": "mums", "im'": "im",
}
_SHORT = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k) for k in _SHORTHAND if k != _SHORTHAND[k]) + r")(?![\w'])")
_SHORT_KEYS = frozenset(k for k in _SHORTHAND if k != _SHORTHAND[k])
_TOKENS = re.compile(r"[a-z0-9']+")


def normalise(message: str) -> str:
    """Lower case, no apostrophes inside words ("can't" = "cant"), texting shorthand spelled out,
    single spaces, bounded."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", bounded(message))).lower()
    text = _APOSTROPHES.sub("'", text)
    text = _INNER_APOSTROPHE.sub("", text)
    if not _SHORT_KEYS.isdisjoint(_TOKENS.findall(text)):
        text = _SHORT.sub(lambda m: _SHORTHAND[m.group()], text)
    return _SPACES.sub(" ", text).strip()


# ------------------------------------------------------------------ misspellings

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
        if word in speller.dictionary or word in speller.prefixes or _inflected(word, speller.dictionary):
            return word
        if any(word[:n] in speller.vocabulary for n in range(5, len(word))):
            return word  # "wheezing" for "wheez", "toddlers" for "toddler": already a danger word
        return speller.repair(word) or word

    return _ALPHA_WORD.sub(fix, text)


# ------------------------------------------------------------------ gates


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


def _keys(words: list[str]) -> set[str]:
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
_ALWAYS_OPEN = frozenset(name for name, c in COMPILED.items() if c.keys is None)
_OPENED_BY: dict[str, frozenset[str]] = {}
for _name, _concept in COMPILED.items():
    for _key in _concept.keys or ():
        _OPENED_BY[_key] = _OPENED_BY.get(_key, frozenset()) | {_name}


# ------------------------------------------------------------------ the message


_IDIOM_KEY = re.compile("|".join(map(re.escape, IDIOM_KEYS)))


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


class _Message:
    """The normalised message, with the word offsets and sentence starts the rules need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.matching = IDIOMS.sub(_blank, text) if _IDIOM_KEY.search(text) else text
        found = list(_WORD.finditer(self.matching))
        self.word_starts = [m.start() for m in found]
        self.keys = _keys([m.group() for m in found])
        opened = [_OPENED_BY[k] for k in self.keys if k in _OPENED_BY]
        self.open = _ALWAYS_OPEN.union(*opened)
        self.sentence_starts = [0, *(m.end() for m in SENTENCE_END.finditer(text))]
        self._found: dict[str, list[tuple[int, int]]] = {}

    def sentence_start(self, offset: int) -> int:
        return self.sentence_starts[bisect.bisect_right(self.sentence_starts, offset) - 1]

    def sentence(self, offset: int) -> str:
        i = bisect.bisect_right(self.sentence_starts, offset)
        end = self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.text)
        return self.text[self.sentence_starts[i - 1]:end]

    def find(self, name: str) -> list[tuple[int, int]]:
        """(word index, character offset) of a concept's occurrences, negated ones dropped; found once."""
        hits = self._found.get(name)
        if hits is None:
            c = COMPILED[name]
            hits = []
            if name in self.open:
                starts = {
                    m.start()
                    for part in c.parts if part.keys is None or not self.keys.isdisjoint(part.keys)
                    for m in part.pattern.finditer(self.matching)
                }
                hits = [
                    (bisect.bisect_right(self.word_starts, o), o)
                    for o in sorted(starts) if not (c.negatable and _negated(self.matching, o))
                ]
            self._found[name] = hits
        return hits


def _negated(text: str, start: int) -> bool:
    """A negator ("not", "no", "isnt"...) in the three words before ``start``, in the same clause."""
    head = text[max(0, start - 40):start]
    cut = max(head.rfind(ch) for ch in ".,?!;")
    return bool(NEGATOR.search(head[cut + 1:] if cut >= 0 else head))


def _occurrences(m: _Message, rule: Rule) -> Iterator[tuple[int, ...]]:
    """Character offsets of the rule's concepts, one tuple per occurrence of the first concept
    that has every other concept within the window."""
    found = []
    for name in rule.concepts:  # stop at the first concept the message lacks
        hits = m.find(name)
        if not hits:
            return
        found.append(hits)
    spoilers = [hit for name in rule.unless for hit in m.find(name)]
    for w0, o0 in found[0]:
        offsets = [o0]
        for i, hits in enumerate(found[1:], 1):  # a concept named twice needs two different occurrences
            same = {offsets[j] for j, name in enumerate(rule.concepts[:i]) if name == rule.concepts[i]}
            near = [o for w, o in hits if abs(w - w0) <= rule.window and o not in same]
            if not near:
                break
            offsets.append(near[0])
        else:
            if not any(abs(w - w0) <= rule.window for w, _ in spoilers):
                yield tuple(offsets)


# ------------------------------------------------------------------ context


@dataclass(frozen=True)
class Context:
    """What the whole message says about time and person."""

    now: bool  # "right now", "tonight", "again", "what do I do": something is happening
    impersonal_question: bool  # a question that names no one: "can calcinosis cause seizures?"
    hypothetical: bool  # "just curious", "in advance", "for a leaflet"
    habitual: bool = False  # "sometimes", "when I see blood": a pattern, not an event (and nothing says now)


def context_of(text: str) -> Context:
    now = bool(NOW.search(text))
    return Context(
        now=now,
        impersonal_question=bool(QUESTION_START.search(text)) and not PERSONAL.search(text) and not HELP_REQUEST.search(text),
        hypothetical=bool(HYPOTHETICAL_MESSAGE.search(text)),
        habitual=bool(CHRONIC.search(text)) and not now,
    )


def guarded(rule: Rule, m: _Message, offsets: tuple[int, ...], ctx: Context) -> str | None:
    """Why a rule's match is called off ("past", "chronic", "hypothetical", "general"), or None."""
    if "general" in rule.guards and ctx.impersonal_question:
        return "general"
    if "hypothetical" in rule.guards and (ctx.hypothetical or any(
        HYPOTHETICAL.search(m.text, m.sentence_start(o), o) for o in offsets
    )):
        return "hypothetical"
    if "past" in rule.guards and not ctx.now and PAST.search(m.sentence(offsets[0])):
        # A crisis in the past is history only when the message says it is over ("I'm doing well now"):
        # "since then I just want to die" is not.
        if rule.tier != "crisis" or RECOVERED.search(m.text):
            return "past"
    if "chronic" in rule.guards and not ctx.now and CHRONIC.search(m.sentence(offsets[0])):
        return "chronic"
    return None


# ------------------------------------------------------------------ the check


@dataclass(frozen=True)
class PatternMatch:
    """The tier the word lists give, the rule that gave it, and whether the message reads as sad."""

    tier: Tier
    rule: str = ""
    sad: bool = False
    called_off: tuple[str, ...] = ()  # "tier: rule (why)" of rules that matched but were history, habit, hypothetical or general
    context: Context | None = None  # known when a rule matched


_ORDERED_RULES = tuple((rule, frozenset(rule.concepts)) for tier in TIER_ORDER for rule in RULES if rule.tier == tier)
# The rules (by position) each concept takes part in, so a message visits only rules its words can open.
_RULES_OF: dict[str, tuple[int, ...]] = {
    name: tuple(i for i, (_, needs) in enumerate(_ORDERED_RULES) if name in needs) for name in COMPILED
}


def match_patterns(message: str, speller: DangerSpeller | None = None) -> PatternMatch:
    """The most serious tier with an unguarded rule; "none" otherwise. Linear in the message length.

    ``speller`` (see ``danger_speller``) first repairs misspelled danger words.
    """
    m = _Message(repair(normalise(message), speller))
    ctx: Context | None = None
    called_off: list[str] = []
    candidates = sorted({i for name in m.open for i in _RULES_OF[name]})
    for i in candidates:
        rule, needs = _ORDERED_RULES[i]
        if not needs <= m.open:  # a concept of the rule has none of its words in the message
            continue
        for offsets in _occurrences(m, rule):
            ctx = ctx or context_of(m.text)
            why = guarded(rule, m, offsets, ctx)
            if why is None:
                return PatternMatch(rule.tier, rule.name, bool(m.find("sad")), tuple(called_off), context=ctx)
            if f"{rule.tier}: {rule.name} ({why})" not in called_off:
                called_off.append(f"{rule.tier}: {rule.name} ({why})")
    return PatternMatch("none", "", bool(m.find("sad")), tuple(called_off), context=ctx)


def cue_tiers(message: str, tiers: Iterable[Tier], speller: DangerSpeller | None = None) -> tuple[frozenset[Tier], Context]:
    """Which of ``tiers`` the message has a cue word of (``cue_*`` in the lexicon), and its context.

    Asked only when similarity already points at a tier, so most messages never pay for it.
    """
    m = _Message(repair(normalise(message), speller))
    return frozenset(t for t in tiers if m.find(f"cue_{t}")), context_of(m.text)
