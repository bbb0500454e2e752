"""Extractive answer composition: choose source sentences, never write new ones.

Sentences of the retrieved chunks are scored against the question (cosine of
precomputed sentence embeddings plus the share of the question's terms they
contain), headings and questions are demoted, a list stays with the sentence
that introduces it, maximal marginal relevance picks a few that say different
things, near-duplicates from other sources fold into one quote citing them
all, and the result is ordered by relevance: the answer opens with what answers the question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from chatbot.answer.claims import count_claims
from chatbot.answer.sentence_table import SentenceTable, fragment_like, normalised, question_like, subtype_bits
from chatbot.answer.units import Unit, UnitCatalog
from chatbot.config import ComposerConfig
from chatbot.models import ScoredChunk, Sentence
from chatbot.search.tokens import document_tokens, stem
from chatbot.search.vocabulary import forms
from chatbot.stable import stable, stable_array

__all__ = ["Composition", "SentenceTable", "Unit", "answer_coverage", "compose", "count_claims", "order_units"]


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


def _shape_penalty(s: Sentence, cfg: ComposerConfig) -> float:
    """Questions, heading-like fragments and sentences about the page itself are not answers."""
    if question_like(s.text):
        return 1.0 - cfg.question_penalty
    if fragment_like(s) and len(s.text.split()) < cfg.heading_max_words:
        return 1.0 - cfg.heading_penalty
    return 1.0


def lexical_share(weights: Mapping[str, float], tokens: frozenset[str]) -> float:
    """IDF-weighted share of the question's terms present in ``tokens``."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if term_matches(t, tokens)) / total


@dataclass(frozen=True)
class Scores:
    """Per candidate unit (catalog ids, in candidate order): its parts and its relevance."""

    ids: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray
    relevance: np.ndarray


def _gather_max(per_row: np.ndarray, members: np.ndarray, pad: float) -> np.ndarray:
    """Per unit, the largest of ``per_row`` over its rows (padding counts as ``pad``)."""
    return np.append(per_row, np.asarray(pad, dtype=per_row.dtype))[members].max(axis=1)


def score_units(
    ids: np.ndarray,
    query_vector: np.ndarray,
    weights: Mapping[str, float],
    row_chunk: np.ndarray,
    catalog: UnitCatalog,
    cfg: ComposerConfig,
    row_bonus: np.ndarray | None = None,
) -> Scores:
    """Every candidate's relevance at once (see ``ComposerConfig`` for the formula).

    ``row_chunk`` is each row's best chunk score (0 when not retrieved);
    ``row_bonus`` adds, per sentence row, what the question's intent says of it
    (``chatbot.answer.intent.intent_bonus``); a unit takes its best row's.
    Arithmetic follows the per-unit formula step for step, in the same dtypes,
    and every part is rounded by ``stable_array`` before it is combined.
    """
    table = catalog.table
    members, heads = catalog.members[ids], catalog.heads[ids]
    sims = table.vectors @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
    head_sims = sims[heads]
    dense = head_sims
    if members.shape[1] > 1:
        # A list is about what its intro says; one matching item only adds to that.
        lead = cfg.list_lead_weight
        rest = _gather_max(sims, members[:, 1:], -np.inf)
        dense = np.maximum(head_sims, lead * head_sims + (1 - lead) * rest)
    dense = stable_array(dense)
    total = sum(weights.values())
    lexical = np.zeros(len(ids), dtype=np.float64)
    if total:
        for term, weight in weights.items():
            lexical = lexical + weight * _gather_max(table.term_rows(term), members, False)
        lexical = stable_array(lexical / total)
    top_chunk = float(row_chunk.max(initial=0.0)) or 1.0
    chunk = _gather_max(row_chunk, members, 0.0) / top_chunk
    shape = np.where(
        table.question_like[heads], 1.0 - cfg.question_penalty,
        np.where(table.fragment_like[heads] & (table.words[heads] < cfg.heading_max_words), 1.0 - cfg.heading_penalty, 1.0),
    )
    asked = subtype_bits({stem(t) for t in weights})
    if asked:
        named = catalog.subtypes[ids]
        shape = np.where((named != 0) & ((named & asked) == 0), shape * (1.0 - cfg.other_type_penalty), shape)
    bonus = 0.0 if row_bonus is None else _gather_max(np.asarray(row_bonus, dtype=np.float32), members, -np.inf).astype(np.float64)
    relevance = stable_array(
        shape * (cfg.dense_weight * dense + cfg.lexical_weight * lexical + cfg.chunk_weight * chunk + bonus)
    )
    return Scores(ids, dense, lexical, relevance)


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


def _maybe_duplicates(ids: np.ndarray, unit: int, catalog: UnitCatalog, cfg: ComposerConfig) -> np.ndarray:
    """Which of ``ids`` could be ``_is_duplicate`` of catalog unit ``unit``: the same
    sentences, or both single sentences with a cosine at the folding threshold. Only
    these few are checked one by one (a word-overlap test each)."""
    table = catalog.table
    same = catalog.text_key[ids] == catalog.text_key[unit]
    if catalog.sizes[unit] != 1:
        return same
    cos = stable_array(table.vectors[catalog.heads[ids]] @ table.vectors[catalog.heads[unit]])
    return same | ((catalog.sizes[ids] == 1) & (cos >= cfg.duplicate_cosine))


