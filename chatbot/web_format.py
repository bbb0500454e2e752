"""Render answers as safe Markdown for chat widgets (no Gradio import here).

Every piece of text that came from a user or a source is escaped, so that
neither can ever be read as HTML, script or Markdown markup.
"""

from __future__ import annotations

import html
import re

from chatbot.models import Answer

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape_text(text: str) -> str:
    """Plain text made inert for a Markdown renderer that also accepts HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def answer_markdown(answer: Answer) -> str:
    """The answer's text with its citation markers, then the numbered sources and the notice."""
    body_lines = []
    for line in answer.text.split("\n"):
        escaped = escape_text(line)
        # citation markers stay readable: "\[1\]" -> "[1]" is safe since digits only
        escaped = re.sub(r"\\\[(\d+)\\\]", r"<sup>[\1]</sup>", escaped)
        if line.startswith("- "):
            escaped = "- " + escaped[3:]
        body_lines.append(escaped)
    parts = ["\n".join(body_lines)]
    if answer.citations:
        rows = []
        for c in answer.citations:
            where = " · ".join(escape_text(x) for x in (c.publisher, c.date) if x)
            rows.append(
                f"**[{c.number}]** {escape_text(c.title)}"
                + (f" ({where})" if where else "")
                + f" — *{escape_text(c.section)}*: “{escape_text(' '.join(c.quote.split()))}”"
            )
        parts.append("**Sources**\n\n" + "\n\n".join(rows))
    if answer.notice:
        parts.append(f"_{escape_text(answer.notice)}_")
    return "\n\n".join(parts)
