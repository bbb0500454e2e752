"""One log line per answer, without the patient's words unless the operator asks.

By default a line says what happened (route, abstained, citations, latency),
never what was asked. With ``log_questions`` on (for debugging), the question
is logged redacted: digits, e-mail addresses and long words that could be
names or identifiers are masked, and it is cut to 120 characters.
"""

from __future__ import annotations

import logging
import re

from chatbot.models import Answer

log = logging.getLogger("chatbot.answers")

# Linear time: an address starts after a space (``\S+@`` would retry from every character
# of a long word without "@", quadratic).
_EMAIL = re.compile(r"(?<!\S)[^\s@]+@\S+")
_DIGITS = re.compile(r"\d")
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]{2,}\b")


def redact(text: str, limit: int = 120) -> str:
    """The question with e-mails, digits and capitalised words (likely names) masked."""
    text = text[: limit * 4]  # what is shown is ``limit`` characters; the patterns never see more than this
    text = _EMAIL.sub("[email]", text)
    text = _DIGITS.sub("#", text)
    text = _CAPITALISED.sub("[Name]", text)
    return text[:limit] + ("…" if len(text) > limit else "")


def log_answer(answer: Answer, latency_ms: float, channel: str, question: str | None = None) -> None:
    """Record an answered turn; ``question`` is given only when the operator enabled question logging."""
    extra = f' question="{redact(question)}"' if question is not None else ""
    log.info(
        "answered channel=%s route=%s abstained=%s citations=%d latency_ms=%.1f%s",
        channel, answer.route, answer.abstained, len(answer.citations), latency_ms, extra,
    )


def log_refusal(channel: str, status: int, reason: str) -> None:
    """Record a turn that got no answer (rate limit, busy, invalid question, failure); never the words."""
    log.info("refused channel=%s status=%d reason=%s", channel, status, reason)
