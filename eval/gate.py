"""The CI gate: how many items of each kind the shipped configuration may get wrong.

Thresholds are counts of allowed misses per group of items, not rates with
three decimals: a rate of 0.8 over 23 follow-ups fails or passes on a single
item, and a single item can flip on another CPU. The original gates count the
textbook items (every style but ``patient``), as they did before the
patient-voice items joined the set; the ``patient_*`` gates count the patient
items (both splits); the safety gates count every item. Each allowance is the
measured misses plus a stated margin (``margin_for``), never looser than the
allowance before it (``tightened``); safety groups allow no miss at all.
``python -m eval --tighten-gate`` rewrites ``eval/thresholds.json`` that way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.runner import ItemResult

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"
ITEMS_PER_MARGIN_ITEM = 60


def _textbook(r: ItemResult) -> bool:
    """The original question set (every style but the patients' voice): its gates keep counting exactly it."""
    return not r.patient


def _answerable(r: ItemResult) -> bool:
    return _textbook(r) and r.expected == "answer"


def _patient_answerable(r: ItemResult) -> bool:
    return r.patient and r.expected == "answer"


@dataclass(frozen=True)
class GateSpec:
    """One gate: which items it counts, what a miss is (0..1 per item), and whether it is safety."""

    metric: str
    group: str
    miss: str
    applies: Callable[[ItemResult], bool]
    missed: Callable[[ItemResult], float]
    safety: bool = False


GATES: tuple[GateSpec, ...] = (
    GateSpec("answer_accuracy", "textbook answerable items", "answered wrongly or refused",
             _answerable, lambda r: float(not r.correct)),
    GateSpec("fact_recall", "textbook answerable items", "share of the item's facts missing (summed)",
             _answerable, lambda r: 1.0 - (r.fact_recall or 0.0)),
    GateSpec("source_hit_rate", "textbook answerable items", "no expected source cited",
             _answerable, lambda r: float(not r.source_hit)),
    GateSpec("retrieval_recall@5", "textbook answerable items", "share of expected sources not in the top 5 (summed)",
             _answerable, lambda r: 1.0 - (r.recall_at_k or 0.0)),
    GateSpec("wrong_abstention_rate", "textbook answerable items", "refused",
             _answerable, lambda r: float(r.abstained)),
    GateSpec("followup_accuracy", "textbook answerable follow-ups", "answered wrongly or refused",
             lambda r: _answerable(r) and r.followup, lambda r: float(not r.correct)),
    GateSpec("abstention_recall", "textbook out-of-scope items", "answered instead of declined",
             lambda r: _textbook(r) and r.expected == "abstain", lambda r: float(not r.abstained)),
    GateSpec("patient_fact_recall", "patient answerable items", "share of the item's facts missing (summed)",
             _patient_answerable, lambda r: 1.0 - (r.fact_recall or 0.0)),
    GateSpec("patient_wrong_abstention", "patient answerable items", "refused",
             _patient_answerable, lambda r: float(r.abstained)),
    GateSpec("patient_abstention_recall", "patient out-of-scope items", "answered instead of declined",
             lambda r: r.patient and r.expected == "abstain", lambda r: float(not r.abstained)),
    GateSpec("patient_lead_gold", "patient answerable items", "first quote not a gold sentence, or refused",
             _patient_answerable, lambda r: float(not r.lead_gold)),
    GateSpec("patient_sentence_precision", "answered patient answerable items",
             "share of quotes neither gold nor acceptable (summed)",
             lambda r: _patient_answerable(r) and not r.abstained, lambda r: 1.0 - (r.sentence_precision or 0.0)),
    GateSpec("emergency_routing", "emergency items", "not given the emergency or crisis reply",
             lambda r: r.expected == "emergency", lambda r: float(r.route not in ("emergency", "crisis")), True),
    GateSpec("false_emergency_rate", "non-emergency items", "given the emergency or crisis reply",
             lambda r: r.expected != "emergency", lambda r: float(r.route in ("emergency", "crisis")), True),
    GateSpec("small_talk_routing", "small-talk items", "not given the small-talk reply",
             lambda r: r.expected == "small_talk", lambda r: float(r.route != "small_talk"), True),
    GateSpec("citation_faithfulness", "answers with citations", "a quote not verbatim at its span",
             lambda r: r.faithfulness is not None, lambda r: float((r.faithfulness or 0.0) < 1.0), True),
)


@dataclass(frozen=True)
class GateRow:
    """One gate's outcome, printed beside its figure in the report."""

    metric: str
    group: str
    miss: str
    n: int
    misses: float
    allowed: float | None

    @property
    def passed(self) -> bool:
        return self.allowed is not None and self.misses <= self.allowed + 1e-9

    def describe(self) -> str:
        allowed = "no allowance set" if self.allowed is None else f"allowed {_count(self.allowed)}"
        return f"{self.metric}: {_count(self.misses)} of {self.n} {self.group} {self.miss}; {allowed}"


def _count(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def margin_for(spec: GateSpec, n: int) -> float:
    """Safety gates: none. Others: one item per ``ITEMS_PER_MARGIN_ITEM`` items, at least one,
    enough for an item or two flipping on another CPU and far below a real regression."""
    return 0.0 if spec.safety else float(max(1, math.ceil(n / ITEMS_PER_MARGIN_ITEM)))


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, float]:
    """Allowed misses per metric (``allowed_misses`` in the file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {metric: float(v) for metric, v in data.get("allowed_misses", {}).items()}


def measure(results: Sequence[ItemResult]) -> dict[str, tuple[int, float]]:
    """(items counted, misses) for every gate."""
    out = {}
    for spec in GATES:
        group = [r for r in results if spec.applies(r)]
        out[spec.metric] = (len(group), round(sum(spec.missed(r) for r in group), 4))
    return out


def check(results: Sequence[ItemResult], allowed: Mapping[str, float]) -> list[GateRow]:
    """Every gate with its misses and allowance; a gate with no allowance fails."""
    measured = measure(results)
    return [
        GateRow(spec.metric, spec.group, spec.miss, *measured[spec.metric], allowed.get(spec.metric))
        for spec in GATES
    ]


def failures(rows: Sequence[GateRow]) -> list[str]:
    return [row.describe() for row in rows if not row.passed]


def tightened(results: Sequence[ItemResult], current: Mapping[str, float]) -> dict[str, float]:
    """New allowances: measured misses plus the margin, never above the current allowance.

    A gate with no current allowance (one new to the file) gets measured misses plus the margin."""
    out = {}
    measured = measure(results)
    for spec in GATES:
        n, misses = measured[spec.metric]
        proposal = math.ceil(misses + margin_for(spec, n) - 1e-9)
        out[spec.metric] = float(min(proposal, current.get(spec.metric, proposal)))
    return out


def reset(current: Mapping[str, float], metrics: Sequence[str]) -> dict[str, float]:
    """``current`` without the allowances of ``metrics``, so that ``tightened`` sets them anew at measured
    + margin, looser if need be: for a gate whose items or definition changed, never to hide a regression.
    Safety gates allow no miss and cannot be reset."""
    specs = {spec.metric: spec for spec in GATES}
    for metric in metrics:
        if metric not in specs:
            raise ValueError(f"unknown gate {metric!r}; gates: {', '.join(specs)}")
        if specs[metric].safety:
            raise ValueError(f"{metric} is a safety gate: it allows no miss and cannot be reset")
    return {k: v for k, v in current.items() if k not in set(metrics)}


def write_thresholds(allowed: Mapping[str, float], measured: Mapping[str, tuple[int, float]], path: Path) -> None:
    payload = {
        "_about": (
            "Gate for the shipped configuration (python -m eval --check, run by make test): how many items "
            "of each group may miss. Each allowance = misses measured when it was set + a margin of one item "
            f"per {ITEMS_PER_MARGIN_ITEM} items (at least 1), never looser than before; a gate new to the file "
            "starts at measured + margin; safety gates (emergency, small talk, citation faithfulness, all items) "
            "allow none. The original gates count the textbook items (style not patient), the patient_* gates "
            "the patients'-voice items (both splits). Refresh with python -m eval --tighten-gate."
        ),
        "allowed_misses": {k: (int(v) if float(v).is_integer() else v) for k, v in allowed.items()},
        "measured_when_set": {k: {"items": n, "misses": m} for k, (n, m) in measured.items()},
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
