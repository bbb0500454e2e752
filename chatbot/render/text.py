"""Turn selected units into answer text with numbered citations, and print answers.

Only two kinds of text reach a patient: verbatim quotes (each followed by its
citation markers) and the fixed phrases defined here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from chatbot.answer.compose import SentenceTable, Unit
from chatbot.models import Answer, Citation, Source

DISCLAIMER = (
    "General information quoted from the cited articles, not a diagnosis or medical advice."
)
ABSTAIN_REPLY = (
    "I'm sorry, the articles I can quote from do not answer that question. "
    "I can answer questions about calcinosis cutis: what it is, its types and causes, "
    "symptoms, diagnosis, treatment, and home care and prevention."
)
DISAGREEMENT_NOTE = "The sources differ on this point, so both are quoted:"
SEE_A_DOCTOR = (
    "Only a doctor who examines you can tell whether this applies to you; "
    "please see a doctor or a dermatologist about any new or changing lump."
)
FIXED_PHRASES = (DISCLAIMER, ABSTAIN_REPLY, DISAGREEMENT_NOTE, SEE_A_DOCTOR)


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


def _unit_text(unit: Unit, table: SentenceTable, markers: str) -> str:
    head = table.sentences[unit.rows[0]].text
    if len(unit.rows) == 1 or unit.joined:
        return " ".join(table.sentences[r].text for r in unit.rows) + f" {markers}"
    items = "\n".join(f"- {table.sentences[r].text}" for r in unit.rows[1:])
    return f"{head} {markers}\n{items}"


def build_answer(
    units: Sequence[Unit],
    table: SentenceTable,
    sources: Mapping[str, Source],
    raw: Mapping[str, str],
    *,
    disagreement: bool = False,
    personal: bool = False,
    debug: dict[str, object] | None = None,
) -> Answer:
    """Answer text of quotes with ``[n]`` markers, and the citations behind them."""
    citations: list[Citation] = []
    blocks: list[str] = []
    for unit in units:
        numbers = []
        for member in (unit, *unit.also):
            citations.append(_citation(len(citations) + 1, member, table, sources, raw))
            numbers.append(len(citations))
        markers = "".join(f"[{n}]" for n in numbers)
        text = _unit_text(unit, table, markers)
        if blocks and "\n" not in text and "\n" not in blocks[-1]:
            blocks[-1] = f"{blocks[-1]} {text}"
        else:
            blocks.append(text)
    if disagreement:
        blocks.insert(0, DISAGREEMENT_NOTE)
    if personal:
        blocks.append(SEE_A_DOCTOR)
    return Answer(
        text="\n\n".join(blocks),
        citations=tuple(citations),
        abstained=False,
        route="answer",
        notice=DISCLAIMER,
        debug=debug or {},
    )


def format_for_terminal(answer: Answer) -> str:
    """What ``python -m chatbot ask`` prints for a person; a safety notice comes first, framed."""
    lines = []
    if answer.alert:
        rule = "!" * 72
        lines += [rule, answer.alert.text, rule, ""]
    lines += [answer.body, ""] if answer.body else []
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            where = ", ".join(x for x in (c.publisher, c.date) if x)
            lines.append(f"  [{c.number}] {c.title}{f' ({where})' if where else ''} - {c.section}")
            lines.append(f"      \"{' '.join(c.quote.split())}\" (characters {c.start}-{c.end})")
        lines.append("")
    if answer.notice:
        lines.append(answer.notice)
    return "\n".join(lines).rstrip() + "\n"
