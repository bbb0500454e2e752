"""When the bot says "the articles do not answer that" instead of quoting: the one abstention rule.

The bot and the calibration (``python -m eval --calibrate``) both call this
module, so the rule that is tuned is the rule that runs. Three signals, each
with a threshold in ``AbstentionConfig``:

- the best cosine between the question and a candidate sentence (nothing
  similar was found);
- the IDF-weighted share of the question's own words that the articles use
  at all (the question is about something the articles never mention);
- the share of them that the chosen sentences, with their headings, contain
  (the answer never touches what was asked, however similar it sounds).

No sentence to quote, a request the articles never answer (a price, a
dose), or a question about a topic they never discuss (``chatbot.answer.topics``:
an eczema cream, a pet, a vaccine) is refused whatever the thresholds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from chatbot.config import AbstentionConfig

Value = TypeVar("Value", float, np.ndarray)


@dataclass(frozen=True)
class Signals:
    """What the abstention rule looks at, for one answer."""

    has_sentences: bool
    unanswerable_request: str | None
    best_dense: float
    term_coverage: float
    answer_coverage: float
    off_topic: str | None = None  # a topic the question asks about that the articles never discuss


@dataclass(frozen=True)
class Decision:
    abstain: bool
    reasons: tuple[str, ...] = ()


# (signal, threshold, what it measures): the rule and its reasons come from this one table.
_RULE = (
    ("best_dense", "min_similarity", "best sentence similarity"),
    ("term_coverage", "min_term_coverage", "question words the articles use"),
    ("answer_coverage", "min_answer_coverage", "question words the answer contains"),
)


def length_adjusted(best_dense: float, words: int, cfg: AbstentionConfig) -> float:
    """The best sentence cosine of a message of ``words`` words, raised for a long message
    (``AbstentionConfig.similarity_per_doubling`` per doubling beyond ``similarity_words``)."""
    if words <= cfg.similarity_words or not cfg.similarity_per_doubling:
        return best_dense
    return best_dense + cfg.similarity_per_doubling * math.log2(words / cfg.similarity_words)


def below_thresholds(best_dense: Value, term_coverage: Value, answer_coverage: Value, cfg: AbstentionConfig) -> Value:
    """Whether the thresholds refuse: a bool for numbers, element-wise for numpy arrays (calibration)."""
    values = {"best_dense": best_dense, "term_coverage": term_coverage, "answer_coverage": answer_coverage}
    refused = [values[signal] < getattr(cfg, threshold) for signal, threshold, _ in _RULE]
    return refused[0] | refused[1] | refused[2]


def decide(signals: Signals, cfg: AbstentionConfig) -> Decision:
    """Abstain or answer, with the reasons in words (for the trace)."""
    reasons = []
    if not signals.has_sentences:
        reasons.append("no sentence to quote")
    if signals.unanswerable_request is not None:
        reasons.append(f"the articles never answer a request for {signals.unanswerable_request}")
    if signals.off_topic is not None:
        reasons.append(f"the question asks about {signals.off_topic}, which the articles do not discuss")
    for signal, threshold, name in _RULE:
        value, limit = getattr(signals, signal), getattr(cfg, threshold)
        if value < limit:
            reasons.append(f"{name} {round(value, 5)} < {limit}")
    forced = not signals.has_sentences or signals.unanswerable_request is not None or signals.off_topic is not None
    refused = bool(below_thresholds(signals.best_dense, signals.term_coverage, signals.answer_coverage, cfg))
    return Decision(forced or refused, tuple(reasons))
