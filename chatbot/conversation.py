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

_PRONOUN = re.compile(r"\b(it|this|that|they|them|these|those|its|their|ones|one)\b", re.I)
# Question words only: what a topic is *about* (treated, causes...) stays in a topic.
_QUESTION_WORDS = frozenset(
    "what whats how why when where which who whom is are does do can could should would tell explain".split()
)
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
_DOMAIN = frozenset({"calcinosis", "cutis", "calcium", "calcification", "calcifications", "deposit", "deposits"})
_SUBTYPES = frozenset(
    "dystrophic dysmorphic metastatic idiopathic iatrogenic calciphylaxis tumoral circumscripta universalis".split()
)


@dataclass(frozen=True)
class Resolved:
    """The question as searched, and why it was rewritten (shown in debug output)."""

    original: str
    query: str
    topic: str
    rewritten: bool


def topic_of(question: str, *, with_aspect: bool = False) -> str:
    """The words naming what a question is about.

    Without ``with_aspect`` only the subject ("metastatic calcinosis cutis"), to
    stand in for a pronoun; with it, also what was asked of it ("... diagnosed"),
    to give context to "What about imaging?".
    """
    drop = _QUESTION_WORDS if with_aspect else _ASKING
    kept = [w for w in words(question) if w not in STOPWORDS and w not in drop and len(w) > 1]
    return " ".join(dict.fromkeys(kept))


def is_follow_up(question: str) -> bool:
    """A question that leans on an earlier one: "what about ...", or one that does not
    name the disease or any of its forms (a pronoun, or no subject at all)."""
    if _FOLLOW_UP_START.search(question):
        return True
    content = set(words(question)) - STOPWORDS
    return not (_DOMAIN | _SUBTYPES).intersection(content)


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
        earlier = next(t for t in reversed(previous_user[-4:]) if topic_of(t))
        topic = topic_of(earlier, with_aspect=True)
        query = f"{question.rstrip()} ({topic})"
    return Resolved(question, query, topic, True)
