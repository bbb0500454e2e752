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

from chatbot.search.tokens import STOPWORDS, words
from chatbot.models import Turn
from chatbot.answer.routing import route
from chatbot.answer.subtypes import SUBJECT_WORDS

_PRONOUN = re.compile(r"\b(it|this|that|they|them|these|those|its|their|ones|one)\b", re.I)
# Question words only: what a topic is *about* (treated, causes...) stays in a topic.
_QUESTION_WORDS = frozenset(
    "what whats how why when where which who whom is are does do can could should would tell explain".split()
)
_FOLLOW_UP_START = re.compile(
    r"^\s*(and|also|what about|how about|what else|and what|ok(ay)?,? (and|what|how)|so)\b", re.I
)
# "What about apple cider vinegar, is there a study on it?": the question names its own
# subject, and its pronoun points at that, not at the earlier topic.
_NEW_SUBJECT = re.compile(r"^\s*(and )?(what|how) about (?!it\b|that\b|this\b|them\b|those\b|these\b)\w", re.I)
# Question words and verbs that ask *about* a topic rather than name it.
_ASKING = frozenset(
    """what whats how why when where which who whom is are does do can could should would
    cause causes caused causing treat treated treating treatment treatments symptom symptoms
    sign signs diagnose diagnosed diagnosis tell explain mean means meaning happen happens
    common look looks like type types kind kinds help work works describe define get about""".split()
)
DEFAULT_TOPIC = "calcinosis cutis"
# "Is it safe to take ...", "it's normal that ...": an "it" that stands for nothing.
_EXPLETIVE = re.compile(r"\b(?:is it|it is|it's|was it|would it be)\s+(?:\w+\s+){0,2}?(?:to|that|if|whether)\b", re.I)
# Only a subject "it" or "they" can stand for the disease's name; "this lump" or "their
# doctor" keep their words, and the topic is added after the question instead.
_SUBJECT = re.compile(r"\b(?:it|they)\b(?!')", re.I)
_DOMAIN = frozenset({"calcinosis", "cutis", "calcium", "calcification", "calcifications", "deposit", "deposits"})


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
    return not (_DOMAIN | SUBJECT_WORDS).intersection(content)


def _earlier_questions(history: Sequence[Turn], keep: int = 4) -> list[str]:
    """The last ``keep`` earlier user questions, each resolved against those before it.

    Small talk and emergencies name no topic ("thanks!" must not become what
    "how is it treated?" is about), and a follow-up stands for its resolved form,
    so "What about imaging?" after "How is it diagnosed?" keeps both the subject
    and the aspect of the chain.
    """
    asked = [t.content for t in history if t.role == "user" and route(t.content).intent == "question"]
    resolved: list[str] = []
    for question in asked[-keep:]:
        resolved.append(_resolve_against(question, resolved).query)
    return resolved


def _resolve_against(question: str, earlier: Sequence[str]) -> Resolved:
    if not is_follow_up(question):
        return Resolved(question, question, topic_of(question), False)
    source = next((q for q in reversed(earlier) if topic_of(q)), None)
    if source is None:
        # A first message about "it" or "them" ("is it genetic?", "can they cut them out?")
        # is about what the whole bot is about.
        if _PRONOUN.search(question) and not _NEW_SUBJECT.search(question) and not _EXPLETIVE.search(question):
            if _SUBJECT.search(question):
                return Resolved(question, _SUBJECT.sub(DEFAULT_TOPIC, question, count=1), DEFAULT_TOPIC, True)
            return Resolved(question, f"{question.rstrip()} ({DEFAULT_TOPIC})", DEFAULT_TOPIC, True)
        return Resolved(question, question, topic_of(question), False)
    if _PRONOUN.search(question) and not _NEW_SUBJECT.search(question):
        topic = topic_of(source)
        query = _PRONOUN.sub(topic, question, count=1)
    else:
        topic = topic_of(source, with_aspect=True)
        query = f"{question.rstrip()} ({topic})"
    return Resolved(question, query, topic, True)


def resolve(question: str, history: Sequence[Turn]) -> Resolved:
    """Rewrite ``question`` with the topic of the latest earlier question that had one."""
    return _resolve_against(question, _earlier_questions(history))