def find_disagreement(
    units: Sequence[Unit], table: SentenceTable, asked: frozenset[str] | None = None
) -> tuple[Unit, Unit] | None:
    """Two units from different sources that count the same thing differently.

    With ``asked`` (the question's stems), only counts of something the question
    is about are compared: a question on treatment does not need the type count.
    """
    seen: dict[str, tuple[int, Unit]] = {}
    for unit in units:
        for value, noun in table.claims[unit.head]:
            if asked is not None and noun not in asked:
                continue
            if noun in seen and seen[noun][0] != value and seen[noun][1].source_id != unit.source_id:
                return seen[noun][1], unit
            seen.setdefault(noun, (value, unit))
    return None


def select_units(units: list[Unit], ids: np.ndarray, catalog: UnitCatalog, cfg: ComposerConfig) -> list[Unit]:
    """Maximal marginal relevance with duplicate folding, within a word budget.

    ``units[i]`` is catalog unit ``ids[i]`` with its scores. Each step scores the
    whole remaining pool at once: MMR = lambda x relevance - (1 - lambda) x the
    largest cosine to a chosen unit's first sentence; ties go to the earlier
    sentence, then the longer unit.
    """
    table = catalog.table
    if not units:
        return []
    relevance = np.array([u.relevance for u in units], dtype=np.float64)
    heads = catalog.heads[ids]
    sizes = catalog.sizes[ids]
    head_vectors = table.vectors[heads]
    text_key = catalog.text_key[ids]
    single = sizes == 1
    cosine: dict[int, np.ndarray] = {}  # chosen position -> every candidate's cosine to it (first sentences)
    floor = cfg.min_relative_score * float(relevance.max())
    # Ties go to the earlier sentence, then the longer unit: a rank that breaks them once.
    tie_rank = np.empty(len(units), dtype=np.float64)
    tie_rank[np.lexsort((-sizes, heads))] = np.arange(len(units))
    alive = np.ones(len(units), dtype=bool)
    selected: list[int] = []  # positions in ``units``
    words = 0
    while alive.any() and len(selected) < cfg.max_sentences:
        penalty = np.max([cosine[p] for p in selected], axis=0) if selected else 0.0
        mmr = stable_array(cfg.mmr_lambda * relevance - (1 - cfg.mmr_lambda) * penalty)
        mmr[~alive] = -np.inf
        top = np.flatnonzero(mmr == mmr.max())
        best = int(top[np.argmin(tie_rank[top])])
        alive[best] = False
        if relevance[best] < floor:
            break
        if any(
            (text_key[best] == text_key[p] or (single[best] and single[p] and cosine[p][best] >= cfg.duplicate_cosine))
            and _is_duplicate(units[best], units[p], table, cfg)
            for p in selected
        ):
            continue  # said already
        if best not in cosine:
            cosine[best] = stable_array(head_vectors @ head_vectors[best])
        rows = set(units[best].rows)
        overlapping = [s for s in selected if rows & set(units[s].rows)]
        size = int(catalog.words[ids[best]])
        if overlapping:
            # The chosen unit goes on in the sentence that leans on it: quote them as one
            # (in its place), never the same sentence twice.
            inner = overlapping[0]
            if len(overlapping) > 1 or not set(units[inner].rows) < rows:
                continue
            inner_size = int(catalog.words[ids[inner]])
            if words - inner_size + size > cfg.max_words:
                continue
            selected[selected.index(inner)] = best
            words += size - inner_size
            continue
        if selected and words + size > cfg.max_words:
            continue
        selected.append(best)
        words += size
    chosen = [units[s] for s in selected]
    for s, unit in zip(selected, chosen):  # cite every source that says the same thing
        others = np.concatenate([ids, np.asarray(catalog.twins(int(ids[s])), dtype=np.int64)])
        for j, maybe in zip(others.tolist(), _maybe_duplicates(others, int(ids[s]), catalog, cfg)):
            if not maybe or catalog.source_id[j] == unit.source_id:
                continue
            if catalog.source_id[j] in {a.source_id for a in unit.also}:
                continue
            candidate = catalog.unit(j)
            if _is_duplicate(candidate, unit, table, cfg):
                unit.also.append(candidate)
    return chosen


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


def row_chunk_scores(chunks: Sequence[ScoredChunk], table: SentenceTable) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the retrieved chunks in the order they first come, and each row's best chunk score (0 if none)."""
    scores = np.zeros(len(table.sentences), dtype=np.float64)
    if not chunks:
        return np.zeros(0, dtype=np.int64), scores
    per_chunk = [table.chunk_rows[sc.chunk.chunk_id] for sc in chunks]
    rows = np.concatenate(per_chunk)
    np.maximum.at(scores, rows, np.repeat([sc.score for sc in chunks], [len(r) for r in per_chunk]))
    _, first = np.unique(rows, return_index=True)
    return rows[np.sort(first)], scores


def compose(
    chunks: Sequence[ScoredChunk],
    query_vector: np.ndarray,
    weights: Mapping[str, float],
    catalog: UnitCatalog,
    cfg: ComposerConfig,
    row_bonus: np.ndarray | None = None,
) -> Composition:
    """Pick and order the units that answer the question (``weights``: term -> IDF)."""
    table = catalog.table
    terms = list(weights)
    rows, row_chunk = row_chunk_scores(chunks, table)
    ids = catalog.of_rows(rows)
    scores = score_units(ids, query_vector, weights, row_chunk, catalog, cfg, row_bonus)
    units = [
        Unit(catalog.rows[i], catalog.source_id[i], catalog.joined[i], rel, dense, lex)
        for i, rel, dense, lex in zip(
            ids.tolist(), scores.relevance.tolist(), scores.dense.tolist(), scores.lexical.tolist()
        )
    ]
    selected = select_units(units, ids, catalog, cfg)
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
    best = max(scores.dense.tolist(), default=0.0)
    return Composition(tuple(order_units(selected)), best, disagreement, tuple(scored))
