"""Web-page chrome to cut from an article: navigation, bylines, references, copyright lines.

General rules find most of it; a few per-article patterns from the corpus
metadata catch site chrome no rule can tell from prose. Only spans are
returned: cleaning removes text, it never rewrites it.
"""

from __future__ import annotations

import re

import regex

from chatbot.errors import CorpusError
from chatbot.ingest.sentences import Span
from chatbot.models import Source

# Whole lines that are page chrome, not article text.
_BOILERPLATE_LINES = [
    r"^\s*Medically Reviewed by .*$",
    r"^\s*\d+ min read\s*$",
    r"^.*is available in \d+ Language Editions.*$",
    r"^\s*•?\s*Author: .*$",
    r"^\s*Updated: .*$",
    r"^\s*\d+\.\s+.*\[Medline\].*$",
    r"^.*(?:Copyright ©|protected by copyright).*$",
    r"^.*Was this page helpful\?.*$",
]
# Everything from these markers to the end of the file is bios, disclosures or references.
_TAIL_MARKERS = [
    r"^\s*Contributor Information and Disclosures\s*$",
    r"^\s*References\s*$",
    r"\b\d+ Sources [A-Z][\w ]+ uses only\b",
]
# Chrome inside a page that lost its line breaks.
_INLINE_BOILERPLATE = [
    r"Reproduced with permission from ©.*?\b\d{4}\s",
    r"\b\d{1,2}:\d{2} Click Play to .*?reviewed by [^.]*\.\s",
]


def is_flattened(raw: str) -> bool:
    """A long article with (almost) no line breaks lost its structure when scraped."""
    return len(raw) > 2000 and raw.count("\n") < 3


def excluded_spans(raw: str, source: Source) -> list[Span]:
    """Spans of ``raw`` that are boilerplate, sorted and possibly overlapping."""
    spans: list[Span] = []
    if not is_flattened(raw):  # a line pattern would match a whole flattened page
        for pattern in _BOILERPLATE_LINES:
            spans += [m.span() for m in re.finditer(pattern, raw, flags=re.M)]
    for pattern in _TAIL_MARKERS:
        m = re.search(pattern, raw, flags=re.M)
        if m:
            spans.append((m.start(), len(raw)))
    for pattern in _INLINE_BOILERPLATE:
        spans += [m.span() for m in re.finditer(pattern, raw)]
    for pattern in source.boilerplate:
        spans += _operator_pattern_spans(pattern, raw, source)
    return sorted(spans)


# A pattern from metadata.json is written by a person and may backtrack without end
# ("(x+x+)+y"); the `regex` engine stops it after this long instead of hanging the build.
PATTERN_SECONDS = 1.0


def _operator_pattern_spans(pattern: str, raw: str, source: Source) -> list[Span]:
    try:
        return [m.span() for m in regex.finditer(pattern, raw, flags=regex.M, timeout=PATTERN_SECONDS)]
    except TimeoutError:
        raise CorpusError(
            f"The boilerplate pattern {pattern[:60]!r} of source {source.source_id} ran longer than "
            f"{PATTERN_SECONDS:g} s on its article; simplify it in corpus/metadata.json."
        ) from None


def kept_segments(raw: str, excluded: list[Span]) -> list[Span]:
    """The complement of ``excluded`` in ``raw``."""
    segments: list[Span] = []
    cursor = 0
    for start, end in excluded:
        if start > cursor:
            segments.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(raw):
        segments.append((cursor, len(raw)))
    return segments
