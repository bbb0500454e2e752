"""The HTML rendering of an ``Answer`` for web pages (no Gradio here).

The HTML is built from the answer's blocks: each quote followed by the
numbers of the articles it comes from, as superscript links to their entries;
a list's items as a list; under the answer one expandable entry per article
(its patient-facing title and publisher, then each quoted sentence in its
paragraph with a link to the whole article, the sentence marked). An article's
own reference markers ("[1]") are left out of what is shown; the verbatim text
stays in the data.

Every piece of text that came from a user or a source goes through
``html.escape`` before it is placed in markup, so neither can ever be read as
HTML or script; and all of it sits inside HTML blocks, where the chat
component's Markdown renderer leaves text as it is.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from urllib.parse import quote as quote_url

from chatbot.models import Alert, Answer, Block, Citation, Sentence, Source
from chatbot.render.text import paragraphs

Context = Callable[[Citation], tuple[str, str, str]]


def _html_text(text: str) -> str:
    """Text for inside an HTML block: entities escaped, line breaks kept (a blank line
    would end the HTML block and hand the rest to the Markdown parser)."""
    return html.escape(text, quote=True).replace("\n", "<br>")


# An article's own reference markers ("calcinosis cutis.[1]", "[2, 3]", "[4-6]"): they point at the
# article's bibliography, not at the bot's citations, so they are dropped from what is shown (the quote's
# verbatim text, in the JSON record and the plain text, keeps them).
_ARTICLE_MARKER = re.compile(r"\s?\[\d+(?:\s*[,\u2013-]\s*\d+)*\]")
# A descriptive label's editorial note ("Calcinosis cutis (Verywell, untitled shorter version)"): for staff only.
_EDITORIAL_NOTE = re.compile(r"\s*\((?=[^()]*\buntitled\b)[^()]*\)\s*$", re.IGNORECASE)


def shown_quote(text: str) -> str:
    """A quote as a patient reads it: the article's own reference markers left out."""
    return _ARTICLE_MARKER.sub("", text)


def patient_title(title: str) -> str:
    """An article's title as a patient sees it: without the editorial note of a descriptive label."""
    return _EDITORIAL_NOTE.sub("", title) or title


class Sources:
    """The answer's citations grouped by article, numbered by first appearance: ``number[c]`` is the
    article entry that citation ``c`` belongs to."""

    def __init__(self, citations: Sequence[Citation]) -> None:
        self.groups: dict[str, list[Citation]] = {}
        for c in sorted(citations, key=lambda c: c.number):
            self.groups.setdefault(c.source_id, []).append(c)
        self.number = {c.number: k for k, cs in enumerate(self.groups.values(), 1) for c in cs}
        # One id per answer (its spans), so a marker's link finds its entry (the chat's sanitizer keeps
        # ids and links, not data- or aria- attributes).
        key = ",".join(f"{c.source_id}:{c.start}-{c.end}" for c in citations)
        self.prefix = "src-" + hashlib.sha1(key.encode()).hexdigest()[:8]

    def markers(self, block: Block) -> str:
        """The block's article numbers, each a link to its entry under the answer."""
        numbers = sorted({self.number[n] for n in block.citations})
        return "".join(
            f'<sup class="cite"><a href="#{self.prefix}-{k}">[{k}]</a></sup>'
            for k in numbers
        )


def _quoted(block: Block, sources: Sources) -> str:
    """A quote or a list's lead-in, escaped, with its article numbers as linked superscripts."""
    return _html_text(shown_quote(" ".join(s.text for s in block.sentences)) + " ") + sources.markers(block)


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


def _paragraph(blocks: tuple[Block, ...], sources: Sources) -> str:
    if blocks[0].kind == "note":
        return f"<p>{_html_text(blocks[0].text)}</p>"
    if blocks[0].kind == "list":
        items = "".join(f"<li>{_html_text(shown_quote(s.text))}</li>" for s in blocks[0].items)
        return f"<p>{_quoted(blocks[0], sources)}</p><ul>{items}</ul>"
    return "<p>" + " ".join(_quoted(b, sources) for b in blocks) + "</p>"


