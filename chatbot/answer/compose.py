"""Extractive answer composition: choose source sentences, never write new ones.

Sentences of the retrieved chunks are scored against the question
(``chatbot.answer.scoring``), headings and questions are demoted, a list stays
with the sentence that introduces it, maximal marginal relevance picks a few
that say different things, near-duplicates from other sources fold into one
quote citing them all (``chatbot.answer.duplicates``), and the result is ordered
by relevance: the answer opens with what answers the question.

Only the chosen units become ``Unit`` objects; the rest stay rows of arrays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from chatbot.answer.claims import count_claims
from chatbot.answer.duplicates import cite_duplicates, find_disagreement, is_duplicate
from chatbot.answer.scoring import Scores, row_chunk_scores, score_units
from chatbot.answer.sentence_table import SentenceTable
from chatbot.answer.unit_questions import UnitQuestions
from chatbot.answer.units import Unit, UnitCatalog
from chatbot.config import ComposerConfig
from chatbot.models import ScoredChunk
from chatbot.search.vocabulary import forms
from chatbot.stable import SCORE_DECIMALS, stable_array, stable_float

__all__ = ["Composition", "SentenceTable", "Unit", "answer_coverage", "compose", "count_claims", "order_units"]


_STEP = 10.0**-SCORE_DECIMALS  # one rounding step of ``stable_float``


@dataclass(frozen=True)
class Composition:
    """The chosen units in reading order, and every candidate's scores (``Scores``)."""

    units: tuple[Unit, ...]
    best_dense: float
    disagreement: bool
    scores: Scores  # every candidate's; ``Scores.ranking`` orders them


def select_units(scores: Scores, catalog: UnitCatalog, cfg: ComposerConfig, cosine: np.ndarray) -> list[int]:
    """Maximal marginal relevance with duplicate folding, within a word budget.

    Returns positions in ``scores``; ``cosine`` holds the candidates' pairwise
    cosines (first sentences, rounded). Each step takes the candidate with the
    best MMR = lambda x relevance - (1 - lambda) x its largest cosine to a chosen
    unit, rounded as ``stable_array`` rounds; ties go to the earlier sentence,
    then the longer unit. A few dozen candidates and a few steps: plain Python
    over lists does this in a fraction of the time of one numpy call per step.
    """
    n = len(scores.ids)
    if not n:
        return []
    table, unit_rows = catalog.table, catalog.rows
    candidates, scored = scores.ids.tolist(), scores.relevance.tolist()
    # Candidates in tie order (earlier sentence, then longer unit; a stable sort): the first maximum wins.
    at = sorted(range(n), key=lambda p: (unit_rows[candidates[p]][0], -len(unit_rows[candidates[p]])))
    ids_list = [candidates[p] for p in at]
    relevance = [scored[p] for p in at]
    text_key = [catalog.text_keys[i] for i in ids_list]
    single = [len(unit_rows[i]) == 1 for i in ids_list]
    unit_words = [catalog.word_counts[i] for i in ids_list]
    floor = cfg.min_relative_score * max(relevance)
    keep, lam = 1 - cfg.mmr_lambda, cfg.mmr_lambda
    gain = [lam * r for r in relevance]
    penalty = [0.0] * n  # largest cosine to a chosen unit
    looked = [False] * n  # a candidate is looked at once
    near: dict[int, list[float]] = {}  # tie position -> its cosines to every candidate, in tie order
    selected: list[int] = []
    words = 0

    def cosines(k: int) -> list[float]:
        if k not in near:
            row = cosine[at[k]].tolist()
            near[k] = [row[p] for p in at]
        return near[k]

    while len(selected) < cfg.max_sentences:
        mmr = [-math.inf if looked[k] else gain[k] - keep * penalty[k] for k in range(n)]
        top = max(mmr)
        if top == -math.inf:
            break
        # The winner is the first candidate whose MMR, rounded as np.round(x, 5) rounds (scale, round
        # half to even, scale back), equals the rounded maximum; rounding keeps the order, so only
        # values within one rounding step of the maximum can tie with it.
        rounded = stable_float(top)
        best = next(k for k in range(n) if mmr[k] >= top - 2 * _STEP and stable_float(mmr[k]) == rounded)
        looked[best] = True
        if relevance[best] < floor:
            break
        rows = unit_rows[ids_list[best]]
        if any(
            (text_key[best] == text_key[p] or (single[best] and single[p] and cosines(p)[best] >= cfg.duplicate_cosine))
            and is_duplicate(rows, unit_rows[ids_list[p]], table, cfg)
            for p in selected
        ):
            continue  # said already
        mine = set(rows)
        overlapping = [p for p in selected if mine.intersection(unit_rows[ids_list[p]])]
        size = unit_words[best]
        if overlapping:
            # The chosen unit goes on in the sentence that leans on it: quote them as one
            # (in its place), never the same sentence twice.
            inner = overlapping[0]
            if len(overlapping) > 1 or not set(unit_rows[ids_list[inner]]) < mine:
                continue
            if words - unit_words[inner] + size > cfg.max_words:
                continue
            selected[selected.index(inner)] = best
            words += size - unit_words[inner]
            penalty = [max(column) for column in zip(*(cosines(p) for p in selected))]
            continue
        if selected and words + size > cfg.max_words:
            continue
        selected.append(best)
        words += size
        penalty = [max(a, b) for a, b in zip(penalty, cosines(best))]
    return [at[k] for k in selected]


