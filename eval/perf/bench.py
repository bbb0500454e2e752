"""``python -m eval.perf.bench``: where the time goes, measured, written to eval/perf/bench.json and eval/perf/bench.md.

Every figure is a median and p95 over repetitions on this machine, with its
core count recorded; comparisons are ratios within one run (the machines are
shared and noisy). Nothing here is asserted: it is a measurement, not a test.

    python -m eval.perf.bench            # everything up to 100k synthetic chunks (a few minutes)
    python -m eval.perf.bench --full     # adds the 1M-chunk scale run (well under 30 min on 2 cores)

The measurements live in their own modules: ``stages`` (per answer, in
process, and the triage cost), ``http_load`` (HTTP throughput, scale out),
``startup`` (cold start, index build), ``scale`` (synthetic 10k-1M chunks);
``report`` writes the Markdown and ``common`` holds what they share.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from chatbot.config import load_settings
from eval.perf.common import log, questions
from eval.perf.http_load import over_http, scale_out
from eval.perf.report import markdown
from eval.perf.scale import scale_up
from eval.perf.stages import in_process, triage_cost
from eval.perf.startup import cold_start_floor, index_build

HERE = Path(__file__).resolve().parent


def write(result: dict[str, Any], out_dir: Path) -> None:
    """bench.json and bench.md into ``out_dir``; the Markdown also to stdout."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (out_dir / "bench.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.perf.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="include the 1M-chunk scale run")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions of the in-process question set")
    parser.add_argument("--out-dir", type=Path, default=HERE)
    parser.add_argument(
        "--in-process-only", action="store_true",
        help="only the in-process latency and the triage cost (seconds, not minutes); writes the report to --out-dir",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from chatbot.answer.bot import Chatbot

    settings = load_settings()
    cached = Chatbot.load(settings, build=True)
    bot = cached.with_settings(settings.replace(query_cache_size=0))  # measure real work, not cache hits
    qs = questions()
    result: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
    }
    log("in-process latency")
    result["in_process"] = in_process(bot, qs, args.repeats)
    for q in qs:
        cached.answer(q)
    t = time.perf_counter()
    for q in qs:
        cached.answer(q)
    result["in_process"]["repeated_question_cached_ms"] = round((time.perf_counter() - t) * 1000 / len(qs), 3)
    log("triage cost")
    result["triage"] = triage_cost(bot, qs, args.repeats)
    if args.in_process_only:
        write(result, args.out_dir)
        return 0
    log("index build")
    result["index"] = index_build(settings, bot.embedder)
    log("cold-start floor")
    floor = cold_start_floor()
    log("HTTP load")
    result["http"] = over_http(qs)
    result["cold_start"] = {"floor_s": floor, "server_s": result["http"]["cold_start_s"],
                            "ratio": round(result["http"]["cold_start_s"] / floor["median"], 2)}
    log("scale out")
    result["scale_out"] = scale_out(qs)
    log("scale up")
    result["scale_up"] = scale_up(bot, [10_000, 100_000] + ([1_000_000] if args.full else []))
    write(result, args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
