"""The HTML rendering of an ``Answer`` for web pages (no Gradio here).

The HTML is built from the answer's blocks: each quote followed by its
citation numbers as superscripts, a list's items as a list, expandable
citations that show each quote in its paragraph.

Every piece of text that came from a user or a source goes through
``html.escape`` before it is placed in markup, so neither can ever be read as
HTML or script; and all of it sits inside HTML blocks, where the chat
component's Markdown renderer leaves text as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from chatbot.models import Alert, Answer, Block, Citation, Source
from chatbot.render.text import paragraphs


Context = Callable[[Citation], tuple[str, str, str]]


def _html_text(text: str) -> str:
    """Text for inside an HTML block: entities escaped, line breaks kept (a blank line
    would end the HTML block and hand the rest to the Markdown parser)."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def _quoted(block: Block) -> str:
    """A quote or a list's lead-in, escaped, with its citation numbers as superscripts."""
    sups = "".join(f'<sup class="cite">[{n}]</sup>' for n in block.citations)
    return _html_text(" ".join(s.text for s in block.sentences) + " ") + sups


def _link_numbers(text: str, alert: Alert) -> str:
    """``text`` (already HTML-escaped) with each of the alert's numbers made a ``tel:`` link, in one
    pass, so a link's own ``tel:`` is never linked again."""
    tels = {html.escape(c.number, quote=False): c.tel for c in alert.contacts}
    if not tels:
        return text
    numbers = re.compile(r"(?<![\d+])(?:" + "|".join(re.escape(n) for n in sorted(tels, key=len, reverse=True)) + r")(?!\d)")
    return numbers.sub(lambda m: f'<a class="call" href="{html.escape(tels[m.group()])}">{m.group()}</a>', text)


def alert_html(alert: Alert) -> str:
    """The safety notice, first in the answer: ``role="alert"`` for an emergency or a crisis (screen
    readers announce it at once), a note for "see a doctor today"; every configured number is a
    ``tel:`` link a phone dials when tapped."""
    text = _link_numbers(html.escape(alert.text, quote=False), alert)
    role = "alert" if alert.level in ("emergency", "crisis") else "note"
    return f'<div class="triage triage-{alert.level}" role="{role}"><p>{text}</p></div>'


def _paragraph(blocks: tuple[Block, ...]) -> str:
    if blocks[0].kind == "note":
        return f"<p>{_html_text(blocks[0].text)}</p>"
    if blocks[0].kind == "list":
        items = "".join(f"<li>{_html_text(s.text)}</li>" for s in blocks[0].items)
        return f"<p>{_quoted(blocks[0])}</p><ul>{items}</ul>"
    return "<p>" + " ".join(_quoted(b) for b in blocks) + "</p>"


def _body(answer: Answer) -> str:
    return "".join(_paragraph(p) for p in paragraphs(answer.blocks))


def source_line(title: str, publisher: str | None, date: str | None) -> str:
    details = " · ".join(html.escape(x) for x in (publisher, date) if x)
    return f"<strong>{html.escape(title)}</strong>" + (f" ({details})" if details else "")


def _citation(c: Citation, context: Context | None) -> str:
    before, quote, after = context(c) if context else ("", c.quote, "")
    snippet = (
        ("…" if before else "") + _html_text(before)
        + f"<mark>{_html_text(quote)}</mark>"
        + _html_text(after) + ("…" if after else "")
    )
    return (
        f'<details class="citation"><summary>[{c.number}] {source_line(c.title, c.publisher, c.date)}'
        f" — <em>{html.escape(c.section)}</em></summary>"
        f'<blockquote class="context">{snippet}</blockquote></details>'
    )


def answer_html(answer: Answer, context: Context | None = None) -> str:
    """The safety notice if any, the answer with its citation markers, expandable citations, and the notice."""
    parts = [alert_html(answer.alert)] if answer.alert else []
    parts.append(_body(answer))
    if answer.citations:
        parts.append('<div class="citations">' + "".join(_citation(c, context) for c in answer.citations) + "</div>")
    if answer.notice:
        parts.append(f'<p class="notice">{html.escape(answer.notice)}</p>')
    return '<div class="answer">' + "".join(parts) + "</div>"


def user_html(message: str) -> str:
    """A patient's message shown back exactly as typed, as text.

    Inside an HTML block the Markdown renderer neither parses Markdown nor turns
    URLs into links, and the entities keep any markup inert.
    """
    return f'<div class="user-text">{_html_text(message)}</div>'



def sources_html(sources: Sequence[Source]) -> str:
    """The list of articles the bot quotes from."""
    rows = "".join(
        "<li>" + source_line(s.label, s.publisher, f"{s.date_label} {s.date}" if s.date_label and s.date else s.date) + "</li>"
        for s in sources
    )
    return f'<ol class="sources">{rows}</ol>'
