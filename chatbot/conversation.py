"""Resolve a follow-up question against the conversation it belongs to.

"What causes it?" after "What is metastatic calcinosis cutis?" must search for
the causes of *metastatic* calcinosis. The rewrite is deterministic and
visible: the pronoun is replaced by the previous question's topic, or, when
there is no pronoun ("What about imaging?"), the topic is appended. The
conversation comes in with each request, so no state is kept between users.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chatbot.lexical import STOPWORDS, words
from chatbot.models import Turn

_PRONOUN = re.compile(r"\b(it|this|that|they|them|these|those|its|their)\b", re.I)
_FOLLOW_UP_START = re.compile(
    r"^\s*(and|also|what about|how about|what else|and what|ok(ay)?,? (and|what|how)|so)\b", re.I
)
# Question words and verbs that ask *about* a topic rather than name it.
_ASKING = frozenset(
    """what whats how why when where which who whom is are does do can could should would
    cause causes caused causing treat treated treating treatment treatments symptom symptoms
    sign signs diagnose diagnosed diagnosis tell explain mean means meaning happen happens
    common look looks like type types kind kinds help work works describe define get about""".split()
)
_DOMAIN = frozenset({"calcinosis", "cutis", "calcium", "calcification", "deposit", "deposits"})


@dataclass(frozen=True)
class Resolved:
    """The question as searched, and why it was rewritten (shown in debug output)."""

    original: str
    query: str
    topic: str
    rewritten: bool


def topic_of(question: str) -> str:
    """The words naming what a question is about: its content words minus the asking words."""
    kept = [w for w in words(question) if w not in STOPWORDS and w not in _ASKING and len(w) > 1]
    return " ".join(dict.fromkeys(kept))


def _names_a_topic(question: str) -> bool:
    """True when the question names its own subject (beyond the disease's name)."""
    return bool(set(topic_of(question).split()) - _DOMAIN)


def is_follow_up(question: str) -> bool:
    """A question that leans on the previous one: a pronoun, "what about ...", or no topic."""
    if _FOLLOW_UP_START.search(question):
        return True
    content = [w for w in words(question) if w not in STOPWORDS]
    if _PRONOUN.search(question) and not _DOMAIN.intersection(content):
        return True
    return len(content) <= 2 and not _names_a_topic(question)


def resolve(question: str, history: Sequence[Turn]) -> Resolved:
    """Rewrite ``question`` with the topic of the latest earlier user question that had one."""
    if not is_follow_up(question):
        return Resolved(question, question, topic_of(question), False)
    topic = ""
    previous_user = [t.content for t in history if t.role == "user"]
    for earlier in reversed(previous_user[-4:]):
        topic = topic_of(earlier)
        if topic:
            break
    if not topic:
        return Resolved(question, question, topic_of(question), False)
    if _PRONOUN.search(question):
        query = _PRONOUN.sub(topic, question, count=1)
    else:
        query = f"{question.rstrip()} ({topic})"
    return Resolved(question, query, topic, True)
