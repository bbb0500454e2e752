"""``python -m eval.perf.bench``: where the time goes, measured, written to eval/bench.json and eval/bench.md.

Every figure is a median and p95 over repetitions on this machine, with its
core count recorded; comparisons are ratios within one run (the machines are
shared and noisy). Nothing here is asserted: it is a measurement, not a test.

    python -m eval.perf.bench            # everything up to 100k synthetic chunks (a few minutes)
    python -m eval.perf.bench --full     # adds the 1M-chunk scale run (well under 30 min on 2 cores)

The server embeds questions with onnxruntime; the torch model (which builds
the index, and served questions before) is measured in the same run for
comparison: its query embedding beside the ONNX one, and a whole torch-mode
server (cold start, throughput, memory) beside the ONNX-mode one.

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
from eval.perf.http_load import compare_over_http, compare_servers, scale_out
from eval.perf.parity import answer_parity
from eval.perf.report import markdown
from eval.perf.scale import scale_up
from eval.perf.stages import in_process, overlap_gain, triage_cost
from eval.perf.startup import cold_start_floor, index_build

HERE = Path(__file__).resolve().parent
EVAL_DIR = HERE.parent


def machine() -> dict[str, Any]:
    """What the figures were measured on: cores, CPU model, memory, load, versions."""
    from importlib import metadata

    cpu = next((line.split(":", 1)[1].strip() for line in _read_lines("/proc/cpuinfo") if line.startswith("model name")), "unknown")
    mem = next((line.split()[1] for line in _read_lines("/proc/meminfo") if line.startswith("MemTotal:")), "0")
    versions = {}
    for pkg in ("onnxruntime", "torch", "sentence-transformers", "faiss-cpu", "gradio", "numpy"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    return {
        "cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(int(mem) / 1024 / 1024, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


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
    parser.add_argument("--out-dir", type=Path, default=EVAL_DIR, help="where bench.json and bench.md go (default: eval/)")
    parser.add_argument(
        "--in-process-only", action="store_true",
        help="only the in-process latency and the triage cost (seconds, not minutes); writes the report to --out-dir",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from chatbot.answer.bot import Chatbot
    from chatbot.search.embedding import index_embedder_for, torch_embedder

    settings = load_settings()
    cached = Chatbot.load(settings, build=True)
    bot = cached.with_settings(settings.replace(query_cache_size=0))  # measure real work, not cache hits
    reference = torch_embedder(settings)
    reference.warm_up()
    qs = questions()
    result: dict[str, Any] = {"machine": machine()}
    log(f"in-process latency ({type(bot.embedder).__name__}, against {type(reference).__name__})")
    result["in_process"] = in_process(bot, qs, args.repeats, reference)
    for q in qs:
        cached.answer(q)
    t = time.perf_counter()
    for q in qs:
        cached.answer(q)
    result["in_process"]["repeated_question_cached_ms"] = round((time.perf_counter() - t) * 1000 / len(qs), 3)
    log("triage cost")
    result["triage"] = triage_cost(bot, qs, args.repeats)
    log("reading beside the embedding")
    result["overlap"] = overlap_gain(bot, qs, args.repeats)
    result["parity"] = answer_parity(bot, reference)
    if args.in_process_only:
        write(result, args.out_dir)
        return 0
    log("index build")
    result["index"] = index_build(settings, index_embedder_for(settings, bot.embedder))
    log("cold-start floor")
    floor = cold_start_floor()
    log("HTTP load: ONNX server and torch server (the previous mode), loaded in turn over 3 rounds")
    servers = compare_over_http(qs, ("onnx", "torch"), rounds=3)
    result["http"], result["http_torch"] = servers["onnx"], servers["torch"]
    result["onnx_over_torch"] = compare_servers(result["http"], result["http_torch"], servers["onnx_over_torch_rounds"])
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
