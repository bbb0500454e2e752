"""The eval report says what each figure means and what the gate demands of it, names the articles,
draws the thresholds on the chart and writes where ``--out-dir`` says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import report
from eval.gate import check
from tests.test_eval_gate import _refused, _result

SOURCES = {"000": {"title": "What Is Calcinosis Cutis?", "publisher": None, "date": "May 06, 2023"},
           "002": {"title": "Calcinosis cutis", "publisher": "Verywell", "date": None}}
META = {"items": 4, "answerable": 3, "out_of_scope": 1, "emergency": 0, "small_talk": 0, "followups": 0,
        "when": "now", "cores": 2, "sources": SOURCES}


def _results():
    return {
        "shipped": [_result("t1"), _result("t2", correct=False, fact_recall=0.5, expected_sources=("002",)),
                    _refused("t3", "lay"), _result("t4", expected="abstain", abstained=True, faithfulness=None)],
        "bm25_only": [_result("t1"), _result("t2"), _result("t3"), _result("t4", expected="abstain")],
    }


ALLOWED = {"answer_accuracy": 2.0, "wrong_abstention_rate": 1.0, "fact_recall": 1.0}


@pytest.mark.unit
def test_headline_rows_carry_their_definition_and_the_gate_bound():
    from eval.runner import summarize

    results = _results()
    rows = check(results["shipped"], ALLOWED)
    table = report.headline_table({c: summarize(r) for c, r in results.items()}, rows)
    assert "| gate (shipped) | definition |" in table.splitlines()[0]
    accuracy = next(line for line in table.splitlines() if line.startswith("| answer_accuracy |"))
    # 2 of 3 textbook answerable items may miss: the rate must stay at or above 1 - 2/3.
    assert "≥ 0.333 (2 of 3 textbook answerable items may miss)" in accuracy
    assert report.DEFINITIONS["answer_accuracy"] in accuracy
    refused = next(line for line in table.splitlines() if line.startswith("| wrong_abstention_rate |"))
    assert "≤ 0.333" in refused and "lower is better" in refused
    assert "not gated" in next(line for line in table.splitlines() if line.startswith("| retrieval_mrr |"))
    assert set(report.DEFINITIONS) == set(report.HEADLINE)


@pytest.mark.unit
def test_gate_table_shows_the_figure_and_the_threshold_as_rates():
    rows = check(_results()["shipped"], ALLOWED)
    line = next(x for x in report.gate_table(rows).splitlines() if x.startswith("| answer_accuracy"))
    assert "| 0.333 | ≥ 0.333 | pass |" in line  # 2 of 3 missed, 2 allowed
    unset = next(x for x in report.gate_table(rows).splitlines() if x.startswith("| emergency_routing"))
    assert "| unset | n/a | n/a | **FAIL** |" in unset


@pytest.mark.unit
def test_the_report_names_sources_by_title_and_points_at_files_beside_it():
    from eval.runner import summarize

    results = _results()
    text = report.markdown({c: summarize(r) for c, r in results.items()}, results,
                           check(results["shipped"], ALLOWED), META)
    assert "from sources [002 (Calcinosis cutis, Verywell)]" in text
    assert "| 000 | What Is Calcinosis Cutis? |" in text
    assert "![" in text and "](chart.png)" in text
    assert "`report.json`, beside this file" in text and "eval/report.json" not in text


@pytest.mark.unit
def test_chart_draws_a_threshold_for_each_gated_metric(tmp_path: Path):
    results = _results()
    data = report.write_chart(results, ALLOWED, tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["answer_accuracy"]["threshold"] == pytest.approx(1 / 3)
    assert data["answer_accuracy"]["figures"] == {"shipped": pytest.approx(1 / 3), "bm25_only": 1.0}
    assert data["wrong_abstention_rate"]["threshold"] == pytest.approx(1 / 3)  # a share refused, lower is better
    assert data["patient_lead_gold"]["threshold"] is None  # no allowance, no line


@pytest.mark.integration
def test_out_dir_receives_every_file_and_eval_folder_is_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from eval.__main__ import HERE, main

    questions = tmp_path / "q.jsonl"
    questions.write_text("".join((HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines(True)[:2]))
    before = {p.name: p.stat().st_mtime_ns for p in HERE.iterdir() if p.is_file()}
    monkeypatch.chdir(tmp_path)
    assert main(["--questions", str(questions), "--configs", "shipped", "--quiet", "--out-dir", "out"]) == 0
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} == {"report.md", "report.json", "chart.png"}
    payload = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert payload["meta"]["sources"]["003"]["publisher"] == "Medscape"
    assert payload["gate"][0]["threshold"] is not None and payload["definitions"]
    assert {p.name: p.stat().st_mtime_ns for p in HERE.iterdir() if p.is_file()} == before
