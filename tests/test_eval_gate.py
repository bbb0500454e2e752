"""The gate: which items each gate counts (unit), and that it passes the shipped configuration and
fails a deliberately broken one (integration)."""

import pytest

from eval.dataset import load_items
from eval.gate import GATES, check, failures, load_thresholds, measure, reset, tightened
from eval.runner import ItemResult

TEXTBOOK_GATES = {
    "answer_accuracy", "fact_recall", "source_hit_rate", "retrieval_recall@5", "wrong_abstention_rate",
    "followup_accuracy", "abstention_recall",
}
PATIENT_GATES = {
    "patient_fact_recall", "patient_wrong_abstention", "patient_abstention_recall", "patient_lead_gold",
    "patient_sentence_precision",
}
SAFETY_GATES = {"emergency_routing", "false_emergency_rate", "small_talk_routing", "citation_faithfulness"}


def _result(id: str, expected: str = "answer", style: str = "textbook", **changes) -> ItemResult:
    answerable = expected == "answer"
    patient = style == "patient"
    base = {
        "id": id, "config": "shipped", "category": "causes", "expected": expected, "followup": False,
        "turns": ("q",), "route": "answer" if expected in ("answer", "abstain") else expected, "abstained": False,
        "answer": "a", "cited_sources": ("000",), "ranked_sources": ("000",), "expected_sources": ("000",),
        "facts": (("a",),), "recall_at_k": 1.0 if answerable else None,
        "reciprocal_rank": 1.0 if answerable else None, "fact_recall": 1.0 if answerable else None,
        "source_hit": True if answerable else None, "correct": True if answerable else None, "faithfulness": 1.0,
        "latency_ms": 1.0, "best_dense": 0.9, "term_coverage": 1.0, "answer_coverage": 1.0, "resolved_query": "q",
        "style": style, "split": "tune" if patient else "", "voice": "short" if patient else "",
        "lead_gold": True if answerable and patient else None,
        "sentence_precision": 1.0 if answerable and patient else None, "words": 10,
    }
    return ItemResult(**{**base, **changes})


def _refused(id: str, style: str) -> ItemResult:
    return _result(id, style=style, abstained=True, route="abstain", correct=False, fact_recall=0.0,
                   source_hit=False, lead_gold=None, sentence_precision=None, faithfulness=None)


@pytest.mark.unit
def test_gates_are_textbook_patient_or_safety():
    assert {g.metric for g in GATES} == TEXTBOOK_GATES | PATIENT_GATES | SAFETY_GATES
    assert {g.metric for g in GATES if g.safety} == SAFETY_GATES
    assert all(g.group.startswith("textbook") for g in GATES if g.metric in TEXTBOOK_GATES)
    assert all("patient" in g.group for g in GATES if g.metric in PATIENT_GATES)


@pytest.mark.unit
def test_textbook_gates_ignore_patient_items_and_safety_gates_count_all():
    textbook = [
        _result("t1"), _result("t2", correct=False, fact_recall=0.5), _refused("t3", "lay"),
        _result("t4", followup=True, turns=("a", "b")),
        _result("t5", expected="abstain", abstained=False, faithfulness=None),
        _result("t6", expected="emergency", route="emergency", faithfulness=None),
        _result("t7", expected="small_talk", faithfulness=None),
    ]
    before = measure(textbook)
    patients = [
        _result("p1", style="patient"), _refused("p2", "patient"),
        _result("p3", style="patient", followup=True, turns=("a", "b"), correct=False),
        _result("p4", expected="abstain", style="patient", abstained=False, faithfulness=None),
        _result("p5", style="patient", route="emergency", faithfulness=0.5),
    ]
    after = measure(textbook + patients)
    for metric in TEXTBOOK_GATES:
        assert after[metric] == before[metric], metric  # the patient items change no textbook count
    assert after["answer_accuracy"] == (4, 2.0) and after["abstention_recall"] == (1, 1.0)
    assert after["followup_accuracy"] == (1, 0.0)
    assert after["false_emergency_rate"] == (11, 1.0)  # p5 counts: safety gates see every item
    assert after["citation_faithfulness"] == (6, 1.0)  # every answer with citations, p5's among them
    assert after["emergency_routing"] == (1, 0.0) and after["small_talk_routing"] == (1, 0.0)