def source_line(title: str, publisher: str | None, date: str | None) -> str:
    details = " · ".join(html.escape(x) for x in (publisher, date) if x)
    return f"<strong>{html.escape(patient_title(title))}</strong>" + (f" ({details})" if details else "")


def context_url(c: Citation) -> str:
    """Where "Read in context" goes: the article in the app, the quote marked (``article_page``)."""
    return f"/article/{quote_url(c.source_id)}?start={c.start}&end={c.end}#quote"


def _quote(c: Citation, context: Context | None) -> str:
    before, quote, after = context(c) if context else ("", c.quote, "")
    before, quote, after = shown_quote(before), shown_quote(quote), shown_quote(after)
    snippet = (
        ("…" if before else "") + _html_text(before)
        + f"<mark>{_html_text(quote)}</mark>"
        + _html_text(after) + ("…" if after else "")
    )
    return (
        f'<li><blockquote class="context">{snippet}</blockquote>'
        f'<p class="where">{html.escape(patient_title(c.section))} · <a class="in-context" href="{html.escape(context_url(c))}"'
        ' target="_blank" rel="noopener">Read in context</a></p></li>'
    )


def _entry(number: int, group: Sequence[Citation], prefix: str, context: Context | None) -> str:
    """One article under the answer: its title and publisher, the sentences quoted from it underneath."""
    first = group[0]
    return (
        f'<details class="citation" id="{prefix}-{number}"><summary>'
        f'<span class="cite-number">[{number}]</span> {source_line(first.title, first.publisher, first.date)}</summary>'
        f'<ul class="quotes">{"".join(_quote(c, context) for c in group)}</ul></details>'
    )


def answer_html(answer: Answer, context: Context | None = None) -> str:
    """The safety notice if any, the answer with its article markers, one expandable entry per article
    cited (its quotes in their paragraphs), and the notice."""
    sources = Sources(answer.citations)
    parts = [alert_html(answer.alert)] if answer.alert else []
    parts.append("".join(_paragraph(p, sources) for p in paragraphs(answer.blocks)))
    if answer.citations:
        entries = "".join(
            _entry(k, group, sources.prefix, context) for k, group in enumerate(sources.groups.values(), 1)
        )
        parts.append(f'<div class="citations">{entries}</div>')
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


def article_html(source: Source, sentences: Sequence[Sentence], start: int, end: int) -> str:
    """An article as the index keeps it (headings, paragraphs, lists), every sentence that overlaps
    ``start..end`` marked, the first of them ``id="quote"`` so the page opens there."""
    parts, section, paragraph, in_list, marked = [], None, None, False, False

    def close() -> None:
        nonlocal paragraph, in_list
        if paragraph is not None:
            parts.append("</ul>" if in_list else "</p>")
        paragraph, in_list = None, False

    for s in sentences:
        if s.section != section:
            close()
            section = s.section
            parts.append(f"<h2>{html.escape(patient_title(section))}</h2>")
        item = s.kind == "list_item"
        if (s.paragraph, item) != (paragraph, in_list):
            close()
            paragraph, in_list = s.paragraph, item
            parts.append("<ul>" if item else "<p>")
        text = _html_text(shown_quote(s.text))
        if s.start < end and start < s.end:
            anchor = "" if marked else ' id="quote" tabindex="-1"'
            text = f"<mark{anchor}>{text}</mark>"
            marked = True
        parts.append(f"<li>{text}</li>" if item else text + " ")
    close()
    title = html.escape(patient_title(source.label))
    byline = " · ".join(html.escape(x) for x in (source.publisher, source.date) if x)
    return (
        f'<article class="article"><h1>{title}</h1>' + (f'<p class="byline">{byline}</p>' if byline else "")
        + "".join(parts) + "</article>"
    )


def article_page(source: Source, sentences: Sequence[Sentence], start: int, end: int, css: str = "") -> str:
    """``article_html`` as a whole page of the app: the words the bot quotes, in their place."""
    title = html.escape(patient_title(source.label))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} · Calcinosis cutis questions</title><style>{css}</style></head>"
        '<body class="article-page"><main>'
        '<p class="article-note">The article the chat quoted, as the chat keeps it; the quoted sentence is '
        "highlighted.</p>"
        + article_html(source, sentences, start, end)
        + "</main></body></html>"
    )
