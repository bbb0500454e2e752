"""Sentence boundaries as character spans.

Spans, not strings, because every quote the bot shows must be checkable
against the original file: ``raw[start:end]`` is the sentence.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "etc", "st", "no", "fig", "al", "approx", "inc"}
)
# End punctuation, optional closing quotes/brackets and a reference marker like [1],
# then whitespace and something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*(?:\[\d+\])?(?=\s+[\"“‘(]?[A-Z0-9•])")
# "most common on: Face..." or "include: Renal function tests..." in flattened pages.
_COLON_BOUNDARY = re.compile(r":(?=\s+[A-Z])")
# A token like "FaceElbowsFingertips" is a list whose line breaks were lost; what follows
# it starts something new.
_GLUED_LIST = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+){2,}(?=\s+[A-Z])")
# Inside such a page, list items whose line breaks were lost meet mid-word: "acneAvoiding",
# "FaceElbowsFingertips". Each join is an item boundary (the items stay verbatim spans).
# A lower-case word glued to a capitalised one ends an item; brand names ("DermNet")
# start with a capital and stay whole, as do two-part runs ("StatPearls").
_GLUED_ITEM = re.compile(r"\b[a-z]{2,}(?=[A-Z][a-z]{2,})")
_INNER_CAPITAL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation or an initial, not a sentence."""
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lower().lstrip("(\"“")
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str, start: int = 0, end: int | None = None, *, flattened: bool = False) -> list[Span]:
    """Split ``text[start:end]`` into sentence spans (absolute offsets, trimmed).

    ``flattened`` adds the boundaries that only make sense in a page whose line
    breaks were lost: after a colon that introduces a capitalised run, after a
    glued list token, and between the items glued inside it ("acne|Avoiding").
    """
    end = len(text) if end is None else end
    cuts: set[int] = set()
    segment = text[start:end]
    for m in _BOUNDARY.finditer(segment):
        dot = start + m.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(start + m.end())
    if flattened:
        cuts.update(start + m.end() for m in _COLON_BOUNDARY.finditer(segment))
        for m in _GLUED_LIST.finditer(segment):
            cuts.add(start + m.end())
            cuts.update(start + m.start() + k.start() for k in _INNER_CAPITAL.finditer(m.group()))
        cuts.update(start + m.end() for m in _GLUED_ITEM.finditer(segment))
    spans: list[Span] = []
    previous = start
    for cut in sorted(cuts) + [end]:
        piece = text[previous:cut].strip()
        if cut != end and piece.endswith(".") and " " not in piece:
            continue  # "Dystrophic. This is..." - a one-word label belongs to its sentence
        span = _trim(text, previous, cut)
        if span:
            spans.append(span)
        previous = cut
    return spans


# In a flattened page a list's items run on with only a space between them:
# "Skin ulcers Joint deformity Disfiguring lesions (...) Joint pain". A capitalised
# word ("Joint", "C-reactive"; not the "D" of "vitamin D") after a lower-case word or
# a closing bracket starts the next item.
_RUN_ON_ITEM = re.compile(r"(?<=[a-z)] )(?=[A-Z]-?[a-z])")


def split_run_on_items(text: str, start: int, end: int) -> list[Span]:
    """The items of a run-on list in ``text[start:end]``, as trimmed spans."""
    cuts = [start + m.start() for m in _RUN_ON_ITEM.finditer(text[start:end])]
    spans = [_trim(text, a, b) for a, b in zip([start, *cuts], [*cuts, end])]
    return [span for span in spans if span]