@pytest.mark.unit
def test_patient_gates_count_the_patient_items():
    results = [
        _result("t1", correct=False, fact_recall=0.0),  # textbook: no patient gate counts it
        _result("p1", style="patient"),
        _result("p2", style="patient", split="holdout", fact_recall=0.5, lead_gold=False, sentence_precision=0.25),
        _refused("p3", "patient"),
        _result("p4", expected="abstain", style="patient", abstained=True, route="abstain"),
        _result("p5", expected="abstain", style="patient", split="holdout", abstained=False),
    ]
    measured = measure(results)
    assert measured["patient_fact_recall"] == (3, 1.5)  # 0 + 0.5 + 1 (refused)
    assert measured["patient_wrong_abstention"] == (3, 1.0)
    assert measured["patient_abstention_recall"] == (2, 1.0)
    assert measured["patient_lead_gold"] == (3, 2.0)  # p2's first quote is not gold; p3 refused
    assert measured["patient_sentence_precision"] == (2, 0.75)  # answered only: 0 + (1 - 0.25)
    rows = {r.metric: r for r in check(results, {"patient_lead_gold": 1.0})}
    assert not rows["patient_lead_gold"].passed
    assert not rows["patient_fact_recall"].passed  # no allowance: fail
    assert rows["patient_lead_gold"].describe() == (
        "patient_lead_gold: 2 of 3 patient answerable items first quote not a gold sentence, or refused; allowed 1"
    )


@pytest.mark.unit
def test_tightening_sets_new_gates_to_measured_plus_margin_and_never_loosens():
    results = [_result(f"t{i}") for i in range(70)] + [_result("bad", correct=False)]
    results += [_result(f"p{i}", style="patient") for i in range(120)] + [_refused("pr", "patient")]
    results += [_result(f"po{i}", expected="abstain", style="patient", abstained=True) for i in range(5)]
    current = {m: 0.0 for m in SAFETY_GATES} | {"answer_accuracy": 1.0, "fact_recall": 9.0, "abstention_recall": 3.0}
    allowed = tightened(results, current)
    assert allowed["answer_accuracy"] == 1  # measured 1 + margin 2, but never looser than the current 1
    assert allowed["fact_recall"] == 0 + 2  # no fact missing + margin ceil(71 / 60): tighter than 9
    assert allowed["abstention_recall"] == 0 + 1  # no textbook out-of-scope item: 0 misses + the minimum margin
    # Gates missing from the file start at measured + margin.
    assert allowed["source_hit_rate"] == 0 + 2
    assert allowed["wrong_abstention_rate"] == 0 + 2
    assert allowed["patient_wrong_abstention"] == 1 + 3  # margin ceil(121 / 60) = 3
    assert allowed["patient_lead_gold"] == 1 + 3
    assert allowed["patient_fact_recall"] == 1 + 3
    assert allowed["patient_abstention_recall"] == 0 + 1
    assert allowed["patient_sentence_precision"] == 0 + 2  # 120 answered: margin 2
    assert all(allowed[m] == 0 for m in SAFETY_GATES)
    again = tightened(results, allowed)
    assert again == allowed  # a second run changes nothing


@pytest.mark.unit
def test_reset_sets_a_gate_anew_even_looser_but_never_a_safety_gate():
    results = [_result(f"p{i}", style="patient") for i in range(10)] + [_refused(f"pr{i}", "patient") for i in range(3)]
    current = {"patient_wrong_abstention": 1.0, "answer_accuracy": 5.0}
    assert tightened(results, current)["patient_wrong_abstention"] == 1  # never looser by itself
    fresh = reset(current, ["patient_wrong_abstention"])
    assert fresh == {"answer_accuracy": 5.0}
    assert tightened(results, fresh)["patient_wrong_abstention"] == 3 + 1  # measured + margin
    with pytest.raises(ValueError, match="safety gate"):
        reset(current, ["citation_faithfulness"])
    with pytest.raises(ValueError, match="unknown gate"):
        reset(current, ["patient_happiness"])


@pytest.fixture(scope="module")
def items():
    return load_items()


@pytest.mark.integration
@pytest.mark.slow
def test_shipped_configuration_passes_the_gate(real_bot, items):
    from eval.runner import run_config

    assert failures(check(run_config(real_bot, items, "shipped", progress=False), load_thresholds())) == []


@pytest.mark.integration
@pytest.mark.slow
def test_broken_configuration_fails_the_gate(real_bot, items):
    from eval.runner import run_config

    broken = real_bot.with_settings(
        real_bot.settings.replace(retrieval={"mode": "dense", "top_k": 1}, composer={"max_sentences": 1})
    )
    problems = failures(check(run_config(broken, items, "broken", progress=False), load_thresholds()))
    assert any(p.startswith("fact_recall") for p in problems)
    assert any(p.startswith("answer_accuracy") for p in problems)
