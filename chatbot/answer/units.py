"""Quotable units: a sentence, a list's lead-in with its items, or a chain of sentences leaning on each other."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from chatbot.answer.sentence_table import SentenceTable, shape_factors
from chatbot.config import ComposerConfig
from chatbot.models import Sentence


@dataclass
class Unit:
    """A quotable unit: one sentence, a list's introducing sentence with its items, or a
    sentence that leans on the one before it ("Even so, ...", "They work by ...") with that one."""

    rows: tuple[int, ...]
    source_id: str
    joined: bool = False  # a sentence with the one before it it leans on, not a list
    relevance: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0
    also: list["Unit"] = field(default_factory=list)  # near-duplicates in other sources
    lead: int = 1  # of a list: how many rows lead in (the intro, and what it refers to) before the items

    @property
    def head(self) -> int:
        return self.rows[0]


def unit_for(row: int, table: SentenceTable, max_joined: int) -> Unit | None:
    s = table.sentences[row]
    if s.kind == "list_item" and s.list_intro is not None:
        intro = table.row.get((s.source_id, s.list_intro))
        return unit_for(intro, table, max_joined) if intro is not None else None
    if s.kind == "list_intro":
        items = table.items.get((s.source_id, s.index), [])
        if not items:
            return None  # "This can be caused by:" with its list lost says nothing
        # "Some specific conditions fall in this type, including:" names no type: it comes with
        # the sentences it refers to ("Idiopathic. This type doesn't have a clear cause. ...").
        lead = _chain_back(row, table, max_joined + 1, _refers_back)
        return Unit((*lead, *items), s.source_id, lead=len(lead))
    rows = _chain_back(row, table, max_joined, leans_back)
    if len(rows) > 1:
        return Unit(tuple(rows), s.source_id, joined=True)
    return Unit((row,), s.source_id)


def _chain_back(row: int, table: SentenceTable, limit: int, refers: Callable[[str], bool]) -> list[int]:
    """``row`` with the plain sentences before it that it refers to, in order, at most ``limit`` in all."""
    rows = [row]
    while len(rows) < limit and refers(table.sentences[rows[0]].text):
        first = table.sentences[rows[0]]
        before = table.row.get((first.source_id, first.index - 1))
        if before is None or not _plain_sentence_before(table.sentences[before], first):
            break
        rows.insert(0, before)
    return rows


# Openings that refer to the sentence before: quoted alone, "Even so, some people swear
# by ..." or "They work by lowering ..." would read as if about something else.
_LEANS_BACK = re.compile(
    r"(even so|that said|with that said|however|but|still|instead|otherwise|also|in addition|"
    r"additionally|furthermore|moreover|as a result|because of this|for this reason|"
    r"they|these|those|this|it|its|such)\b",
    re.I,
)


# "..., though." at the end contrasts with the sentence before just as "However, ..." does.
_CONTRASTS_BACK = re.compile(r",\s*(?:though|however)\W*$", re.I)


# A list's lead-in can point back from its middle: "Some specific conditions fall in this type".
_POINTS_BACK = re.compile(r"\b(?:this|that|these|those) (?:type|types|form|forms|kind|kinds|condition|conditions|group)\b", re.I)


def _refers_back(text: str) -> bool:
    return leans_back(text) or bool(_POINTS_BACK.search(text[:400]))


def leans_back(text: str) -> bool:
    """The sentence refers to the one before it and cannot be quoted alone."""
    return bool(_LEANS_BACK.match(text) or _CONTRASTS_BACK.search(text[-40:]))


def _plain_sentence_before(before: Sentence, s: Sentence) -> bool:
    """``before`` is the running-text sentence right before ``s`` in the same paragraph."""
    return (
        before.kind == "text"
        and before.paragraph == s.paragraph
        and before.section == s.section
        and not before.text.rstrip().endswith(("?", ":"))
    )


class UnitCatalog:
    """Every quotable unit of a table, found once, as arrays the composer scores with numpy.

    ``of_row[r]`` is the unit that quoting row ``r`` means (``unit_for``), or -1.
    ``members`` holds each unit's rows, padded with ``pad`` (one past the last
    row), so that a per-row array extended by one neutral value can be
    gathered and reduced over a unit without a Python loop.
    """

    def __init__(self, table: SentenceTable, max_joined: int) -> None:
        self.table = table
        n = len(table.sentences)
        self.pad = n
        self.rows: list[tuple[int, ...]] = []
        self.source_id: list[str] = []
        self.joined: list[bool] = []
        self.lead: list[int] = []
        ids: dict[tuple[int, ...], int] = {}
        self.of_row = np.full(n, -1, dtype=np.int64)
        for row in range(n):
            unit = unit_for(row, table, max_joined)
            if unit is None:
                continue
            if unit.rows not in ids:
                ids[unit.rows] = len(self.rows)
                self.rows.append(unit.rows)
                self.source_id.append(unit.source_id)
                self.joined.append(unit.joined)
                self.lead.append(unit.lead)
            self.of_row[row] = ids[unit.rows]
        width = max((len(r) for r in self.rows), default=1)
        self.members = np.full((len(self.rows), width), self.pad, dtype=np.int64)
        for i, rows in enumerate(self.rows):
            self.members[i, : len(rows)] = rows
        self.heads = np.array([r[0] for r in self.rows], dtype=np.int64)
        self.sizes = np.array([len(r) for r in self.rows], dtype=np.int64)
        self.words = np.append(table.words, 0)[self.members].sum(axis=1)
        self.subtypes = np.bitwise_or.reduce(np.append(table.subtypes, 0)[self.members], axis=1)
        self._shapes: dict[tuple[float, float, int], np.ndarray] = {}
        texts: dict[tuple[int, ...], int] = {}
        self.text_key = np.array(
            [texts.setdefault(tuple(table.text_key[list(r)]), len(texts)) for r in self.rows], dtype=np.int64
        )
        self._copies = [self._find_copies(i) for i in range(len(self.rows))]
        # The same facts as Python lists, for the selection loop's few dozen candidates.
        self.word_counts: list[int] = self.words.tolist()
        self._of_row: list[int] = self.of_row.tolist()
        self.text_keys: list[int] = self.text_key.tolist()

    def shapes(self, cfg: ComposerConfig) -> np.ndarray:
        """``shape_factors`` of every unit's first sentence under ``cfg``: worked out once per setting."""
        key = (cfg.question_penalty, cfg.heading_penalty, cfg.heading_max_words)
        found = self._shapes.get(key)
        if found is None:
            t, heads = self.table, self.heads
            found = shape_factors(t.question_like[heads], t.fragment_like[heads], t.words[heads], cfg)
            self._shapes[key] = found
        return found

    def __len__(self) -> int:
        return len(self.rows)

    def unit(self, i: int) -> Unit:
        return Unit(self.rows[i], self.source_id[i], joined=self.joined[i], lead=self.lead[i])

    def of_rows(self, rows: list[int]) -> np.ndarray:
        """The distinct units of ``rows``, in the order their rows first come."""
        of_row = self._of_row
        units = dict.fromkeys(of_row[r] for r in rows if of_row[r] >= 0)
        return np.fromiter(units, dtype=np.int64, count=len(units))

    def copies(self, i: int) -> tuple[int, ...]:
        """Units of other sources with the very same sentences as unit ``i`` (retrieved or not):
        the same passage in another version of the article."""
        return self._copies[i]

    def _find_copies(self, i: int) -> tuple[int, ...]:
        table = self.table
        out = []
        for row in table.same_text[table.text_key[self.heads[i]]]:
            j = int(self.of_row[row])
            if (
                table.sentences[row].source_id != self.source_id[i] and j >= 0
                and self.sizes[j] == self.sizes[i] and self.joined[j] == self.joined[i] and self.lead[j] == self.lead[i]
                and self.text_key[j] == self.text_key[i]
            ):
                out.append(j)
        return tuple(out)
