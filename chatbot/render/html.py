"""Render answers for web pages (no Gradio here).

Every piece of text that came from a user or a source goes through
``html.escape`` before it is placed in markup, so neither can ever be read as
HTML or script; Markdown characters are neutralised too, because the chat
component renders Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from chatbot.models import Alert, Answer, Citation, Source

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
# The bot writes its markers after a space ("... deposits. [1][2]"); a marker glued to a
# word ("cutis.[1]") is the article's own reference and stays plain text.
_MARKERS = re.compile(r"((?<= )(?:\[\d+\])+)")

Context = Callable[[Citation], tuple[str, str, str]]


def escape_text(text: str) -> str:
    """Plain text made inert for a Markdown renderer that also accepts HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _html_text(text: str) -> str:
    """Text for inside an HTML block: entities escaped, line breaks kept (a blank line
    would end the HTML block and hand the rest to the Markdown parser)."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def _inline(text: str) -> str:
    """Escaped text with the bot's ``[n]`` citation markers set as superscripts."""
    out, pos = [], 0
    for m in _MARKERS.finditer(text):
        out.append(_html_text(text[pos:m.start()]))
        out += [f'<sup class="cite">[{n}]</sup>' for n in re.findall(r"\d+", m.group())]
        pos = m.end()
    out.append(_html_text(text[pos:]))
    return "".join(out)


def _link_numbers(text: str, alert: Alert, escape: Callable[[str], str], link: Callable[[str, str], str]) -> str:
    """``text`` (already escaped with ``escape``) with each of the alert's numbers replaced by ``link(number, tel)``,
    in one pass, so a link's own ``tel:`` is never linked again."""
    tels = {escape(c.number): c.tel for c in alert.contacts}
    if not tels:
        return text
    numbers = re.compile(r"(?<![\d+])(?:" + "|".join(re.escape(n) for n in sorted(tels, key=len, reverse=True)) + r")(?!\d)")
    return numbers.sub(lambda m: link(m.group(), tels[m.group()]), text)


def alert_html(alert: Alert) -> str:
    """The safety notice, first in the answer: ``role="alert"`` for an emergency or a crisis (screen
    readers announce it at once), a note for "see a doctor today"; every configured number is a
    ``tel:`` link a phone dials when tapped."""
    text = _link_numbers(
        html.escape(alert.text, quote=False), alert, lambda n: html.escape(n, quote=False),
        lambda number, tel: f'<a class="call" href="{html.escape(tel)}">{number}</a>',
    )
    role = "alert" if alert.level in ("emergency", "crisis") else "note"
    return f'<div class="triage triage-{alert.level}" role="{role}"><p>{text}</p></div>'


def _body(answer: Answer) -> str:
    blocks = []
    for block in answer.body.split("\n\n"):
        if not block:
            continue
        lines = block.split("\n")
        items = [line[2:] for line in lines if line.startswith("- ")]
        head = [line for line in lines if not line.startswith("- ")]
        html_block = "<p>" + " ".join(_inline(line) for line in head) + "</p>" if head else ""
        if items:
            html_block += "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>"
        blocks.append(html_block)
    return "".join(blocks)


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


def answer_markdown(answer: Answer) -> str:
    """Plain Markdown (no HTML) for places that cannot show the expandable citations."""
    body = "\n".join(escape_text(line) for line in answer.text.split("\n"))
    if answer.alert:  # the numbers as links a phone can dial
        body = _link_numbers(body, answer.alert, escape_text, lambda number, tel: f"[{number}]({tel})")
    rows = [
        f"[{c.number}] {escape_text(c.title)} — {escape_text(c.section)}: “{escape_text(' '.join(c.quote.split()))}”"
        for c in answer.citations
    ]
    return "\n\n".join(x for x in (body, "\n\n".join(rows), escape_text(answer.notice)) if x)
