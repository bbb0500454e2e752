"""Clean one article into sections of verbatim sentences.

Cleaning only *removes* text: every kept sentence is ``raw[start:end]``. Web
pages carry navigation, bylines, reference lists and copyright lines; those are
cut out first (``chatbot.ingest.boilerplate``). One article has
lost all its line breaks; for it, headings and list items are recovered from
the shape of the text (runs of Title Case words before a sentence start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatbot.ingest.boilerplate import excluded_spans, is_flattened, kept_segments
from chatbot.models import Article, Section, Sentence, SentenceKind, Source
from chatbot.ingest.sentences import split_run_on_items, split_sentences

_SMALL_WORDS = frozenset(
    "a an and the of on in to for or is are from with by at as".split()
)
_TOKEN = re.compile(r"\S+")
_CAMEL = re.compile(r"[a-z][A-Z]")
_MAX_HEADING_WORDS = 14


@dataclass(frozen=True)
class _Piece:
    """A span of kept text, classified before sentences are assigned to sections."""

    kind: str  # "heading" | "text" | "bullet"
    start: int
    end: int
    paragraph: int


def _is_title_token(word: str, first: bool) -> bool:
    core = word.strip("\"“”‘’()[]")
    if not core or _CAMEL.search(core) or core[-1] in ",;:":
        return False
    if core[0].isupper():
        return core.replace("-", "").replace("'", "").isalpha()
    return not first and core in _SMALL_WORDS


def leading_heading_length(text: str, *, mid_sentence: bool = False) -> int:
    """Length of a Title Case heading glued before a sentence start, else 0.

    "Home Remedies and Lifestyle There are no..." -> len("Home Remedies and Lifestyle").
    The last capitalised word of the run belongs to the sentence, so it is left
    out. Mid-sentence, a heading must have two words at least, so that a lone
    proper noun is never taken for one.
    """
    tokens = list(_TOKEN.finditer(text))
    run: list[re.Match[str]] = []
    for tok in tokens:
        if not _is_title_token(tok.group(), first=not run):
            break
        run.append(tok)
    if len(run) == len(tokens):
        return 0
    while run and run[-1].group() in _SMALL_WORDS:  # "There are" ends at "There"
        run.pop()
    heading = run[:-1]
    minimum = 2 if mid_sentence else 1
    if len(heading) < minimum or len(heading) > _MAX_HEADING_WORDS:
        return 0
    return heading[-1].end()


def _is_title_question(text: str) -> bool:
    words = text.split()
    return (
        text.endswith("?")
        and len(words) <= _MAX_HEADING_WORDS
        and all(_is_title_token(w.rstrip("?"), first=i == 0) for i, w in enumerate(words))
    )


def _line_is_heading(text: str) -> bool:
    words = text.split()
    if not words or len(words) > _MAX_HEADING_WORDS or not text[0].isupper():
        return False
    if text.endswith("?"):
        return True
    return not re.search(r"[.:;,!]$", text) and not re.search(r"[.!?]\s", text)


def _line_is_caption(text: str) -> bool:
    """Short lower-case lines without punctuation are image alt texts."""
    return text[0].islower() and len(text.split()) <= 6 and not re.search(r"[.!?:]$", text)


# Mid-text headings in a flattened page: a Title Case run after a lower-case word or a
# closing bracket, followed by a capitalised word and a lower-case word.
_MID_HEADING = re.compile(r"(?<=[a-z)] )(?=[A-Z][A-Za-z]+ (?:[a-z]+ )?[A-Z])")


def _flattened_pieces(raw: str, start: int, end: int, paragraph: int) -> tuple[list[_Piece], int]:
    """Recover headings and sentences in a segment of a page without line breaks."""
    pieces: list[_Piece] = []
    for s, e in split_sentences(raw, start, end, flattened=True):
        text = raw[s:e]
        if _is_title_question(text):
            paragraph += 1
            pieces.append(_Piece("heading", s, e, paragraph))
            continue
        cursor = s
        n = leading_heading_length(text)
        if n:
            paragraph += 1
            pieces.append(_Piece("heading", s, s + n, paragraph))
            cursor = s + n
        # Headings glued mid-sentence ("... in the blood Prescription Medications Calcium ...").
        for m in _MID_HEADING.finditer(raw, cursor, e):
            if m.start() <= cursor:
                continue
            n = leading_heading_length(raw[m.start():e], mid_sentence=True)
            if n:
                pieces.append(_Piece("text", cursor, m.start(), paragraph))
                paragraph += 1
                pieces.append(_Piece("heading", m.start(), m.start() + n, paragraph))
                cursor = m.start() + n
        pieces.append(_Piece("text", cursor, e, paragraph))
    return pieces, paragraph


def _line_pieces(raw: str, start: int, end: int, paragraph: int) -> tuple[list[_Piece], int]:
    pieces: list[_Piece] = []
    pos = start
    for line in raw[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        stripped = line.strip()
        if not stripped:
            continue
        s = line_start + (len(line) - len(line.lstrip()))
        e = line_end - (len(line) - len(line.rstrip()))
        if stripped.startswith("•"):
            s += 1
            while s < e and raw[s].isspace():
                s += 1
            if s < e:  # an empty bullet says nothing
                pieces.append(_Piece("bullet", s, e, paragraph))
            continue
        paragraph += 1
        if _line_is_heading(stripped):
            pieces.append(_Piece("heading", s, e, paragraph))
        elif not _line_is_caption(stripped):
            pieces.append(_Piece("text", s, e, paragraph))
    return pieces, paragraph


def _normalise_heading(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def clean_article(source: Source, raw: str) -> Article:
    """Cut boilerplate out of ``raw`` and group what is left into sections of sentences."""
    flattened = is_flattened(raw)
    pieces: list[_Piece] = []
    paragraph = 0
    for seg_start, seg_end in kept_segments(raw, excluded_spans(raw, source)):
        make = _flattened_pieces if flattened else _line_pieces
        new, paragraph = make(raw, seg_start, seg_end, paragraph)
        pieces += new

    default_heading = source.label
    heading = default_heading
    sections: list[tuple[str, list[Sentence]]] = [(heading, [])]
    index = 0
    intro: int | None = None  # index of the open list's introducing sentence
    bullets_seen = False  # a list of bullets ends at the first paragraph after it
    text_starts = {p.start for p in pieces if p.kind == "text"}
    run_end = -1  # end of the run-on list being split into items
    for piece in pieces:
        if piece.kind == "heading":
            text = raw[piece.start:piece.end].strip()
            intro = None
            if _normalise_heading(text) == _normalise_heading(heading):
                continue  # a doubled heading folds into the section it repeats
            heading = text
            sections.append((heading, []))
            continue
        spans = list(
            [(piece.start, piece.end)]
            if piece.kind == "bullet"
            else split_sentences(raw, piece.start, piece.end, flattened=flattened)
        )
        position = 0
        while position < len(spans):
            s, e = spans[position]
            text = raw[s:e]
            # Items of a flattened list touch each other ("Face|Elbows"); the first
            # span after a space is no longer part of the list.
            glued_to_next = spans[position + 1][0] == e if position + 1 < len(spans) else e in text_starts
            # The run-on list's last piece may be the next sentence ("... cancer Metastatic
            # calcinosis cutis can also be caused by ... supplements.").
            ends_run = e == run_end and position > 0 and re.search(r"[.!?]$", text)
            kind: SentenceKind = "text"
            list_intro: int | None = None
            if piece.kind == "bullet" and intro is not None:
                kind, list_intro = "list_item", intro
                bullets_seen = True
            elif intro is not None and not bullets_seen and not ends_run and _continues_list(text, flattened):
                if e > run_end:  # not a bullet here: bullets took the branch above
                    items = split_run_on_items(raw, s, e)
                    if len(items) > 1:
                        run_end = e
                        spans[position:position + 1] = items
                        continue
                kind, list_intro = "list_item", intro
            else:
                intro, bullets_seen = None, False
            if kind == "text" and text.endswith(":"):
                kind, intro, bullets_seen = "list_intro", index, False
            sections[-1][1].append(
                Sentence(
                    source_id=source.source_id,
                    index=index,
                    section=heading,
                    start=s,
                    end=e,
                    text=text,
                    kind=kind,
                    paragraph=piece.paragraph,
                    list_intro=list_intro,
                )
            )
            index += 1
            position += 1
            if kind == "list_item" and piece.kind != "bullet" and not glued_to_next and e >= run_end:
                intro = None  # a flattened list is one run of text, or items glued together
    return Article(
        source=source,
        raw=raw,
        sections=tuple(
            Section(source.source_id, h, tuple(sents)) for h, sents in sections if sents
        ),
    )


def _continues_list(text: str, flattened: bool) -> bool:
    """A flattened list is a run of items with no sentence punctuation after its intro."""
    if flattened:
        return True
    return not re.search(r"[.!?]$", text)
