"""What the bot reads in a message before it searches: its terms, the part that asks, and what that part asks for.

Everything here depends on the words alone (no model, no index search), so it
is worked out once per message and shared by retrieval, the composer and the
abstention policy. A request for a dose or a count counts when it is in the
part of the message that asks, not when the story around it mentions it ("i
was on high dose supplements. could that cause it?"); a topic the articles do
not discuss counts there too, and in the story only when the question leans on
it and nothing names the condition, or when it changes what any question means
(a pregnancy, an animal: ``_off_topic``).
"""

from __future__ import annotations

from dataclasses import dataclass

from chatbot.answer.claims import counted_nouns
from chatbot.answer.conversation import Resolved
from chatbot.answer.routing import unanswerable_request
from chatbot.answer.topics import (
    CALCIUM_ELSEWHERE,
    REFRAMING,
    OffTopics,
    asking_part,
    names_the_condition,
    treated_by_a_vet,
    words_of,
)
from chatbot.search.query import query_terms, search_terms
from chatbot.search.spelling import SpellingRepair
from chatbot.search.weights import StemCounts, term_coverage


# The part that asks judges coverage only when it has this many content words of its own:
# "what should we do?" says nothing either way.
_MIN_ASKED_TERMS = 2


@dataclass(frozen=True)
class Reading:
    """One message as read before searching (``read_message``)."""

    # The searched question's terms that retrieval and sentence scoring use (a follow-up's carried-over topic included).
    search_terms: tuple[str, ...]
    own_terms: tuple[str, ...]  # the user's own words' terms: coverage judges these, not the carried-over topic
    asked: str  # the part of the message that asks (``asking_part``)
    counted: frozenset[str]  # nouns whose number or whole set is asked for (``counted_nouns``)
    request: str | None  # a kind of request the articles never answer (``unanswerable_request``)
    off_topic: str | None  # a near-domain topic the articles do not discuss (``OffTopics.asked_about``)
    term_coverage: float  # IDF-weighted share of the own terms that the articles use


def _off_topic(text: str, asked: str, off_topics: OffTopics) -> str | None:
    """The near-domain topic asked about: named in the part that asks; or, when the question
    leans on its story ("my son has eczema. which cream is best?") and nothing in the message
    names the condition (in the skin's words, for calcium in another organ: "the mammogram
    showed calcifications. do i need a biopsy?"), named in the story; or a topic that reframes
    any question wherever it is named (``REFRAMING``: a pregnancy, an animal); or an animal,
    when a vet is involved ("the vet said calcinosis. what should we feed her?")."""
    topic = off_topics.asked_about(asked)
    if topic is not None:
        return topic
    words = words_of(text)
    if asked != text:
        story = off_topics.asked_about(text)
        if story is not None and (
            story in REFRAMING or not names_the_condition(words, in_the_skin=story == CALCIUM_ELSEWHERE)
        ):
            return story
    return "animals" if treated_by_a_vet(words) and "animals" in off_topics.topics else None


def _coverage(own_terms: list[str], asked: str, text: str, speller: SpellingRepair | None, counts: StemCounts) -> float:
    """How much of what the user wrote the articles use: of the whole message, or of the part that
    asks when that says more. A story brings words no article uses (a grandson, a rheumatologist,
    a medicine's brand) without making the question any less answerable."""
    whole = term_coverage(own_terms, counts)
    if asked == text:
        return whole
    asked_terms = query_terms(asked, speller)
    if len(asked_terms) < _MIN_ASKED_TERMS:
        return whole
    return max(whole, term_coverage(asked_terms, counts))


def read_message(
    text: str, resolved: Resolved, speller: SpellingRepair | None, off_topics: OffTopics, counts: StemCounts
) -> Reading:
    """Read ``text`` (the cleaned message), searched as ``resolved.query``."""
    every_term = query_terms(resolved.query, speller)
    own_terms = (every_term if resolved.query == text else query_terms(text, speller)) or every_term
    asked = asking_part(text)
    asked_query = asked if resolved.query == text else asking_part(resolved.query)
    return Reading(
        search_terms=tuple(search_terms(every_term)),
        own_terms=tuple(own_terms),
        asked=asked,
        counted=counted_nouns(asked_query, resolved.query),
        request=unanswerable_request(asked),
        off_topic=_off_topic(text, asked, off_topics),
        term_coverage=_coverage(own_terms, asked, text, speller, counts),
    )
