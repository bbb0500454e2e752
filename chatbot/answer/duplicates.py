"""When two quotable units say the same thing, and when two sources disagree on a count.

Versions of one article repeat sentences word for word or nearly so; the answer
quotes such a sentence once and cites every source that says it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from chatbot.answer.sentence_table import SentenceTable
from chatbot.answer.units import Unit, UnitCatalog
from chatbot.config import ComposerConfig
from chatbot.stable import stable


def is_duplicate(a: Sequence[int], b: Sequence[int], table: SentenceTable, cfg: ComposerConfig) -> bool:
    """Units of rows ``a`` and ``b`` say the same thing: the same sentences (lists: every item),
    or, for single sentences, near-identical embeddings without different counts ("five types" vs "4 types")."""
    if [table.text_key[r] for r in a] == [table.text_key[r] for r in b]:  # the same normalised texts
        return True
    if len(a) > 1 or len(b) > 1:
        return False
    if table.claims[a[0]] != table.claims[b[0]]:
        return False
    # Embeddings alone call two different definitions of the disease "the same"; a
    # citation must quote the same claim, so most of the words must be shared too.
    cosine = stable(table.vectors[a[0]] @ table.vectors[b[0]])
    return cosine >= cfg.duplicate_cosine and word_overlap(table.text_tokens[a[0]], table.text_tokens[b[0]]) >= cfg.duplicate_overlap


def word_overlap(sa: frozenset[str], sb: frozenset[str]) -> float:
    """Jaccard overlap of two sentences' content-word stems (``SentenceTable.text_tokens``)."""
    either = sa | sb
    return len(sa & sb) / len(either) if either else 1.0


def cite_duplicates(
    chosen: Sequence[tuple[int, Unit]], candidates: np.ndarray, cosine: np.ndarray, catalog: UnitCatalog,
    cfg: ComposerConfig,
) -> None:
    """Add to each chosen unit's ``also`` the units of other sources that say the same thing:
    among the candidates (catalog ids; ``chosen`` pairs a position in them with its unit),
    and anywhere in the corpus when they open with the very same sentence.

    Only the few that could be ``is_duplicate`` are checked one by one: the same
    sentences, or both single sentences with a cosine (``cosine``: the candidates'
    pairwise cosines) at the folding threshold.
    """
    if not chosen:
        return
    table = catalog.table
    ids = candidates.tolist()
    keys = [catalog.text_keys[j] for j in ids]
    single = [len(catalog.rows[j]) == 1 for j in ids]
    for p, unit in chosen:
        near = cosine[p].tolist()
        maybe = [
            j for q, j in enumerate(ids)
            if keys[q] == keys[p] or (single[p] and single[q] and near[q] >= cfg.duplicate_cosine)
        ]
        cited = {unit.source_id}
        for j in [*maybe, *catalog.copies(ids[p])]:
            if catalog.source_id[j] in cited:
                continue
            if is_duplicate(catalog.rows[j], unit.rows, table, cfg):
                unit.also.append(catalog.unit(j))
                cited.add(catalog.source_id[j])


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
