"""Quotable units: a sentence, a list's lead-in with its items, or a chain of sentences leaning on each other."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from chatbot.answer.sentence_table import SentenceTable, normalised
from chatbot.models import ScoredChunk, Sentence


@dataclass
class Unit:
    """A quotable unit: one sentence, a list's introducing sentence with its items, or a
    sentence that leans on the one before it ("Even so, ...", "They work by ...") with that one."""

    rows: tuple[int, ...]
    source_id: str
    joined: bool = False  # a sentence with the one before it it leans on, not a list
    relevance: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0
    also: list["Unit"] = field(default_factory=list)  # near-duplicates in other sources

    @property
    def head(self) -> int:
        return self.rows[0]


def unit_for(row: int, table: SentenceTable, max_joined: int) -> Unit | None:
    s = table.sentences[row]
    if s.kind == "list_item" and s.list_intro is not None:
        intro = table.row.get((s.source_id, s.list_intro))
        return unit_for(intro, table, max_joined) if intro is not None else None
    if s.kind == "list_intro":
        items = table.items.get((s.source_id, s.index), [])
        if not items:
            return None  # "This can be caused by:" with its list lost says nothing
        return Unit((row, *items), s.source_id)
    rows = [row]
    while len(rows) < max_joined and _LEANS_BACK.match(table.sentences[rows[0]].text):
        first = table.sentences[rows[0]]
        before = table.row.get((first.source_id, first.index - 1))
        if before is None or not _plain_sentence_before(table.sentences[before], first):
            break
        rows.insert(0, before)
    if len(rows) > 1:
        return Unit(tuple(rows), s.source_id, joined=True)
    return Unit((row,), s.source_id)


# Openings that refer to the sentence before: quoted alone, "Even so, some people swear
# by ..." or "They work by lowering ..." would read as if about something else.
_LEANS_BACK = re.compile(
    r"(even so|that said|with that said|however|but|still|instead|otherwise|also|in addition|"
    r"additionally|furthermore|moreover|as a result|because of this|for this reason|"
    r"they|these|those|this|it|its|such)\b",
    re.I,
)


def _plain_sentence_before(before: Sentence, s: Sentence) -> bool:
    """``before`` is the running-text sentence right before ``s`` in the same paragraph."""
    return (
        before.kind == "text"
        and before.paragraph == s.paragraph
        and before.section == s.section
        and not before.text.rstrip().endswith(("?", ":"))
    )


def candidate_units(
    chunks: Sequence[ScoredChunk], table: SentenceTable, max_joined: int
) -> tuple[list[Unit], dict[int, float]]:
    """Units drawn from the retrieved chunks, with each sentence's best chunk score."""
    chunk_score: dict[int, float] = {}
    for sc in chunks:
        for idx in sc.chunk.sentence_ids:
            row = table.row.get((sc.chunk.source_id, idx))
            if row is not None:
                chunk_score[row] = max(chunk_score.get(row, 0.0), sc.score)
    units: dict[tuple[int, ...], Unit] = {}
    for row in chunk_score:
        unit = unit_for(row, table, max_joined)
        if unit is not None and unit.rows not in units:
            units[unit.rows] = unit
    return list(units.values()), chunk_score


def verbatim_twins(unit: Unit, table: SentenceTable, max_joined: int) -> list[Unit]:
    """Units elsewhere in the corpus that open with the very same sentence (retrieved or not)."""
    twins = []
    for row in table.same_text.get(normalised(table.sentences[unit.head].text), []):
        if table.sentences[row].source_id != unit.source_id:
            twin = unit_for(row, table, max_joined)
            if twin is not None and len(twin.rows) == len(unit.rows) and twin.joined == unit.joined:
                twins.append(twin)
    return twins
