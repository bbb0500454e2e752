"""The eval metrics are pure functions with hand-checked values."""

import pytest

from chatbot.models import Alert, Answer, Block, Citation, Span
from eval import metrics
from eval.dataset import EvalItem
from eval.gate import GATES, check, failures, measure, tightened
from eval.runner import (
    ItemResult,
    body_texts,
    by_voice,
    gold_scores,
    group_summary,
    patient_voice,
    quoted_blocks,
)


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


# --------------------------------------------------------------------------- gold sentences

GOLD = (("a", 100, 130),)
ACCEPTABLE = (("a", 250, 300), ("b", 500, 520))


def _cite(number: int, sid: str, start: int, end: int, text: str) -> Citation:
    return Citation(number, sid, "Title", "Section", text, start, end)


def _answer(alert: Alert | None = None) -> Answer:
    """A note, a gold quote, a list on an acceptable sentence, and a quote on neither."""
    return Answer(
        blocks=(
            Block.note("Here is what the articles say."),
            Block("quote", (Span("a", 110, 140, "Calcium builds up in the skin."),), citations=(1,)),
            Block(
                "list",
                (Span("a", 240, 260, "Treatments include:"),),
                items=(Span("a", 261, 270, "Diltiazem"), Span("a", 271, 280, "Surgery")),
                citations=(2,),
            ),
            Block("quote", (Span("b", 0, 10, "It is rare."),), citations=(3,)),
        ),
        citations=(
            _cite(1, "a", 110, 140, "Calcium builds up in the skin."),
            _cite(2, "a", 240, 280, "Treatments include: Diltiazem Surgery"),
            _cite(3, "b", 0, 10, "It is rare."),
        ),
        abstained=False,
        alert=alert,
    )


def _item(expected: str = "answer", gold=GOLD, acceptable=ACCEPTABLE) -> EvalItem:
    return EvalItem(
        id="pv-1", category="definition" if expected == "answer" else "out_of_scope", turns=("what is it",),
        expected=expected, source_ids=("a",) if expected == "answer" else (), facts=(("calcium",),) if expected == "answer" else (),
        style="patient", followup=False, voice="short", split="tune", gold=gold, acceptable=acceptable,
    )


def test_overlap_is_same_article_and_half_open():
    assert metrics.overlaps(("a", 120, 140), GOLD)
    assert metrics.overlaps(("a", 90, 101), GOLD)
    assert not metrics.overlaps(("a", 130, 140), GOLD)  # [100, 130) ends where the citation starts
    assert not metrics.overlaps(("a", 50, 100), GOLD)
    assert not metrics.overlaps(("b", 100, 130), GOLD)  # same offsets, another article


def test_lead_gold_looks_at_the_first_quoted_block_only():
    blocks = [(("b", 0, 10),), (("a", 110, 140),)]
    assert not metrics.lead_gold(blocks, GOLD)
    assert metrics.lead_gold(blocks[::-1], GOLD)
    assert metrics.lead_gold([(("b", 0, 10), ("a", 110, 140))], GOLD)  # any citation of the block
    assert not metrics.lead_gold([], GOLD)


def test_sentence_precision_counts_blocks_on_gold_or_acceptable():
    blocks = [(("a", 110, 140),), (("a", 240, 280),), (("b", 0, 10),), (("b", 0, 10), ("b", 510, 530))]
    assert metrics.sentence_precision(blocks, GOLD, ACCEPTABLE) == 0.75
    assert metrics.sentence_precision(blocks, GOLD, ()) == 0.25
    assert metrics.sentence_precision([], GOLD, ACCEPTABLE) is None


def test_answer_blocks_give_lead_gold_precision_and_words():
    answer = _answer()
    assert quoted_blocks(answer) == [(("a", 110, 140),), (("a", 240, 280),), (("b", 0, 10),)]
    assert gold_scores(answer, _item()) == {"lead_gold": True, "sentence_precision": pytest.approx(2 / 3)}
    assert gold_scores(answer, _item(gold=(("b", 0, 5),)))["lead_gold"] is False  # gold only in the last quote
    # The words of the quotes, the list's intro and items, and the note; no markers, bullets or alert.
    assert body_texts(answer) == [
        "Here is what the articles say.", "Calcium builds up in the skin.", "Treatments include:", "Diltiazem",
        "Surgery", "It is rare.",
    ]
    assert metrics.word_count(body_texts(answer)) == 6 + 6 + 2 + 1 + 1 + 3
    alerted = _answer(Alert("urgent", "Please see a doctor today."))
    assert metrics.word_count(body_texts(alerted)) == 19
    assert "[1]" in alerted.text and "Please see a doctor today." in alerted.text


def test_gold_scores_only_for_answered_answerable_items_with_gold():
    refusal = Answer((Block.note("The articles I can quote from do not answer that."),), (), abstained=True, route="abstain")
    assert gold_scores(refusal, _item()) == {"lead_gold": None, "sentence_precision": None}
    assert metrics.word_count(body_texts(refusal)) == 10  # a refusal's words count too
    assert gold_scores(_answer(), _item(gold=(), acceptable=())) == {"lead_gold": None, "sentence_precision": None}
    assert gold_scores(_answer(), _item("abstain", (), ())) == {"lead_gold": None, "sentence_precision": None}
    only_note = Answer((Block.note("See a doctor."),), (), abstained=False, route="urgent")
    assert gold_scores(only_note, _item()) == {"lead_gold": False, "sentence_precision": 0.0}


def test_patient_voice_summary_per_split_and_voice():
    def patient(id, split, voice="short", **changes):
        return _result(id, style="patient", split=split, voice=voice, **changes)

    results = [
        _result("t1", words=50),
        _result("t2", expected="abstain", abstained=True, fact_recall=None, correct=None, source_hit=None),
        patient("p1", "tune", lead_gold=True, sentence_precision=1.0, words=40),
        patient("p2", "tune", "relative", lead_gold=False, sentence_precision=0.5, words=80, fact_recall=0.5),
        patient("p3", "holdout", abstained=True, correct=False, fact_recall=0.0, source_hit=False, words=12),
        patient("p4", "holdout", expected="abstain", abstained=False, fact_recall=None, correct=None, source_hit=None),
    ]
    split = patient_voice(results)
    assert split["tune"] == {
        "answerable": 2.0, "out_of_scope": 0.0, "fact_recall": 0.75, "source_hit_rate": 1.0,
        "false_abstention_rate": 0.0, "oos_abstention_rate": None, "lead_gold_rate": 0.5,
        "sentence_precision": 0.75, "mean_words": 60.0,
    }
    assert split["holdout"]["false_abstention_rate"] == 1.0 and split["holdout"]["oos_abstention_rate"] == 0.0
    assert split["holdout"]["lead_gold_rate"] is None and split["holdout"]["mean_words"] is None  # nothing answered
    assert split["both"]["answerable"] == 3.0 and split["both"]["fact_recall"] == pytest.approx(0.5)
    textbook = group_summary([r for r in results if not r.patient])
    assert textbook["answerable"] == 1.0 and textbook["oos_abstention_rate"] == 1.0
    assert textbook["lead_gold_rate"] is None and textbook["mean_words"] == 50.0
    assert set(by_voice(results)) == {"short", "relative"} and by_voice(results)["relative"]["answerable"] == 1.0


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
