"""How well each candidate unit answers the question, for every candidate at once.

Relevance = shape x (dense x cosine + lexical x share of the question's terms +
chunk x the retrieval score of its chunk + the intent bonus); see
``ComposerConfig``. Everything is numpy over the catalog's arrays: a unit is a
row of ``UnitCatalog.members``, so a per-sentence array gathered through it and
reduced along the row gives the per-unit value without a Python loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from chatbot.answer.sentence_table import SentenceTable, subtype_bits
from chatbot.answer.unit_questions import UnitQuestions
from chatbot.answer.units import UnitCatalog
from chatbot.config import ComposerConfig
from chatbot.models import ScoredChunk
from chatbot.search.tokens import stem
from chatbot.stable import stable_array


@dataclass(frozen=True)
class Scores:
    """Per candidate unit (catalog ids, in candidate order): its parts and its relevance."""

    ids: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray
    relevance: np.ndarray
    question_match: np.ndarray | None = None  # per candidate, when the units' questions were consulted
    question_terms: np.ndarray | None = None

    def ranking(self, catalog: UnitCatalog) -> np.ndarray:
        """Positions, most relevant first (ties: the earlier sentence)."""
        return np.lexsort((catalog.heads[self.ids], -self.relevance))


def row_chunk_scores(chunks: Sequence[ScoredChunk], table: SentenceTable) -> tuple[list[int], np.ndarray]:
    """The rows of the retrieved chunks in the order they first come, and each row's best chunk score (0 if none)."""
    best: dict[int, float] = {}
    for sc in chunks:
        for r in table.chunk_row_lists[sc.chunk.chunk_id]:
            if r not in best or sc.score > best[r]:
                best[r] = sc.score
    rows = list(best)
    scores = np.zeros(len(table.sentences), dtype=np.float64)
    scores[rows] = list(best.values())
    return rows, scores


def score_units(
    ids: np.ndarray,
    query_vector: np.ndarray,
    weights: Mapping[str, float],
    row_chunk: np.ndarray,
    catalog: UnitCatalog,
    cfg: ComposerConfig,
    row_bonus: np.ndarray | None = None,
    questions: UnitQuestions | None = None,
    shares: np.ndarray | None = None,
) -> Scores:
    """Every candidate's relevance at once (see ``ComposerConfig`` for the formula).

    ``row_chunk`` is each row's best chunk score (0 when not retrieved);
    ``row_bonus`` adds, per sentence row, what the question's intent says of it
    (``chatbot.answer.intent.intent_bonus``); a unit takes its best row's.
    ``questions`` are the questions each unit answers (``chatbot.answer.unit_questions``):
    a candidate gains ``cfg.question_terms_weight`` x the IDF-weighted share of the
    message's terms that its questions use (read from ``shares``, ``UnitQuestions.all_shares``,
    when the caller has worked them out for every unit), and, among the ``cfg.question_candidates``
    best so far, ``cfg.question_weight`` x the message's best cosine to one of them
    (comparing a few hundred question vectors, read from memory right after the model
    has run, is most of the cost; a unit ranked lower is not lifted to the top by it). The questions are in patients' words, so "lumps", "dangerous"
    or "get rid of" find the unit that answers them though its sentence says
    "deposits", "serious complications" or "removal".
    Every part is rounded by ``stable_array`` before it is combined, so that the
    ranking is the same on every machine.
    """
    table = catalog.table
    # Only as many member columns as the longest candidate has: the rest would be padding only.
    width = max((len(catalog.rows[i]) for i in ids.tolist()), default=1)
    members = catalog.members[ids, :width]
    # Every row's cosine to the question, and -inf for the padding row (one past the last).
    sims = np.empty(len(table.vectors) + 1, dtype=np.float32)
    np.matmul(table.vectors, np.asarray(query_vector, dtype=np.float32).reshape(-1), out=sims[:-1])
    sims[-1] = -np.inf
    member_sims = sims[members]
    head_sims = member_sims[:, 0]
    dense = head_sims
    if width > 1:
        # A list is about what its intro says; one matching item only adds to that.
        lead = cfg.list_lead_weight
        rest = member_sims[:, 1:].max(axis=1)
        dense = np.maximum(head_sims, lead * head_sims + (1 - lead) * rest)
    dense = stable_array(dense)
    total = sum(weights.values())
    if total:
        present = np.stack([table.term_rows(term) for term in weights])
        weight = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))[:, None, None]
        gathered = present[:, members]  # terms x units x rows
        if width > 1:
            # A unit matches as well as its first sentence with its best one other: a list of ten
            # items (or a chain of three sentences) must not win by having more words to match.
            gathered = gathered[:, :, :1] | gathered[:, :, 1:]
        # Terms in question order, summed term by term: the same additions, in the same order, everywhere.
        lexical = stable_array((gathered * weight).sum(axis=0).max(axis=1) / total)
    else:
        lexical = np.zeros(len(ids), dtype=np.float64)
    # Each row's chunk score and intent bonus side by side, padded (0: no chunk; -inf: no bonus),
    # so that one gather and one max give every unit its best row's of both.
    n = len(table.sentences)
    per_row = np.empty((n + 1, 2), dtype=np.float64)
    per_row[:n, 0] = row_chunk
    per_row[:n, 1] = 0.0 if row_bonus is None else row_bonus
    per_row[n] = (0.0, -np.inf)
    best_rows = per_row[members].max(axis=1)
    top_chunk = float(row_chunk.max(initial=0.0)) or 1.0
    chunk = best_rows[:, 0] / top_chunk
    shape = catalog.shapes(cfg)[ids]
    asked = subtype_bits({stem(t) for t in weights})
    if asked:
        named = catalog.subtypes[ids]
        shape = np.where((named != 0) & ((named & asked) == 0), shape * (1.0 - cfg.other_type_penalty), shape)
    bonus = 0.0 if row_bonus is None else best_rows[:, 1]
    evidence = cfg.dense_weight * dense + cfg.lexical_weight * lexical + cfg.chunk_weight * chunk + bonus
    question_match = question_terms = None
    if questions is not None:
        question_terms = questions.term_share(weights, ids) if shares is None else shares[ids]
        evidence = evidence + cfg.question_terms_weight * question_terms
        if cfg.question_weight:
            question_match = np.zeros(len(ids), dtype=np.float64)
            best = np.argsort(-stable_array(shape * evidence), kind="stable")[: cfg.question_candidates]
            question_match[best] = questions.match(query_vector, ids[best])
            evidence = evidence + cfg.question_weight * question_match
    relevance = stable_array(shape * evidence)
    return Scores(ids, dense, lexical, relevance, question_match, question_terms)
