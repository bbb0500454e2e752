"""Domain records that flow through the pipeline: corpus -> chunks -> index -> answer.

All records are frozen so that a value produced by one stage cannot be changed
behind the back of the next one, and every piece of source text carries its
character span in the original file, which is what lets the tests (and a
patient) check that nothing was rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from chatbot.answer.trace import Trace

SentenceKind = Literal["text", "list_intro", "list_item"]
Route = Literal["answer", "abstain", "emergency", "crisis", "urgent", "small_talk"]
AlertLevel = Literal["emergency", "crisis", "urgent"]
BlockKind = Literal["quote", "list", "note"]


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

    ``text`` is the notice as plain text and ``contacts`` the numbers it names,
    which pages render as tappable links.
    """

    level: AlertLevel
    text: str
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class Span:
    """A verbatim piece of one article: ``text == raw[start:end]`` of article ``source_id``."""

    source_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Block:
    """One piece of an answer, in reading order.

    - ``quote``: one sentence, or a short chain of sentences that lean on each
      other (or a heading with its sentence), quoted verbatim, with the numbers
      of the citations behind it;
    - ``list``: a sentence that introduces a list (in ``sentences``) and the
      list's items (in ``items``), quoted verbatim, with its citations;
    - ``note``: a fixed phrase of the bot's own (``text``): "the sources
      differ", "see a doctor", a kind line, "the articles do not answer that",
      a reply to small talk. Never a quote, never cited.
    """

    kind: BlockKind
    sentences: tuple[Span, ...] = ()
    items: tuple[Span, ...] = ()
    citations: tuple[int, ...] = ()
    text: str = ""

    def __post_init__(self) -> None:
        quoted = self.kind in ("quote", "list")
        if quoted != bool(self.sentences) or quoted == bool(self.text) or (self.kind == "list") != bool(self.items):
            raise ValueError(f"a {self.kind} block has quotes, items and text that do not fit its kind")

    @staticmethod
    def note(text: str) -> "Block":
        return Block("note", text=text)


@dataclass(frozen=True)
class Answer:
    """What the bot says for one turn: a structure, rendered by ``chatbot.render`` for each screen.

    ``blocks`` are verbatim quotes (each with its citation numbers) and, at
    most, fixed phrases of the bot's own; ``abstained`` is true when the
    sources did not answer and the bot said so instead of quoting; ``alert``
    is the safety notice shown before everything else. ``trace`` records how
    the answer was reached, for the eval and the benchmark only.
    """

    blocks: tuple[Block, ...]
    citations: tuple[Citation, ...]
    abstained: bool
    route: Route = "answer"
    notice: str = ""
    alert: Alert | None = None
    trace: "Trace | None" = field(default=None, compare=False)

    def __post_init__(self) -> None:
        cited = {n for b in self.blocks for n in b.citations}
        if cited != {c.number for c in self.citations}:
            raise ValueError("every citation must be cited by a block, and every block's numbers must exist")

    @property
    def text(self) -> str:
        """The answer as plain text (alert, then blocks), as the history and the JSON API carry it."""
        from chatbot.render.text import answer_text  # the rendering lives with the other renderings

        return answer_text(self)


@dataclass(frozen=True)
class Turn:
    """One message of a conversation, as the API and the UI carry it."""

    role: Literal["user", "assistant"]
    content: str
