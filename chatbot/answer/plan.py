"""From the chosen units to the answer's blocks and numbered citations (no text is rendered here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from chatbot.answer.compose import SentenceTable, Unit
from chatbot.answer.phrases import DISAGREEMENT_NOTE, DISCLAIMER, SEE_A_DOCTOR
from chatbot.models import Answer, Block, Citation, Source, Span


def _citation(number: int, unit: Unit, table: SentenceTable, sources: Mapping[str, Source], raw: Mapping[str, str]) -> Citation:
    first = table.sentences[unit.rows[0]]
    last = table.sentences[unit.rows[-1]]
    source = sources[unit.source_id]
    return Citation(
        number=number,
        source_id=unit.source_id,
        title=source.label,
        section=first.section,
        quote=raw[unit.source_id][first.start:last.end],
        start=first.start,
        end=last.end,
        publisher=source.publisher,
        date=source.date,
    )


def _span(row: int, table: SentenceTable) -> Span:
    s = table.sentences[row]
    return Span(s.source_id, s.start, s.end, s.text)


def unit_block(unit: Unit, table: SentenceTable, numbers: Sequence[int]) -> Block:
    """A sentence or a chain of sentences is one quote; a list's lead-in with its items is a list."""
    if len(unit.rows) == 1 or unit.joined:
        return Block("quote", tuple(_span(r, table) for r in unit.rows), citations=tuple(numbers))
    lead, items = unit.rows[: unit.lead], unit.rows[unit.lead:]
    return Block("list", tuple(_span(r, table) for r in lead), tuple(_span(r, table) for r in items), tuple(numbers))


def plan_answer(
    units: Sequence[Unit],
    table: SentenceTable,
    sources: Mapping[str, Source],
    raw: Mapping[str, str],
    *,
    disagreement: bool = False,
    personal: bool = False,
) -> Answer:
    """The answer's blocks in reading order, each unit citing its own source and every source that says the same."""
    citations: list[Citation] = []
    blocks: list[Block] = [Block.note(DISAGREEMENT_NOTE)] if disagreement else []
    for unit in units:
        numbers = []
        for member in (unit, *unit.also):
            citations.append(_citation(len(citations) + 1, member, table, sources, raw))
            numbers.append(len(citations))
        blocks.append(unit_block(unit, table, numbers))
    if personal:
        blocks.append(Block.note(SEE_A_DOCTOR))
    return Answer(tuple(blocks), tuple(citations), abstained=False, route="answer", notice=DISCLAIMER)
