"""Decide what kind of message this is before any retrieval.

Emergencies and crises must never wait for, or be buried under, quotes from
articles (``chatbot.safety.triage`` decides those); greetings and "what can you do?"
deserve a short reply of the bot's own; some requests (prices, doses) the
articles never answer. The patterns are plain, reviewed lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from chatbot.safety.triage import screen

Intent = Literal["emergency", "crisis", "small_talk", "question"]

_GREETING = r"^(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|howdy)\b[\s!.,]*(there)?[\s!.,]*$"
# Thanks with at most a short tail that asks nothing ("Thanks, that was really helpful!"),
# so that "thanks! and the symptoms?" stays a question.
_THANKS = (
    r"^(thanks|thank you|thx|ty|cheers|great|ok(ay)?|cool|perfect)\b"
    r"(?![^?]*\?)(?!.*\b(what|how|why|when|where|which|who|can|could|does|do|is|are|and)\b).{0,40}$"
)
_BYE = r"^(bye|goodbye|good bye|see you( later)?|farewell)[\s!.,]*$"
_CAPABILITIES = [
    r"\bwhat (can|do) you (do|know|answer)\b",
    r"\bwho are you\b",
    r"\bwhat are you\b",
    r"\bhow (do|can) (i|you) use (you|this)\b",
    r"^help\W*$",
    r"\bwhat (questions|topics) can\b",
]
_PERSONAL = [
    r"\b(do|could|might|can) i (have|get|be getting)\b",
    r"\bis (this|it|that) (calcinosis|what i have)\b",
    r"\bam i\W+(?:\w+\W+){0,6}(risk|sick|dying)\b",
    r"\bi (think|fear|worry) i (have|might)\b",
    r"\bdiagnose me\b",
    r"\bi have (a |some )?(bump|lump|nodule|spot|sore)s?\b",
]


def _either(patterns: list[str]) -> re.Pattern[str]:
    """One compiled search that finds any of ``patterns``."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_SMALL_TALK = _either([_GREETING, _THANKS, _BYE, *_CAPABILITIES])
_ABOUT_ME = _either(_PERSONAL)


@dataclass(frozen=True)
class Routing:
    intent: Intent
    personal: bool = False


def conversational(message: str) -> Routing:
    """Small talk or a question (and whether it asks about the asker), leaving safety to ``screen``."""
    text = re.sub(r"\s+", " ", message.lower().replace("’", "'")).strip()
    if _SMALL_TALK.search(text):
        return Routing("small_talk")
    return Routing("question", personal=_ABOUT_ME.search(text) is not None)


def route(message: str) -> Routing:
    """Classify one user message without the model: an emergency or a crisis (by the word lists
    of ``chatbot.safety.matcher``), small talk, or a question.

    Cached for messages of question length: a conversation's earlier turns are
    routed again at every new turn.
    """
    return _route_cached(message) if len(message) <= 2000 else _route(message)


def _route(message: str) -> Routing:
    found = screen(message)
    if found.alarming:
        return Routing(found.tier)  # type: ignore[arg-type]
    return conversational(message)


_route_cached = lru_cache(maxsize=2048)(_route)


CAPABILITIES = (
    "I answer questions about calcinosis cutis (calcium deposits in the skin): what it is, "
    "its types and causes, symptoms, where it appears, diagnosis and tests, treatments, "
    "home care and prevention. Every answer quotes trusted articles word for word and cites them."
)


def small_talk_reply(message: str) -> str:
    """A short, friendly reply of the bot's own for greetings, thanks and 'what can you do?'."""
    text = message.lower().strip()
    if re.search(_THANKS, text):
        return "You're welcome. Ask me anything else about calcinosis cutis."
    if re.search(_BYE, text):
        return "Goodbye, and take care."
    if re.search(_GREETING, text):
        return "Hello! " + CAPABILITIES
    return CAPABILITIES


# The articles are patient-education overviews: they never give prices, insurance
# rules, personal doses or schedules, prescriptions or appointments. A question
# asking for one of those is refused even when it names a treatment they discuss.
_UNANSWERABLE_REQUESTS: dict[str, str] = {
    "price or cost": r"\b(cost|costs|price|prices|pricing|expensive|cheap|cheapest|afford)\b",
    "insurance": r"\b(insurance|insurer|medicare|medicaid)\b",
    # the articles give no doses and no timelines (how many days to heal, weeks to work)
    "dose, schedule or timeline": (
        r"\b(dose|doses|dosage|dosing|mg|milligrams?|mcg|how many (pills|tablets|times|weeks|days|months)|how often should i take"
        r"|how much [\w ]{1,40}? (?:should|can|do|must) (?:i|we|you|he|she|they) (?:take|give|be taking|be giving)"
        r"|how much [\w ]{1,40}? (?:a|per|each|every) day)\b"
    ),
    "prescription": r"\b(prescribe me|write me a prescription|a prescription for)\b",
    "appointment": r"\b(book|schedule|make) (me )?(an |a )?(appointment|visit|consultation)\b",
    # nor how to make a medicine at home or inject oneself
    "a home-made medicine or self-injection": (
        r"\b(make|making|mix|mixing|prepare|preparing|brew|brewing) (my|your|our|his|her|their) own [\w ]{0,30}?"
        r"(solution|injection|infusion|medicine|medication|drug|cream|ointment|thiosulfate|thiosulphate)\b"
        r"|\binject (it |them |this |that )?(myself|yourself|himself|herself|at home)\b|\bat home to inject\b"
    ),
}


_REQUESTS = tuple((kind, re.compile(pattern)) for kind, pattern in _UNANSWERABLE_REQUESTS.items())


def unanswerable_request(message: str) -> str | None:
    """The kind of request the articles never answer (e.g. "price or cost"), if this is one."""
    text = message.lower()
    return next((kind for kind, pattern in _REQUESTS if pattern.search(text)), None)
