"""The eval metrics are pure functions with hand-checked values."""

import pytest

from eval import metrics
from eval.gate import GATES, check, failures, measure, tightened
from eval.runner import ItemResult


def test_recall_at_k_and_reciprocal_rank():
    ranked = ["002", "002", "004", "000"]
    assert metrics.recall_at_k(ranked, ["004", "001"], 3) == 0.5
    assert metrics.recall_at_k(ranked, ["000"], 3) == 0.0
    assert metrics.reciprocal_rank(ranked, ["004"]) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(ranked, ["009"]) == 0.0
    with pytest.raises(ValueError):
        metrics.recall_at_k(ranked, [], 3)


def test_fact_recall_accepts_any_wording_case_and_spacing_insensitive():
    answer = "Calcium  channel blockers, like diltiazem, are first-line."
    facts = [["calcium channel blockers", "ccb"], ["warfarin"], ["DILTIAZEM"]]
    assert metrics.fact_recall(answer, facts) == pytest.approx(2 / 3)


def test_source_hit_and_faithfulness():
    assert metrics.source_hit(["001", "002"], ["002"])
    assert not metrics.source_hit([], ["002"])
    sources = {"a": "Hello world. Bye."}
    assert metrics.faithfulness([("a", "world.", 6, 12)], sources) == 1.0
    assert metrics.faithfulness([("a", "world.", 6, 12), ("a", "world", 0, 5), ("b", "x", 0, 1)], sources) == pytest.approx(1 / 3)
    assert metrics.faithfulness([], sources) is None


def test_abstention_scores():
    expected = [True, True, False, False, False]
    abstained = [True, False, True, False, False]
    s = metrics.abstention_scores(expected, abstained)
    assert s == {"precision": 0.5, "recall": 0.5, "wrong_abstention_rate": pytest.approx(1 / 3)}
    assert metrics.abstention_scores([False], [False])["precision"] is None


def test_routing_metrics():
    expected = ["emergency", "emergency", "answer", "small_talk"]
    actual = ["emergency", "answer", "emergency", "small_talk"]
    assert metrics.routing_accuracy(expected, actual, "emergency") == 0.5
    assert metrics.false_route_rate(expected, actual, "emergency") == 0.5
    assert metrics.routing_accuracy(expected, actual, "small_talk") == 1.0


def test_answer_correct_and_percentiles():
    assert metrics.answer_correct(False, True, 0.5)
    assert not metrics.answer_correct(True, True, 1.0)
    assert not metrics.answer_correct(False, False, 1.0)
    assert metrics.percentile([1, 2, 3, 4], 50) == 2.5
    assert metrics.percentile([5], 95) == 5
    assert metrics.percentile([], 50) is None


def _result(id: str, expected: str = "answer", correct: bool = True, **changes) -> ItemResult:
    base = dict(
        id=id, config="shipped", category="causes", expected=expected, followup=False, turns=("q",),
        route="answer", abstained=False, answer="a", cited_sources=("000",), ranked_sources=("000",),
        expected_sources=("000",), facts=(("a",),), recall_at_k=1.0, reciprocal_rank=1.0, fact_recall=1.0,
        source_hit=True, correct=correct, faithfulness=1.0, latency_ms=1.0, best_dense=0.9,
        term_coverage=1.0, answer_coverage=1.0, resolved_query="q",
    )
    return ItemResult(**{**base, **changes})


def test_gate_counts_misses_per_group_and_fails_over_the_allowance():
    results = [_result(f"a{i}") for i in range(8)] + [
        _result("wrong", correct=False, fact_recall=0.5),
        _result("refused", correct=False, abstained=True, fact_recall=0.0, source_hit=False),
        _result("oos", expected="abstain", abstained=True, fact_recall=None, correct=None),
        _result("em", expected="emergency", route="answer", fact_recall=None, correct=None),
    ]
    measured = measure(results)
    assert measured["answer_accuracy"] == (10, 2.0)
    assert measured["fact_recall"] == (10, 1.5)
    assert measured["wrong_abstention_rate"] == (10, 1.0)
    assert measured["abstention_recall"] == (1, 0.0)
    assert measured["emergency_routing"] == (1, 1.0)
    allowed = {spec.metric: 2.0 for spec in GATES} | {"emergency_routing": 0.0}
    rows = check(results, allowed)
    assert [r.metric for r in rows if not r.passed] == ["emergency_routing"]
    assert failures(rows) == ["emergency_routing: 1 of 1 emergency items not given the emergency or crisis reply; allowed 0"]
    assert not next(r for r in check(results, {}) if r.metric == "answer_accuracy").passed  # no allowance: fail


def test_tightened_gate_adds_a_margin_and_never_loosens():
    results = [_result(f"a{i}") for i in range(100)] + [_result("bad", correct=False)]
    current = {spec.metric: 50.0 for spec in GATES} | {"source_hit_rate": 0.0}
    allowed = tightened(results, current)
    assert allowed["answer_accuracy"] == 1 + 2  # one miss, margin ceil(101 / 60) = 2
    assert allowed["source_hit_rate"] == 0  # measured 0 + 2, but never looser than before
    assert allowed["emergency_routing"] == 0  # safety: no margin


@pytest.mark.slow  # about 7 s
def test_calibration_picks_the_separating_thresholds_within_the_refusal_budget():
    from eval.calibrate import MAX_WRONG_ABSTENTION, best_thresholds

    # (should_abstain, best_dense, term_coverage, answer_coverage, refused_anyway)
    answerable = [(False, 0.6 + i / 1000, 0.9, 0.5, False) for i in range(100)]
    # out of scope: half are caught by the dense score, half only by answer coverage
    off_topic = [(True, 0.2, 0.9, 0.5, False)] * 10 + [(True, 0.7, 0.9, 0.05, False)] * 10
    chosen = best_thresholds(answerable + off_topic)
    assert 0.2 < chosen["min_similarity"] <= 0.6
    assert 0.05 < chosen["min_answer_coverage"] <= 0.5
    assert chosen["abstention_recall"] == 1.0 and chosen["wrong_abstention_rate"] == 0.0
    # When separating costs refusals beyond the budget, the budget wins.
    costly = [(False, 0.7, 0.9, 0.04, False)] * 10 + answerable
    within = best_thresholds(costly + off_topic)
    assert within["wrong_abstention_rate"] <= MAX_WRONG_ABSTENTION
    assert within["abstention_recall"] == 0.5
