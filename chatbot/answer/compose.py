"""Extractive answer composition: choose source sentences, never write new ones.

Sentences of the retrieved chunks are scored against the question (cosine of
precomputed sentence embeddings plus the share of the question's terms they
contain), headings and questions are demoted, a list stays with the sentence
that introduces it, maximal marginal relevance picks a few that say different
things, near-duplicates from other sources fold into one quote citing them
all, and the result is ordered by relevance: the answer opens with what answers the question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from chatbot.answer.sentence_table import SentenceTable, normalised
from chatbot.answer.subtypes import subtypes_named
from chatbot.answer.units import Unit, candidate_units, verbatim_twins
from chatbot.config import ComposerConfig
from chatbot.models import ScoredChunk, Sentence
from chatbot.search.tokens import document_tokens, stem
from chatbot.search.vocabulary import forms
from chatbot.stable import stable

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_COUNT_CLAIM = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:major\s+|main\s+|different\s+)?"
    r"(types|forms|kinds|subtypes|categories)\b",
    re.I,
)


@dataclass(frozen=True)
class Composition:
    """The chosen units in reading order, and what the choice was made from."""

    units: tuple[Unit, ...]
    best_dense: float
    disagreement: bool
    scored: tuple[Unit, ...]  # every candidate, most relevant first


def term_matches(term: str, tokens: frozenset[str]) -> bool:
    """A question term is present in a unit when its stem or a synonym's stem is."""
    return forms(term).matches(tokens)


_META = re.compile(r"\b(this|the) (article|page|video)\b", re.I)


def _shape_penalty(s: Sentence, cfg: ComposerConfig) -> float:
    """Questions, heading-like fragments and sentences about the page itself are not answers."""
    text = s.text.strip()
    if text.endswith("?") or _META.search(text):
        return 1.0 - cfg.question_penalty
    if s.kind != "list_intro" and len(text.split()) < cfg.heading_max_words and not text.endswith("."):
        return 1.0 - cfg.heading_penalty
    return 1.0


def lexical_share(weights: Mapping[str, float], tokens: frozenset[str]) -> float:
    """IDF-weighted share of the question's terms present in ``tokens``."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if term_matches(t, tokens)) / total


def score_units(
    units: list[Unit],
    query_vector: np.ndarray,
    weights: Mapping[str, float],
    chunk_score: dict[int, float],
    table: SentenceTable,
    cfg: ComposerConfig,
    row_bonus: np.ndarray | None = None,
) -> None:
    """Set each unit's relevance (see ``ComposerConfig`` for the formula).

    ``row_bonus`` adds, per sentence row, what the question's intent says of it
    (``chatbot.answer.intent.intent_bonus``); a unit takes its best row's.
    """
    top_chunk = max(chunk_score.values(), default=1.0) or 1.0
    q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
    asked = subtypes_named({stem(t) for t in weights})
    for unit in units:
        sims = table.vectors[list(unit.rows)] @ q
        # A list is about what its intro says; one matching item only adds to that.
        lead = cfg.list_lead_weight
        unit.dense = stable(sims[0] if len(sims) == 1 else max(sims[0], lead * sims[0] + (1 - lead) * sims[1:].max()))
        tokens = frozenset().union(*(table.tokens[r] for r in unit.rows))
        unit.lexical = stable(lexical_share(weights, tokens))
        chunk = max(chunk_score.get(r, 0.0) for r in unit.rows) / top_chunk
        shape = _shape_penalty(table.sentences[unit.head], cfg)
        named = subtypes_named(tokens)
        if asked and named and not named & asked:
            shape *= 1.0 - cfg.other_type_penalty
        bonus = float(max(row_bonus[r] for r in unit.rows)) if row_bonus is not None else 0.0
        unit.relevance = stable(
            shape * (
                cfg.dense_weight * unit.dense + cfg.lexical_weight * unit.lexical + cfg.chunk_weight * chunk
                + bonus
            )
        )


def _words(unit: Unit, table: SentenceTable) -> int:
    return sum(len(table.sentences[r].text.split()) for r in unit.rows)


def _similarity(a: Unit, b: Unit, table: SentenceTable) -> float:
    return stable(table.vectors[a.head] @ table.vectors[b.head])


def _is_duplicate(a: Unit, b: Unit, table: SentenceTable, cfg: ComposerConfig) -> bool:
    """Two units say the same thing: the same sentences (lists: every item), or, for single
    sentences, near-identical embeddings without different counts ("five types" vs "4 types")."""
    texts_a = [normalised(table.sentences[r].text) for r in a.rows]
    texts_b = [normalised(table.sentences[r].text) for r in b.rows]
    if texts_a == texts_b:
        return True
    if len(a.rows) > 1 or len(b.rows) > 1:
        return False
    ta, tb = table.sentences[a.head].text, table.sentences[b.head].text
    if count_claims(ta) != count_claims(tb):
        return False
    # Embeddings alone call two different definitions of the disease "the same"; a
    # citation must quote the same claim, so most of the words must be shared too.
    return _similarity(a, b, table) >= cfg.duplicate_cosine and _word_overlap(ta, tb) >= cfg.duplicate_overlap


def _word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the two sentences' content-word stems."""
    sa, sb = set(document_tokens(a)), set(document_tokens(b))
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def count_claims(text: str) -> list[tuple[int, str]]:
    """("five types", ...) -> [(5, "type")]: how many of something a sentence says there are."""
    out = []
    for m in _COUNT_CLAIM.finditer(text):
        n = m.group(1).lower()
        value = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        out.append((value, stem(m.group(2).lower())))
    return out


