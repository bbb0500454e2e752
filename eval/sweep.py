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
from eval.runner import run_config, summarize

SHOWN = ["answer_accuracy", "fact_recall", "source_hit_rate", "followup_accuracy", "abstention_recall", "wrong_abstention_rate"]


def _parse(spec: str) -> tuple[str, str, list[Any]]:
    name, _, values = spec.partition("=")
    group, _, field = name.partition(".")
    if not field or not values:
        raise argparse.ArgumentTypeError(f"--grid wants group.field=v1,v2, got {spec!r}")
    return group, field, [float(v) if "." in v else int(v) if v.lstrip("-").isdigit() else v for v in values.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.sweep", description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="append", type=_parse, required=True, help="group.field=v1,v2 (repeatable)")
    args = parser.parse_args(argv)
    base = Chatbot.load(load_settings(), build=True)
    items = load_items()
    rows = []
    for combo in itertools.product(*[[(g, f, v) for v in vs] for g, f, vs in args.grid]):
        changes: dict[str, dict[str, Any]] = {}
        for group, field, value in combo:
            changes.setdefault(group, {})[field] = value
        bot = base.with_settings(base.settings.replace(**changes))
        summary = summarize(run_config(bot, items, "sweep", progress=False))
        label = " ".join(f"{g}.{f}={v}" for g, f, v in combo)
        rows.append((summary["answer_accuracy"] or 0, label, summary))
        print(f"{label}: " + " ".join(f"{k}={summary[k]:.3f}" for k in SHOWN), file=sys.stderr, flush=True)
    print("| setting | " + " | ".join(SHOWN) + " |\n|---|" + "---|" * len(SHOWN))
    for _, label, summary in sorted(rows, key=lambda r: -r[0]):
        print(f"| {label} | " + " | ".join(f"{summary[k]:.3f}" for k in SHOWN) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
