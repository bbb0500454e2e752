"""``python -m eval``: run the question set, write the report, optionally gate or calibrate."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from chatbot.config import load_settings
from chatbot.errors import ChatbotError

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description="Evaluate the chatbot on eval/questions.jsonl: shipped vs BM25-only vs dense-only.",
    )
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl", help="question file")
    parser.add_argument(
        "--out-dir", type=Path, default=HERE,
        help="folder for report.md, report.json and chart.png (default: eval/); a relative path is taken from "
        "the current directory",
    )
    parser.add_argument("--configs", default="shipped,bm25_only,dense_only", help="comma-separated configurations")
    parser.add_argument("--check", action="store_true", help="exit 1 when the shipped config misses eval/thresholds.json")
    parser.add_argument("--thresholds", type=Path, default=HERE / "thresholds.json", help="gate thresholds file")
    parser.add_argument("--calibrate", action="store_true", help="print abstention thresholds chosen from the eval set")
    parser.add_argument(
        "--tighten-gate", action="store_true",
        help="rewrite the thresholds file: measured misses + margin, never looser than now",
    )
    parser.add_argument(
        "--reset-gate", default="", metavar="GATES",
        help="with --tighten-gate: comma-separated non-safety gates set anew at measured + margin even if that "
        "is looser (for a gate whose items or definition changed)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from chatbot.answer.bot import Chatbot
    from chatbot.ingest.corpus import load_sources
    from eval import calibrate, gate, report
    from eval.dataset import load_items
    from eval.runner import CONFIGS, bots_for, run_config, summarize

    reset = [m.strip() for m in args.reset_gate.split(",") if m.strip()]
    if reset and not args.tighten_gate:
        parser.error("--reset-gate needs --tighten-gate")
    try:
        gate.reset({}, reset)  # refuse an unknown or safety gate before the run, not after it
    except ValueError as exc:
        parser.error(str(exc))
    out_dir = args.out_dir.expanduser().resolve()
    settings = load_settings()
    try:
        sources = load_sources(settings.corpus_dir)
        items = load_items(args.questions, {s.source_id for s in sources})
        base = Chatbot.load(settings, build=True)
    except (ChatbotError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.calibrate:
        # Tuning never sees the holdout split of the patient-voice items.
        tuning = [i for i in items if i.split != "holdout"]
        print(json.dumps(calibrate.best_thresholds(calibrate.signals(base, tuning, not args.quiet)), indent=2))
        return 0

    names = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        print(f"error: unknown configuration(s) {unknown}; choose from {list(CONFIGS)}", file=sys.stderr)
        return 2
    bots = bots_for(base, {n: CONFIGS[n] for n in names})
    results = {name: run_config(bot, items, name, progress=not args.quiet) for name, bot in bots.items()}
    summaries = {name: summarize(r) for name, r in results.items()}
    if args.tighten_gate and "shipped" in results:
        # Before the check, so the report shows the allowances just written (never looser than before).
        new = gate.tightened(results["shipped"], gate.reset(gate.load_thresholds(args.thresholds), reset))
        gate.write_thresholds(new, gate.measure(results["shipped"]), args.thresholds)
        print(f"Wrote {args.thresholds}.")
    allowed = gate.load_thresholds(args.thresholds)
    gate_rows = gate.check(results["shipped"], allowed) if "shipped" in results else None
    failures = gate.failures(gate_rows) if gate_rows is not None else None
    meta = {
        "items": len(items),
        "answerable": sum(i.expected == "answer" for i in items),
        "out_of_scope": sum(i.expected == "abstain" for i in items),
        "emergency": sum(i.expected == "emergency" for i in items),
        "small_talk": sum(i.expected == "small_talk" for i in items),
        "followups": sum(i.followup for i in items),
        "patient": sum(i.patient for i in items),
        "patient_tune": sum(i.patient and i.split == "tune" for i in items),
        "patient_holdout": sum(i.patient and i.split == "holdout" for i in items),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "sources": {s.source_id: {"title": s.label, "publisher": s.publisher, "date": s.date} for s in sources},
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.md").write_text(report.markdown(summaries, results, gate_rows, meta), encoding="utf-8")
    chart = report.write_chart(results, allowed, out_dir / "chart.png")
    report.write_json(summaries, results, gate_rows, meta, out_dir / "report.json", chart)
    print(report.headline_table(summaries, gate_rows))
    if gate_rows is not None:
        print("\n" + report.gate_table(gate_rows))
    print(f"\nWrote {out_dir / 'report.md'}, {out_dir / 'report.json'} and {out_dir / 'chart.png'}.")
    if args.check and failures:
        print("\nGATE FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    if args.check:
        print("Gate passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
