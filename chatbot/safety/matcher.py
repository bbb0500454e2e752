"""The cheap half of safety triage: the word lists of ``chatbot.safety.lexicon`` applied in linear time.

No model here: this is what still runs when a request is over the rate limit or
the queue is full, so a person in crisis is never told to wait.

How a message is read:

1. It is normalised (``normalise``: lower case, apostrophes dropped, texting
   shorthand spelled out, single spaces) and cut to ``MAX_CHARS`` (head and
   tail), so the work per message is bounded. With a dictionary, misspelled
   danger words are repaired (``misspellings``: "unconsious", "brething"), one
   edit at most.
2. Idioms that borrow a sign's words ("the waiting is killing me", "I nearly
   died laughing") are blanked.
3. Each concept of a rule is searched once (``finditer``; phrasings have no
   unbounded repetition between words, so no backtracking across the text).
   A concept none of whose required words occur in the message is skipped
   without running its regex (the *gate*, ``gates``). A rule holds when all its
   concepts occur within its window of words.
4. A rule's match is then called off when it is history ("I had a seizure as a
   kid"), a habit ("my lips swell when I eat strawberries"), a hypothetical
   ("what should I do if it bleeds?") or a question that names nobody ("can
   calcinosis cause seizures?"), as its guards say (``guarded``, ``context``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chatbot.safety.context import Context, context_of
from chatbot.safety.gates import ALWAYS_OPEN, COMPILED, OPENED_BY, word_keys
from chatbot.safety.lexicon.guards import (
    CHRONIC,
    CRISIS_NOW,
    HYPOTHETICAL,
    IDIOM_KEYS,
    IDIOMS,
    NEGATOR,
    NEW_CLAUSE,
    PAST,
    RECOVERED,
    REPORTED,
    SENTENCE_END,
)
from chatbot.safety.lexicon.rules import RULES, Rule, Tier
from chatbot.safety.misspellings import DangerSpeller, repair
from chatbot.safety.normalise import normalise

TIER_ORDER: tuple[Tier, ...] = ("crisis", "emergency", "urgent")
_WORD = re.compile(r"\w+")


# ------------------------------------------------------------------ the message

_IDIOM_KEY = re.compile("|".join(map(re.escape, IDIOM_KEYS)))


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


class ReadMessage:
    """The normalised message, with the word offsets and sentence starts the rules need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.matching = IDIOMS.sub(_blank, text) if _IDIOM_KEY.search(text) else text
        found = list(_WORD.finditer(self.matching))
        self.word_starts = [m.start() for m in found]
        self.keys = word_keys([m.group() for m in found])
        opened = [OPENED_BY[k] for k in self.keys if k in OPENED_BY]
        self.open = ALWAYS_OPEN.union(*opened)
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


Text = str | ReadMessage  # a message as typed, or as ``read_text`` read it once for several checks


def read_text(message: str, speller: DangerSpeller | None = None) -> ReadMessage:
    """The message as every check reads it: normalised, danger words repaired, idioms blanked.

    Read once and passed to ``match_patterns``, ``cue_tiers`` and ``has_cue``, a
    message is normalised once, and a concept found by one check is not searched again by the next.
    """
    return ReadMessage(repair(normalise(message), speller))


def _read(message: Text, speller: DangerSpeller | None) -> ReadMessage:
    return message if isinstance(message, ReadMessage) else read_text(message, speller)


def _negated(text: str, start: int) -> bool:
    """A negator ("not", "no", "isnt"...) in the three words before ``start``, in the same clause.

    A phrasing that opens with its own subject ("if it doesnt work im not going on") starts a new
    clause, unless the words before report it ("I dont think hes having a stroke").
    """
    head = text[max(0, start - 40):start]
    if NEW_CLAUSE.match(text, start) and not REPORTED.search(head):
        return False
    cut = max(head.rfind(ch) for ch in ".,?!;")
    return bool(NEGATOR.search(head[cut + 1:] if cut >= 0 else head))


def _occurrences(m: ReadMessage, rule: Rule) -> Iterator[tuple[int, ...]]:
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


# ------------------------------------------------------------------ the check


def guarded(rule: Rule, m: ReadMessage, offsets: tuple[int, ...], ctx: Context) -> str | None:
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
        if rule.tier != "crisis" or (RECOVERED.search(m.text) and not CRISIS_NOW.search(m.sentence(offsets[0]))):
            return "past"
    if "chronic" in rule.guards and not ctx.now and CHRONIC.search(m.sentence(offsets[0])):
        return "chronic"
    return None


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


def match_patterns(message: Text, speller: DangerSpeller | None = None) -> PatternMatch:
    """The most serious tier with an unguarded rule; "none" otherwise. Linear in the message length.

    ``speller`` (see ``danger_speller``) first repairs misspelled danger words.
    """
    m = _read(message, speller)
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


def cue_tiers(message: Text, tiers: Iterable[Tier], speller: DangerSpeller | None = None) -> tuple[frozenset[Tier], Context]:
    """Which of ``tiers`` the message has a cue word of (``cue_*`` in the lexicon), and its context.

    Asked only when similarity already points at a tier, so most messages never pay for it.
    """
    m = _read(message, speller)
    return frozenset(t for t in tiers if m.find(f"cue_{t}")), context_of(m.text)


def has_cue(message: Text, speller: DangerSpeller | None = None) -> bool:
    """Whether the message has a cue word of any tier: without one, similarity cannot raise it to any tier."""
    m = _read(message, speller)
    return any(m.find(f"cue_{t}") for t in TIER_ORDER)
