"""Decide what kind of message this is before any retrieval.

Emergencies must never wait for, or be buried under, quotes from articles;
greetings and "what can you do?" deserve a short reply of the bot's own. The
patterns are plain, reviewed lists so a clinician can read and extend them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Intent = Literal["emergency", "self_harm", "small_talk", "question"]

_SELF_HARM = [
    r"\b(kill|hurt|harm|cut)(ing)? (myself|my self)\b",
    r"\bsuicid",
    r"\b(end|ending|take|taking) my (own )?life\b",
    r"\bend(ing)? it all\b",
    r"\b(want|wanted|going|ready) to die\b",
    r"\bwanna die\b",
    r"\bwish i (was|were|could be) dead\b",
    r"\bbetter off dead\b",
    r"\b(don'?t|do not|dont) want to (live|be alive|go on)\b",
    r"\b(can'?t|cannot|can not|cant) (go on|keep going|take it anymore)\b",
    r"\bno (reason|point) (to|in) (live|living|going on)\b",
    r"\b(life|living) (is ?n'?t|is not|isnt|not) worth (living|it)\b",
    r"\bself[- ]harm",
    r"\b(i|i've|i'm|i have|i just|she|he) .{0,30}\boverdos",
    r"\btook (a whole|an entire|the whole|all (of )?my|too many)\b.*\b(pills|tablets|bottle|meds|medication)",
    r"\b(pills|tablets) on purpose\b",
]
_EMERGENCY = [
    r"\bchest (pain|tightness|pressure)\b",
    r"\bpain in (my|the) chest\b",
    r"\b(can'?t|cant|cannot|can not|trouble|difficulty|hard to|struggling to) (breathe|breath|breathing)\b",
    r"\b(can'?t|cant|cannot|can not|trouble|difficulty) swallow",
    r"\b(lips?|tongue|throat) (are |is )?(swelling|swollen|swelling up)\b",
    r"\b(high fever|fever of (39|4\d|10[3-9]))\b.*\b(confus|pus|infect|spreading|shaking)",
    r"\b(confus|pus|infect|spreading)\w*\b.*\b(high fever|fever of (39|4\d|10[3-9]))\b",
    r"\bshort(ness)? of breath\b",
    r"\b(heavy|severe|uncontrolled|a lot of|won'?t stop) bleeding\b",
    r"\bbleeding (heavily|a lot|won'?t stop|will not stop|that won'?t stop)\b",
    r"\b(is|was|are|i|he|she|they|has|have|just) (just )?(unconscious|passed out|fainted|not breathing|unresponsive)\b",
    r"\b(having|had|has|is having) (a )?(seizure|heart attack|stroke|anaphyla\w*)\b",
    r"\b(i think|i'm|i am|think (he|she)) .{0,20}(heart attack|stroke|anaphyla\w*)\b",
    r"\b(face|arm) (is )?droop",
    r"\bthroat (is )?(closing|swelling)\b",
    r"\bswallowed (poison|bleach)\b",
    r"\b(this is an|it's an|having an|medical) emergency\b",
]
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
    r"\bam i\b.*\b(risk|sick|dying)\b",
    r"\bi (think|fear|worry) i (have|might)\b",
    r"\bdiagnose me\b",
    r"\bi have (a |some )?(bump|lump|nodule|spot|sore)s?\b",
]


def _any(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


# A question about the disease in general ("Can calcinosis cause trouble breathing?")
# names an emergency sign without anyone having it; a report names a person.
_GENERAL_QUESTION = r"^(can|could|does|do|is|are|will|would|might|may|what|how|why|when)\b"
_SOMEONE = (
    r"\b(i|i'm|im|i've|ive|i'd|me|my|mine|we|our|us|he|she|his|her|him|they|them|their|"
    r"husband|wife|son|daughter|child|baby|mum|mom|mother|dad|father|friend|partner)\b"
)


def _describes_emergency(text: str) -> bool:
    """An emergency sign reported of a person, not asked about in general."""
    if not _any(_EMERGENCY, text):
        return False
    return not (re.search(_GENERAL_QUESTION, text) and not re.search(_SOMEONE, text))


@dataclass(frozen=True)
class Routing:
    intent: Intent
    personal: bool = False


def route(message: str) -> Routing:
    """Classify one user message (the lower-cased, trimmed text)."""
    text = re.sub(r"\s+", " ", message.lower().replace("’", "'")).strip()
    if _any(_SELF_HARM, text):
        return Routing("self_harm")
    if _describes_emergency(text):
        return Routing("emergency")
    if re.search(_GREETING, text) or re.search(_THANKS, text) or re.search(_BYE, text):
        return Routing("small_talk")
    if _any(_CAPABILITIES, text):
        return Routing("small_talk")
    return Routing("question", personal=_any(_PERSONAL, text))


EMERGENCY_REPLY = (
    "This sounds like it could be an emergency. Please call your local emergency number "
    "now (911 in the US, 112 in Europe, 999 in the UK) or go to the nearest emergency "
    "department. I am an information bot and cannot help with urgent medical problems."
)
SELF_HARM_REPLY = (
    "I'm really sorry you're feeling this way. You deserve support right now. If you are in "
    "danger, call your local emergency number (911 in the US, 112 in Europe, 999 in the UK). "
    "You can also reach a crisis line: call or text 988 in the US, or contact Samaritans on "
    "116 123 in the UK and Ireland. If you can, tell someone you trust how you feel."
)
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
_UNANSWERABLE_REQUESTS = {
    "price or cost": r"\b(cost|costs|price|prices|pricing|expensive|cheap|cheapest|afford)\b",
    "insurance": r"\b(insurance|insurer|medicare|medicaid)\b",
    # the articles give no doses and no timelines (how many days to heal, weeks to work)
    "dose, schedule or timeline": r"\b(dose|doses|dosage|dosing|mg|milligrams?|mcg|how many (pills|tablets|times|weeks|days|months)|how often should i take)\b",
    "prescription": r"\b(prescribe me|write me a prescription|a prescription for)\b",
    "appointment": r"\b(book|schedule|make) (me )?(an |a )?(appointment|visit|consultation)\b",
}


def unanswerable_request(message: str) -> str | None:
    """The kind of request the articles never answer (e.g. "price or cost"), if this is one."""
    text = message.lower()
    for kind, pattern in _UNANSWERABLE_REQUESTS.items():
        if re.search(pattern, text):
            return kind
    return None
