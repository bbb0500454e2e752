"""A user's message made fit to search, or refused with a message saying what to do."""

from __future__ import annotations

import re
import unicodedata

from chatbot.errors import InvalidQuestionError, QuestionTooLongError

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_question(question: object, max_chars: int) -> str:
    """The question as text fit to search, or ``InvalidQuestionError`` saying what is wrong."""
    if not isinstance(question, str):
        raise InvalidQuestionError("The question must be text.")
    if len(question) > max_chars:
        raise QuestionTooLongError(
            f"The question is too long ({len(question)} characters); the limit is {max_chars}. "
            "Please ask a shorter question."
        )
    text = unicodedata.normalize("NFKC", question)
    text = _INVISIBLE.sub("", text)
    if not text.isprintable():  # one pass in C for the usual message; the slow one only for the rest
        text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = " ".join(text.split())
    if not text:
        raise InvalidQuestionError("Please type a question about calcinosis cutis.")
    return text
