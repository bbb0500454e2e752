"""What the whole message says about time and person: happening now, a general question, a hypothetical, a habit.

Read once per message, and only when a rule has matched (or the semantic
check asks for cue words); ``matcher.guarded`` uses it to call a rule's match
off. The word lists it reads are in ``chatbot.safety.lexicon.guards``.
"""

from __future__ import annotations

from dataclasses import dataclass

from chatbot.safety.lexicon.guards import (
    CHRONIC,
    HELP_REQUEST,
    HYPOTHETICAL_MESSAGE,
    NOW,
    PERSONAL,
    QUESTION_START,
)


@dataclass(frozen=True)
class Context:
    """What the whole message says about time and person."""

    now: bool  # "right now", "tonight", "again", "what do I do": something is happening
    impersonal_question: bool  # a question that names no one: "can calcinosis cause seizures?"
    hypothetical: bool  # "just curious", "in advance", "for a leaflet"
    habitual: bool = False  # "sometimes", "when I see blood": a pattern, not an event (and nothing says now)


def context_of(text: str) -> Context:
    now = bool(NOW.search(text))
    return Context(
        now=now,
        impersonal_question=bool(QUESTION_START.search(text)) and not PERSONAL.search(text) and not HELP_REQUEST.search(text),
        hypothetical=bool(HYPOTHETICAL_MESSAGE.search(text)),
        habitual=bool(CHRONIC.search(text)) and not now,
    )
