"""Hostile clients against a live server: every case of the hardening issue, measured.

    python -m eval.perf.attack                    # all cases: eval/perf/attack.json and attack.md
    python -m eval.perf.attack --cases histories,connections

Starts ``python app.py`` (the real model and index, default settings) on a free
loopback port and plays each attacker from its own loopback address
(127.0.x.y), next to a normal client from another, as they would be on a
network. Each case states its target; the report says which were met. The
replica case runs ``deploy/replicas.sh`` (two replicas, Redis, nginx). Traffic
goes to loopback only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.perf.attack_cases import SERVER_CASES
from eval.perf.attack_deploy import OTHER_CASES
from eval.perf.common import Server, log

OUT_DIR = Path(__file__).resolve().parent


def _target(case: Callable[..., object]) -> str:
    """A case's first docstring paragraph: what it shows and its target."""
    return " ".join((case.__doc__ or "").split("\n\n")[0].split())


def markdown(report: dict[str, Any]) -> str:
    out = ["# Attack report", "", f"{report['machine']}; `python -m eval.perf.attack`, {report['date']}.", "",
           "| case | target | met | figures |", "| --- | --- | --- | --- |"]
    for name, result in report["cases"].items():
        figures = {k: v for k, v in result.items() if k not in ("met", "kinds", "target")}
        out.append(f"| {name} | {result.get('target', '')} | {'yes' if result['met'] else '**no**'} | "
                   f"`{json.dumps(figures)}` |")
    kinds = report["cases"].get("histories", {}).get("kinds", {})
    if kinds:
        out += ["", "## Hostile histories", "", f"Normal client alone: median {report['cases']['histories']['baseline_s']['median']} s.",
                "", "| attack | hostile median s | hostile worst s | statuses | normal median s | x baseline | met |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        for name, k in kinds.items():
            out.append(f"| {name} | {k['hostile_s']['median']} | {k['hostile_worst_s']} | {k['hostile_statuses']} | "
                       f"{k['normal_s']['median']} | {k['normal_vs_baseline']} | {'yes' if k['met'] else '**no**'} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=",".join([*SERVER_CASES, *OTHER_CASES]), help="comma-separated cases")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(wanted) - set(SERVER_CASES) - set(OTHER_CASES)
    if unknown:
        parser.error(f"unknown case(s) {', '.join(sorted(unknown))}; known: {', '.join([*SERVER_CASES, *OTHER_CASES])}")
    cases: dict[str, Any] = {}
    if set(wanted) & set(SERVER_CASES):
        log("starting the server")
        server = Server(lift_limits=False, keep_log=True)  # the shipped limits; the cases read its log
        try:
            server.wait_healthy()
            for name in [c for c in SERVER_CASES if c in wanted]:
                log(f"case {name}")
                cases[name] = {"target": _target(SERVER_CASES[name]), **SERVER_CASES[name](server)}
        finally:
            server.stop()
    for name in [c for c in OTHER_CASES if c in wanted]:
        log(f"case {name}")
        cases[name] = {"target": _target(OTHER_CASES[name]), **OTHER_CASES[name]()}
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
              "cases": cases, "all_met": all(c["met"] for c in cases.values())}
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "attack.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out_dir / "attack.md").write_text(markdown(report), encoding="utf-8")
    log(f"wrote {args.out_dir / 'attack.md'}; all targets met: {report['all_met']}")
    return 0 if report["all_met"] else 1


if __name__ == "__main__":
    sys.exit(main())