def order_units(units: list[Unit]) -> list[Unit]:
    """Most relevant first: the answer opens with the sentence that answers the question."""
    return sorted(units, key=lambda u: (-u.relevance, u.source_id, u.head))


def answer_coverage(terms: Sequence[str], composition: Composition, table: SentenceTable) -> float:
    """IDF-weighted share of ``terms`` found in the chosen answer (sentences and their headings).

    Low coverage means the answer does not speak to what was asked, however
    similar it sounds: the bot should say it cannot answer.
    """
    said = frozenset().union(*(table.tokens[r] for u in composition.units for r in u.rows))
    weights = table.idf(terms)
    total = sum(weights.values())
    if not said or not total:
        return 0.0
    return sum(w for t, w in weights.items() if forms(t).matches(said)) / total


def compose(
    chunks: Sequence[ScoredChunk],
    query_vector: np.ndarray,
    weights: Mapping[str, float],
    catalog: UnitCatalog,
    cfg: ComposerConfig,
    row_bonus: np.ndarray | None = None,
    counted: frozenset[str] = frozenset(),
    questions: UnitQuestions | None = None,
) -> Composition:
    """Pick and order the units that answer the question (``weights``: term -> IDF).

    ``questions``: the questions each unit answers; a candidate gains by the message's
    best cosine to one of its own (``UnitQuestions.match``) and by the share of the
    question's terms that its questions use (``UnitQuestions.term_share``); none: no such gain. ``counted``: the nouns whose number the question asks about (``counted_nouns``); two
    sources that count one of them differently are both quoted, with a note.
    """
    table = catalog.table
    rows, row_chunk = row_chunk_scores(chunks, table)
    ids = catalog.of_rows(rows)
    shares = questions.all_shares(weights) if questions is not None else None
    if questions is not None and cfg.question_leaders:
        # Units whose questions use the message's words best are candidates even when retrieval
        # missed their passage: the lay words are in their questions, not in their sentences.
        retrieved = set(ids.tolist())
        extra = [i for i in questions.leaders(weights, cfg.question_leaders, shares).tolist() if i not in retrieved]
        if extra:
            ids = np.concatenate([ids, np.asarray(extra, dtype=np.int64)])
    scores = score_units(
        ids, query_vector, weights, row_chunk, catalog, cfg, row_bonus, questions, shares
    )
    made: dict[int, Unit] = {}

    def unit_at(p: int) -> Unit:  # one object per position, so that ``in`` finds it again
        if p not in made:
            i = int(ids[p])
            made[p] = Unit(
                catalog.rows[i], catalog.source_id[i], catalog.joined[i],
                float(scores.relevance[p]), float(scores.dense[p]), float(scores.lexical[p]), lead=catalog.lead[i],
            )
        return made[p]

    head_vectors = table.vectors[catalog.heads[ids]]
    cosine = stable_array(head_vectors @ head_vectors.T)
    positions = select_units(scores, catalog, cfg, cosine)
    selected = [unit_at(p) for p in positions]
    cite_duplicates([(p, unit) for p, unit in zip(positions, selected)], ids, cosine, catalog, cfg)
    pair = None
    if counted:
        # Only a unit that counts something asked about can disagree: the others need no ``Unit``.
        ranked = [
            unit_at(p) for p in scores.ranking(catalog)[: cfg.disagreement_pool * cfg.max_sentences].tolist()
            if any(noun in counted for _, noun in table.claims[catalog.heads[ids[p]]])
        ]
        pair = find_disagreement([*selected, *ranked], table, counted)
    disagreement = False
    if pair is not None and any(u in selected for u in pair):
        disagreement = True
        for u in pair:
            if u not in selected:
                selected.append(u)
    best = float(scores.dense.max()) if len(ids) else 0.0
    return Composition(tuple(order_units(selected)), best, disagreement, scores)
