"""``python -m eval.sweep``: try a grid of settings on the question set, print a ranked table.

How the shipped fusion and composer parameters were chosen (see README). Each
grid point changes global settings only, never anything per question; keep the
grid small, since every point answers the whole question set.

    python -m eval.sweep --grid retrieval.dense_weight=0.5,1 --grid retrieval.top_k=5,8
"""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import Any

from chatbot.answer.bot import Chatbot
from chatbot.config import load_settings
from eval.dataset import load_items
from eval.runner import patient_voice, run_config, summarize, textbook

SHOWN = ["answer_accuracy", "fact_recall", "source_hit_rate", "followup_accuracy", "abstention_recall", "wrong_abstention_rate"]
# With --patient: the patient items' *tune* split only (the holdout split is never shown while
# tuning), beside the textbook items, which must not get worse.
PATIENT_SHOWN = ["fact_recall", "lead_gold_rate", "sentence_precision", "mean_words", "false_abstention_rate", "oos_abstention_rate"]


def _row(results: list[Any], patient: bool) -> dict[str, float]:
    if not patient:
        return {k: v or 0.0 for k, v in summarize(results).items() if k in SHOWN}
    tune, book = patient_voice(results)["tune"], textbook(results)
    row = {f"tune {k}": tune[k] or 0.0 for k in PATIENT_SHOWN}
    row.update({"textbook fact_recall": book["fact_recall"] or 0.0, "textbook false_abstention": book["false_abstention_rate"] or 0.0})
    return row


def _parse(spec: str) -> tuple[str, str, list[Any]]:
    name, _, values = spec.partition("=")
    group, _, field = name.partition(".")
    if not field or not values:
        raise argparse.ArgumentTypeError(f"--grid wants group.field=v1,v2, got {spec!r}")
    return group, field, [_value(v) for v in values.split(",")]


def _value(text: str) -> Any:
    """"0.5" -> 0.5, "4" -> 4, "true"/"false" -> a bool (a non-empty string would always be true), else the text."""
    if text.lower() in {"true", "false"}:
        return text.lower() == "true"
    if "." in text:
        return float(text)
    return int(text) if text.lstrip("-").isdigit() else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.sweep", description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="append", type=_parse, required=True, help="group.field=v1,v2 (repeatable)")
    parser.add_argument("--patient", action="store_true", help="show the patient items' tune split and the textbook items")
    args = parser.parse_args(argv)
    base = Chatbot.load(load_settings(), build=True)
    items = load_items()
    rows = []
    for combo in itertools.product(*[[(g, f, v) for v in vs] for g, f, vs in args.grid]):
        changes: dict[str, dict[str, Any]] = {}
        for group, field, value in combo:
            changes.setdefault(group, {})[field] = value
        bot = base.with_settings(base.settings.replace(**changes))
        summary = _row(run_config(bot, items, "sweep", progress=False), args.patient)
        label = " ".join(f"{g}.{f}={v}" for g, f, v in combo)
        rows.append((label, summary))
        print(f"{label}: " + " ".join(f"{k}={v:.3f}" for k, v in summary.items()), file=sys.stderr, flush=True)
    shown = list(rows[0][1]) if rows else []
    print("| setting | " + " | ".join(shown) + " |\n|---|" + "---|" * len(shown))
    for label, summary in rows:
        print(f"| {label} | " + " | ".join(f"{summary[k]:.3f}" for k in shown) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
