"""Domain records that flow through the pipeline: corpus -> chunks -> index -> answer.

All records are frozen so that a value produced by one stage cannot be changed
behind the back of the next one, and every piece of source text carries its
character span in the original file, which is what lets the tests (and a
patient) check that nothing was rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SentenceKind = Literal["text", "list_intro", "list_item"]
Route = Literal["answer", "abstain", "emergency", "crisis", "urgent", "small_talk", "invalid"]
AlertLevel = Literal["emergency", "crisis", "urgent"]


@dataclass(frozen=True)
class Source:
    """One article of the corpus, with its metadata as the article shows it."""

    source_id: str
    file: str
    title: str | None
    publisher: str | None
    date: str | None
    date_label: str | None = None
    display_title: str | None = None
    boilerplate: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """What a patient sees: the article's own title, else a descriptive label."""
        return self.title or self.display_title or f"Article {self.source_id}"


@dataclass(frozen=True)
class Sentence:
    """A kept sentence (or list item): ``text == raw[start:end]`` of its article."""

    source_id: str
    index: int
    section: str
    start: int
    end: int
    text: str
    kind: SentenceKind = "text"
    paragraph: int = 0
    list_intro: int | None = None


@dataclass(frozen=True)
class Section:
    """A heading and the sentences under it, in article order."""

    source_id: str
    heading: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Article:
    """A cleaned article: its metadata, its raw text, and what cleaning kept."""

    source: Source
    raw: str
    sections: tuple[Section, ...]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for sec in self.sections for s in sec.sentences)


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit of whole sentences: ``text == raw[start:end]``."""

    chunk_id: int
    source_id: str
    section: str
    start: int
    end: int
    text: str
    sentence_ids: tuple[int, ...]

    def embedding_text(self) -> str:
        """What is embedded: the heading gives a short chunk its topic."""
        return f"{self.section}. {self.text}" if self.section else self.text


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True)
class Citation:
    """One numbered reference under an answer: a verbatim quote and where it stands."""

    number: int
    source_id: str
    title: str
    section: str
    quote: str
    start: int
    end: int
    publisher: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Contact:
    """A number to call, as configured per locale: "911" for "US", "116 123" for "Samaritans, UK and Ireland"."""

    number: str
    label: str

    @property
    def tel(self) -> str:
        """The ``tel:`` URI a phone dials when the number is tapped."""
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


@dataclass(frozen=True)
class Alert:
    """The safety notice an answer opens with: an emergency or crisis reply, or "see a doctor today".

    ``text`` is the notice as plain text (the answer's text starts with it) and
    ``contacts`` the numbers it names, which pages render as tappable links.
    """

    level: AlertLevel
    text: str
    contacts: tuple[Contact, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "level": self.level,
            "text": self.text,
            "contacts": [{"number": c.number, "label": c.label, "tel": c.tel} for c in self.contacts],
        }


@dataclass(frozen=True)
class Answer:
    """What the bot says for one turn.

    ``text`` is made of verbatim quotes (each followed by its citation markers)
    and, at most, fixed phrases of the bot's own; ``abstained`` is true when the
    sources did not answer and the bot said so instead of quoting.
    """

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    route: Route = "answer"
    notice: str = ""
    debug: dict[str, object] = field(default_factory=dict, compare=False)
    alert: Alert | None = None

    def __post_init__(self) -> None:
        if self.alert is not None and not self.text.startswith(self.alert.text):
            raise ValueError("an answer with an alert must start with the alert's text")

    @property
    def body(self) -> str:
        """The text after the alert (all of it when there is none)."""
        return self.text[len(self.alert.text):].lstrip("\n") if self.alert else self.text

    def to_json(self) -> dict[str, object]:
        """The public batch/API record (without latency, which the caller adds)."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "route": self.route,
            "notice": self.notice,
            "alert": self.alert.to_json() if self.alert else None,
            "citations": [
                {
                    "number": c.number,
                    "source_id": c.source_id,
                    "title": c.title,
                    "section": c.section,
                    "quote": c.quote,
                    "start": c.start,
                    "end": c.end,
                }
                for c in self.citations
            ],
        }


@dataclass(frozen=True)
class Turn:
    """One message of a conversation, as the API and the UI carry it."""

    role: Literal["user", "assistant"]
    content: str