def find_disagreement(
    units: Sequence[Unit], table: SentenceTable, asked: frozenset[str] | None = None
) -> tuple[Unit, Unit] | None:
    """Two units from different sources that count the same thing differently.

    With ``asked`` (the question's stems), only counts of something the question
    is about are compared: a question on treatment does not need the type count.
    """
    seen: dict[str, tuple[int, Unit]] = {}
    for unit in units:
        for value, noun in count_claims(table.sentences[unit.head].text):
            if asked is not None and noun not in asked:
                continue
            if noun in seen and seen[noun][0] != value and seen[noun][1].source_id != unit.source_id:
                return seen[noun][1], unit
            seen.setdefault(noun, (value, unit))
    return None


def select_units(units: list[Unit], table: SentenceTable, cfg: ComposerConfig) -> list[Unit]:
    """Maximal marginal relevance with duplicate folding, within a word budget."""
    pool = sorted(units, key=lambda u: (-u.relevance, u.head, -len(u.rows)))
    if not pool:
        return []
    floor = cfg.min_relative_score * pool[0].relevance
    selected: list[Unit] = []
    words = 0
    while pool and len(selected) < cfg.max_sentences:
        def mmr(u: Unit) -> float:
            penalty = max((_similarity(u, s, table) for s in selected), default=0.0)
            return stable(cfg.mmr_lambda * u.relevance - (1 - cfg.mmr_lambda) * penalty)

        best = max(pool, key=lambda u: (mmr(u), -u.head, len(u.rows)))
        pool.remove(best)
        if best.relevance < floor:
            break
        twin = next((s for s in selected if _is_duplicate(best, s, table, cfg)), None)
        if twin is not None:
            continue  # said already
        overlapping = [s for s in selected if set(best.rows) & set(s.rows)]
        size = _words(best, table)
        if overlapping:
            # The chosen unit goes on in the sentence that leans on it: quote them as one
            # (in its place), never the same sentence twice.
            inner = overlapping[0]
            if len(overlapping) > 1 or not set(inner.rows) < set(best.rows):
                continue
            if words - _words(inner, table) + size > cfg.max_words:
                continue
            selected[selected.index(inner)] = best
            words += size - _words(inner, table)
            continue
        if selected and words + size > cfg.max_words:
            continue
        selected.append(best)
        words += size
    for unit in selected:  # cite every source that says the same thing
        for other in [*units, *verbatim_twins(unit, table, cfg.max_joined)]:
            if (
                other.source_id != unit.source_id
                and other.source_id not in {a.source_id for a in unit.also}
                and _is_duplicate(other, unit, table, cfg)
            ):
                unit.also.append(other)
    return selected


def order_units(units: list[Unit]) -> list[Unit]:
    """Most relevant first: the answer opens with the sentence that answers the question."""
    return sorted(units, key=lambda u: (-u.relevance, u.source_id, u.head))


def answer_coverage(terms: Sequence[str], composition: Composition, table: SentenceTable) -> float:
    """IDF-weighted share of ``terms`` found in the chosen answer (sentences and their headings).

    Low coverage means the answer does not speak to what was asked, however
    similar it sounds: the bot should say it cannot answer.
    """
    if not composition.units:
        return 0.0
    tokens = frozenset().union(*(table.tokens[r] for u in composition.units for r in u.rows))
    return lexical_share(table.idf(terms), tokens)


def compose(
    chunks: Sequence[ScoredChunk],
    query_vector: np.ndarray,
    weights: Mapping[str, float],
    table: SentenceTable,
    cfg: ComposerConfig,
    row_bonus: np.ndarray | None = None,
) -> Composition:
    """Pick and order the units that answer the question (``weights``: term -> IDF)."""
    terms = list(weights)
    units, chunk_score = candidate_units(chunks, table, cfg.max_joined)
    score_units(units, query_vector, weights, chunk_score, table, cfg, row_bonus)
    selected = select_units(units, table, cfg)
    scored = sorted(units, key=lambda u: (-u.relevance, u.head))
    ranked = scored[: cfg.disagreement_pool * cfg.max_sentences]
    asked = frozenset(stem(t) for t in terms) | frozenset(stem(t.rstrip("s")) for t in terms)
    pair = find_disagreement([*selected, *ranked], table, asked)
    disagreement = False
    if pair is not None and any(u in selected for u in pair):
        disagreement = True
        for u in pair:
            if u not in selected:
                selected.append(u)
    best = max((u.dense for u in units), default=0.0)
    return Composition(tuple(order_units(selected)), best, disagreement, tuple(scored))
