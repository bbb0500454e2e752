"""The CI gate: thresholds the shipped configuration must meet (``eval/thresholds.json``).

Thresholds start at what the system reaches honestly and only ever go up.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"min": data.get("min", {}), "max": data.get("max", {})}


def check(summary: Mapping[str, float | None], thresholds: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Human-readable failures; empty when every threshold is met. A missing metric fails."""
    problems = []
    for metric, floor in thresholds.get("min", {}).items():
        value = summary.get(metric)
        if value is None or value < floor:
            problems.append(f"{metric} = {value if value is None else round(value, 4)} is below the minimum {floor}")
    for metric, ceiling in thresholds.get("max", {}).items():
        value = summary.get(metric)
        if value is None or value > ceiling:
            problems.append(f"{metric} = {value if value is None else round(value, 4)} is above the maximum {ceiling}")
    return problems
