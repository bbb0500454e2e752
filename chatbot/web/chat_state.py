"""The chat session's raw conversation, kept apart from the escaped chat display.

The state holds one entry per chat message (``role``, ``content``, ``failed``):
message ``i`` of the chat is ``state[i]``, so thumbs on a message find its
question, and turns that got no answer are kept but never used as history.
"""

from __future__ import annotations

from typing import Any

from chatbot.models import Turn

State = list[dict[str, Any]]


def turns_from(state: object) -> list[Turn]:
    """The conversation as the bot takes it; anything malformed in the state is skipped."""
    if not isinstance(state, list):
        return []
    return [
        Turn(t["role"], t["content"])
        for t in state
        if isinstance(t, dict) and not t.get("failed")
        and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
    ]


def with_turn(state: State, message: str, answer_text: str, shown: str) -> State:
    """The state with the user's message and the reply added (a refusal is marked failed)."""
    failed = not answer_text
    return [*state, {"role": "user", "content": message, "failed": failed},
            {"role": "assistant", "content": answer_text or shown, "failed": failed}]


def feedback_pair(state: State, index: object) -> tuple[str, str] | None:
    """(question, answer) for a thumbs on chat message ``index``; None unless it is a real answer."""
    if not isinstance(index, int) or not 0 < index < len(state):
        return None
    question, answer = state[index - 1], state[index]
    if answer.get("role") != "assistant" or answer.get("failed") or question.get("role") != "user":
        return None
    return question["content"], answer["content"]
