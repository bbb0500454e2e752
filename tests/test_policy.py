"""The one abstention rule: the bot and the calibration share it, numbers and arrays alike."""

from __future__ import annotations

import numpy as np
import pytest

from chatbot.answer.policy import Signals, below_thresholds, decide, length_adjusted
from chatbot.config import AbstentionConfig

pytestmark = pytest.mark.unit

RULE = AbstentionConfig(min_similarity=0.45, min_term_coverage=0.24, min_answer_coverage=0.1)


def signals(**changes: object) -> Signals:
    base = dict(has_sentences=True, unanswerable_request=None, best_dense=0.6, term_coverage=0.5, answer_coverage=0.5)
    return Signals(**{**base, **changes})  # type: ignore[arg-type]


def test_answers_when_every_signal_clears_its_threshold():
    assert decide(signals(), RULE).abstain is False
    assert decide(signals(best_dense=0.45, term_coverage=0.24, answer_coverage=0.1), RULE).abstain is False


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"best_dense": 0.4499}, "best sentence similarity 0.4499 < 0.45"),
        ({"term_coverage": 0.2}, "question words the articles use 0.2 < 0.24"),
        ({"answer_coverage": 0.05}, "question words the answer contains 0.05 < 0.1"),
        ({"has_sentences": False}, "no sentence to quote"),
        ({"unanswerable_request": "price"}, "the articles never answer a request for price"),
        ({"off_topic": "vaccines"}, "the question asks about vaccines, which the articles do not discuss"),
    ],
)
def test_each_signal_alone_refuses_and_says_why(changes, reason):
    decision = decide(signals(**changes), RULE)
    assert decision.abstain is True and decision.reasons == (reason,)


def test_calibration_applies_the_same_rule_to_arrays():
    dense = np.array([0.6, 0.4, 0.6, 0.6])
    cover = np.array([0.5, 0.5, 0.1, 0.5])
    answered = np.array([0.5, 0.5, 0.5, 0.0])
    assert below_thresholds(dense, cover, answered, RULE).tolist() == [False, True, True, True]
    assert [bool(below_thresholds(d, c, a, RULE)) for d, c, a in zip(dense, cover, answered)] == [False, True, True, True]


def test_a_long_message_gains_similarity_per_doubling_of_its_words():
    cfg = AbstentionConfig(similarity_words=12, similarity_per_doubling=0.03)
    assert length_adjusted(0.40, 12, cfg) == 0.40  # up to the reference length, as measured
    assert length_adjusted(0.40, 5, cfg) == 0.40
    assert length_adjusted(0.40, 24, cfg) == pytest.approx(0.43)
    assert length_adjusted(0.40, 48, cfg) == pytest.approx(0.46)
    assert length_adjusted(0.40, 48, AbstentionConfig(similarity_per_doubling=0.0)) == 0.40
