"""Plain-text renderings of an ``Answer``: the text the history and the JSON API carry, and the terminal's.

Quotes are followed by their citation markers ("... deposits. [1][2]");
consecutive single-line quotes share a paragraph; a list's items go on lines
of their own starting with "- ".
"""

from __future__ import annotations

from collections.abc import Sequence

from chatbot.models import Answer, Block


def markers(block: Block) -> str:
    return "".join(f"[{n}]" for n in block.citations)


def block_text(block: Block) -> str:
    if block.kind == "note":
        return block.text
    lead = " ".join(s.text for s in block.sentences) + f" {markers(block)}"
    if block.kind == "quote":
        return lead
    return lead + "\n" + "\n".join(f"- {s.text}" for s in block.items)


def _one_line_quote(block: Block) -> bool:
    return block.kind == "quote" and not any("\n" in s.text for s in block.sentences)


def paragraphs(blocks: Sequence[Block]) -> list[tuple[Block, ...]]:
    """Blocks grouped as they are shown: a run of one-line quotes reads as one paragraph."""
    out: list[list[Block]] = []
    for block in blocks:
        if out and _one_line_quote(block) and _one_line_quote(out[-1][-1]):
            out[-1].append(block)
        else:
            out.append([block])
    return [tuple(p) for p in out]


def body_text(answer: Answer) -> str:
    """The blocks as text, paragraphs separated by a blank line."""
    return "\n\n".join(" ".join(block_text(b) for b in p) for p in paragraphs(answer.blocks))


def answer_text(answer: Answer) -> str:
    """The alert (when there is one), then the body."""
    body = body_text(answer)
    if answer.alert is None:
        return body
    return f"{answer.alert.text}\n\n{body}" if body else answer.alert.text


def format_for_terminal(answer: Answer) -> str:
    """What ``python -m chatbot ask`` prints for a person; a safety notice comes first, framed."""
    lines = []
    if answer.alert:
        rule = "!" * 72
        lines += [rule, answer.alert.text, rule, ""]
    body = body_text(answer)
    lines += [body, ""] if body else []
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
