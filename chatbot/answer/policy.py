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

No sentence to quote, or a request the articles never answer (a price, a
dose), is refused whatever the thresholds.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Decision:
    abstain: bool
    reasons: tuple[str, ...] = ()


def below_thresholds(best_dense: Value, term_coverage: Value, answer_coverage: Value, cfg: AbstentionConfig) -> Value:
    """Whether the thresholds refuse: a bool for numbers, element-wise for numpy arrays (calibration)."""
    return (
        (best_dense < cfg.min_similarity)
        | (term_coverage < cfg.min_term_coverage)
        | (answer_coverage < cfg.min_answer_coverage)
    )


def decide(signals: Signals, cfg: AbstentionConfig) -> Decision:
    """Abstain or answer, with the reasons in words (for the trace)."""
    reasons = []
    if not signals.has_sentences:
        reasons.append("no sentence to quote")
    if signals.unanswerable_request is not None:
        reasons.append(f"the articles never answer a request for {signals.unanswerable_request}")
    checks = (
        ("best sentence similarity", signals.best_dense, cfg.min_similarity),
        ("question words the articles use", signals.term_coverage, cfg.min_term_coverage),
        ("question words the answer contains", signals.answer_coverage, cfg.min_answer_coverage),
    )
    reasons += [f"{name} {value:.3f} < {limit}" for name, value, limit in checks if value < limit]
    forced = not signals.has_sentences or signals.unanswerable_request is not None
    refused = bool(below_thresholds(signals.best_dense, signals.term_coverage, signals.answer_coverage, cfg))
    return Decision(forced or refused, tuple(reasons))
