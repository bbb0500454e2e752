"""Evaluation metrics: pure functions, each defined in its docstring.

They take plain values (lists of ids, strings, booleans) so they can be
unit-tested without a model. Rates over an empty set are ``None``, never a
flattering 0 or 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def recall_at_k(ranked_sources: Sequence[str], expected: Sequence[str], k: int) -> float:
    """Share of the expected source ids found among the sources of the top ``k`` retrieved chunks.

    ``ranked_sources`` lists the source id of each retrieved chunk, best first.
    """
    if not expected:
        raise ValueError("recall_at_k needs at least one expected source")
    top = set(ranked_sources[:k])
    return len(top & set(expected)) / len(set(expected))


def reciprocal_rank(ranked_sources: Sequence[str], expected: Sequence[str]) -> float:
    """1 / rank of the first retrieved chunk from an expected source (ranks from 1); 0 if none.

    Averaged over questions this is the mean reciprocal rank (MRR).
    """
    wanted = set(expected)
    for rank, source in enumerate(ranked_sources, 1):
        if source in wanted:
            return 1.0 / rank
    return 0.0


def normalised(text: str) -> str:
    """Lower case, curly apostrophes straight, single spaces: how answers and expected wordings are compared."""
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def fact_recall(answer: str, facts: Sequence[Sequence[str]]) -> float:
    """Share of key facts present in the answer; a fact is present when any of its
    acceptable wordings occurs in the answer text (case- and spacing-insensitive)."""
    if not facts:
        raise ValueError("fact_recall needs at least one fact")
    text = normalised(answer)
    return sum(any(normalised(w) in text for w in fact) for fact in facts) / len(facts)


def source_hit(cited_sources: Sequence[str], expected: Sequence[str]) -> bool:
    """True when at least one citation comes from an article that contains the answer."""
    return bool(set(cited_sources) & set(expected))


def citation_faithful(quote: str, start: int, end: int, source_text: str | None) -> bool:
    """True when the quote is exactly the cited article's text at the recorded span."""
    return source_text is not None and 0 <= start <= end and source_text[start:end] == quote


def faithfulness(citations: Sequence[tuple[str, str, int, int]], sources: Mapping[str, str]) -> float | None:
    """Share of citations (source_id, quote, start, end) that are verbatim at their span.

    Anything below 1.0 is a bug, not a quality trade-off.
    """
    if not citations:
        return None
    return sum(citation_faithful(q, s, e, sources.get(sid)) for sid, q, s, e in citations) / len(citations)


def abstention_scores(expected_abstain: Sequence[bool], abstained: Sequence[bool]) -> dict[str, float | None]:
    """Abstention treated as a classifier whose positives are the out-of-scope items.

    precision = out-of-scope items abstained on / all abstentions;
    recall = out-of-scope items abstained on / all out-of-scope items;
    wrong_abstention_rate = answerable items abstained on / all answerable items.
    """
    pairs = list(zip(expected_abstain, abstained))
    tp = sum(e and a for e, a in pairs)
    predicted = sum(a for _, a in pairs)
    positives = sum(e for e, _ in pairs)
    negatives = len(pairs) - positives
    wrong = sum((not e) and a for e, a in pairs)
    return {
        "precision": tp / predicted if predicted else None,
        "recall": tp / positives if positives else None,
        "wrong_abstention_rate": wrong / negatives if negatives else None,
    }


def routing_accuracy(expected: Sequence[str], actual: Sequence[str], route: str) -> float | None:
    """Share of items expected to take ``route`` (emergency, small_talk) that took it."""
    relevant = [a for e, a in zip(expected, actual) if e == route]
    return _mean([float(a == route) for a in relevant])


def false_route_rate(expected: Sequence[str], actual: Sequence[str], route: str) -> float | None:
    """Share of items NOT expected to take ``route`` that took it anyway (e.g. a question treated as an emergency)."""
    relevant = [a for e, a in zip(expected, actual) if e != route]
    return _mean([float(a == route) for a in relevant])


def answer_correct(abstained: bool, hit: bool, recall: float, min_recall: float = 0.5) -> bool:
    """A usable answer: not abstained, cites a right article, and holds at least ``min_recall`` of the key facts.

    Follow-up accuracy is the share of follow-up conversations whose last answer is correct.
    """
    return (not abstained) and hit and recall >= min_recall


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean; ``None`` for no values."""
    return _mean(values)


# --------------------------------------------------------------------------- gold sentences
# A span is (source_id, start, end): characters [start, end) of one article's raw text.

Span = tuple[str, int, int]


def overlaps(span: Span, spans: Sequence[Span]) -> bool:
    """True when ``span`` shares at least one character with a span of the same article."""
    sid, start, end = span
    return any(other == sid and start < e and s < end for other, s, e in spans)


def block_hits(block: Sequence[Span], spans: Sequence[Span]) -> bool:
    """A quoted block (the spans of its citations) hits ``spans`` when any of its citations overlaps one."""
    return any(overlaps(c, spans) for c in block)


def lead_gold(blocks: Sequence[Sequence[Span]], gold: Sequence[Span]) -> bool:
    """True when the answer's first quoted block (quote or list; notes are skipped) overlaps a gold span.

    ``blocks`` lists, in reading order, the citation spans of each quoted block.
    An answer with no quoted block has no gold lead.
    """
    return bool(blocks) and block_hits(blocks[0], gold)


def sentence_precision(
    blocks: Sequence[Sequence[Span]], gold: Sequence[Span], acceptable: Sequence[Span]
) -> float | None:
    """Share of the answer's quoted blocks that overlap a gold or an acceptable span
    (a block counts when any of its citations overlaps); ``None`` with no quoted block."""
    if not blocks:
        return None
    wanted = [*gold, *acceptable]
    return sum(block_hits(b, wanted) for b in blocks) / len(blocks)


def word_count(texts: Sequence[str]) -> int:
    """Whitespace-separated words over ``texts`` (the quoted sentences, list items and notes of an answer)."""
    return sum(len(t.split()) for t in texts)
