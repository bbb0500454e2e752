"""Write the eval report: Markdown for people, JSON for programs, a PNG chart."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.gate import GateRow
from eval.runner import (
    ItemResult,
    by_category,
    by_voice,
    failures,
    patient_voice,
    textbook,
)

HEADLINE = [
    "retrieval_recall@5",
    "retrieval_mrr",
    "fact_recall",
    "source_hit_rate",
    "answer_accuracy",
    "citation_faithfulness",
    "abstention_precision",
    "abstention_recall",
    "wrong_abstention_rate",
    "followup_accuracy",
    "emergency_routing",
    "false_emergency_rate",
    "small_talk_routing",
    "latency_p50_ms",
    "latency_p95_ms",
]
CHARTED = [
    "retrieval_recall@5", "fact_recall", "source_hit_rate", "answer_accuracy",
    "abstention_recall", "wrong_abstention_rate", "followup_accuracy",
]


# The patient-voice columns: (key in ``runner.group_summary``, column heading).
VOICE_COLUMNS = [
    ("fact_recall", "fact recall"),
    ("source_hit_rate", "source hit"),
    ("false_abstention_rate", "false abstention"),
    ("oos_abstention_rate", "out-of-scope abstention"),
    ("lead_gold_rate", "lead sentence gold"),
    ("sentence_precision", "sentence precision"),
    ("mean_words", "words per answer"),
]


def fmt(value: float | None, metric: str = "") -> str:
    if value is None:
        return "n/a"
    if metric.endswith("_ms") or metric == "mean_words":
        return f"{value:.1f}"
    return f"{value:.3f}"


def voice_groups(results: Sequence[ItemResult]) -> dict[str, dict[str, float | None]]:
    """The rows of the patient-voice table for one configuration: textbook items, then patient items per split."""
    return {"textbook": textbook(results), **{f"patient {k}": v for k, v in patient_voice(results).items()}}


def _voice_row(label: str, row: Mapping[str, float | None]) -> str:
    counts = f"{int(row['answerable'] or 0)} + {int(row['out_of_scope'] or 0)}"
    return f"| {label} | {counts} | " + " | ".join(fmt(row[k], k) for k, _ in VOICE_COLUMNS) + " |"


def patient_voice_tables(results: Mapping[str, Sequence[ItemResult]]) -> str:
    """Textbook vs patient items (tune, holdout, both) per configuration, then the shipped one per voice."""
    head = "| " + " | ".join(h for _, h in VOICE_COLUMNS) + " |"
    lines = [
        "| config | group | answerable + out of scope " + head,
        "|---|---|---|" + "---|" * len(VOICE_COLUMNS),
    ]
    for config, rs in results.items():
        for label, row in voice_groups(rs).items():
            lines.append(f"| {config} " + _voice_row(label, row))
    shipped = results.get("shipped", next(iter(results.values())))
    name = "shipped" if "shipped" in results else next(iter(results))
    lines += [
        "",
        f"### Patient items by voice ({name} configuration, both splits)",
        "",
        "| voice | answerable + out of scope " + head,
        "|---|---|" + "---|" * len(VOICE_COLUMNS),
    ]
    lines += [_voice_row(voice, row) for voice, row in by_voice(shipped).items()]
    return "\n".join(lines)


def headline_table(summaries: Mapping[str, Mapping[str, float | None]]) -> str:
    configs = list(summaries)
    lines = ["| metric | " + " | ".join(configs) + " |", "|---|" + "---|" * len(configs)]
    for metric in HEADLINE:
        lines.append(f"| {metric} | " + " | ".join(fmt(summaries[c].get(metric), metric) for c in configs) + " |")
    return "\n".join(lines)


def gate_table(rows: Sequence[GateRow]) -> str:
    """Each gate: its figure as misses out of items, the allowance beside it, and the verdict."""
    lines = ["| gate | items | misses | allowed | result |", "|---|---|---|---|---|"]
    for row in rows:
        allowed = "unset" if row.allowed is None else f"{row.allowed:g}"
        lines.append(
            f"| {row.metric}: {row.miss} | {row.n} {row.group} | {row.misses:g} | {allowed} | "
            f"{'pass' if row.passed else '**FAIL**'} |"
        )
    return "\n".join(lines)


def _failure_lines(result: ItemResult) -> list[str]:
    turns = " → ".join(f"“{t}”" for t in result.turns)
    answer = " ".join(result.answer.split())
    if len(answer) > 400:
        answer = answer[:400] + " …"
    if result.expected == "answer":
        missing = [f[0] for f in result.facts if not any(w in result.answer.lower() for w in f)]
        want = f"facts {missing or 'all present'} from sources {list(result.expected_sources)}"
        got = (
            f"{'ABSTAINED' if result.abstained else 'answered'}, fact recall {fmt(result.fact_recall)}, "
            f"cited {list(dict.fromkeys(result.cited_sources))}"
        )
        if result.lead_gold is not None:
            got += (
                f", first quote {'gold' if result.lead_gold else 'NOT gold'}, "
                f"sentence precision {fmt(result.sentence_precision)}"
            )
    else:
        want, got = result.expected, f"route {result.route}"
    kind = f"{result.category}, patient voice {result.voice}, {result.split}" if result.patient else result.category
    lines = [
        f"- **{result.id}** ({kind}): {turns}",
        f"  - expected: {want}",
        f"  - got: {got}",
    ]
    if result.resolved_query and result.followup:
        lines.append(f"  - searched as: “{result.resolved_query}”")
    lines.append(f"  - answer: {answer}")
    return lines


def markdown(
    summaries: Mapping[str, Mapping[str, float | None]],
    results: Mapping[str, Sequence[ItemResult]],
    gate: Sequence[GateRow] | None,
    meta: Mapping[str, Any],
) -> str:
    shipped = results.get("shipped", next(iter(results.values())))
    out = [
        "# Evaluation report",
        "",
        f"{meta['items']} items from `eval/questions.jsonl` ({meta['answerable']} answerable, "
        f"{meta['out_of_scope']} out of scope, {meta['emergency']} emergencies, {meta['small_talk']} small talk; "
        f"{meta['followups']} follow-up conversations); {meta.get('patient', 0)} of them are in patients' own "
        f"voice ({meta.get('patient_tune', 0)} tune, {meta.get('patient_holdout', 0)} holdout), the rest are the "
        f"textbook items. Run {meta['when']} on {meta['cores']} cores.",
        "",
        "Configurations: **shipped** = hybrid retrieval (FAISS + BM25, RRF) with the sentence composer; "
        "**bm25_only** and **dense_only** use the same composer with one retriever.",
        "",
        "## Headline",
        "",
        "Over every item, textbook and patient voice together; the two are set side by side under "
        "*Patient voice* below.",
        "",
        headline_table(summaries),
        "",
        "## Gate (shipped configuration)",
        "",
    ]
    if gate is None:
        out.append("Not checked in this run.")
    else:
        out += [
            "Allowed misses per group from `eval/thresholds.json` (measured misses when set + a margin; "
            "safety gates allow none).",
            "",
            gate_table(gate),
            "",
            "All gates pass." if all(r.passed for r in gate) else "GATE FAILED.",
        ]
    out += [
        "",
        "## Patient voice",
        "",
        "Questions written as patients and relatives write them (style `patient`), each answerable one "
        "with the article sentences that answer it (gold) and those that acceptably support it. "
        "The **tune** split may guide changes to the bot; **holdout** may not: a gap between them is "
        "over-fitting. *Textbook* is every other item (all the other styles), for comparison. "
        "Fact recall, source hit and false abstention are over answerable items (a refusal scores 0 facts); "
        "out-of-scope abstention over out-of-scope items; lead sentence gold (the first quote overlaps a gold "
        "sentence), sentence precision (share of quotes overlapping a gold or acceptable sentence) and words "
        "per answer (quoted sentences and notes, without markers or alert) over answered answerable items. "
        "Textbook items have no gold sentences (n/a).",
        "",
        patient_voice_tables(results),
    ]
    out += ["", "## Shipped configuration by category", "", "| category | n | fact recall | answer accuracy |", "|---|---|---|---|"]
    for category, row in by_category(shipped).items():
        out.append(f"| {category} | {int(row['n'] or 0)} | {fmt(row['fact_recall'])} | {fmt(row['answer_accuracy'])} |")
    failed = failures(shipped)
    out += ["", f"## Failures of the shipped configuration ({len(failed)})", ""]
    for r in failed:
        out += _failure_lines(r)
    out += ["", "Per-question results for every configuration are in `eval/report.json`.", ""]
    return "\n".join(out)


def write_chart(summaries: Mapping[str, Mapping[str, float | None]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    configs = list(summaries)
    width = 0.8 / len(configs)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    for i, config in enumerate(configs):
        values = [summaries[config].get(m) or 0.0 for m in CHARTED]
        xs = [x + i * width for x in range(len(CHARTED))]
        bars = ax.bar(xs, values, width, label=config)
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    ax.set_xticks([x + width * (len(configs) - 1) / 2 for x in range(len(CHARTED))])
    ax.set_xticklabels([m.replace("_", "\n") for m in CHARTED], fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_title("Calcinosis cutis chatbot: evaluation by configuration (wrong abstention: lower is better)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_json(
    summaries: Mapping[str, Mapping[str, float | None]],
    results: Mapping[str, Sequence[ItemResult]],
    gate: Sequence[GateRow] | None,
    meta: Mapping[str, Any],
    path: Path,
) -> None:
    payload = {
        "meta": dict(meta),
        "summary": summaries,
        "by_category": {c: by_category(r) for c, r in results.items()},
        "patient_voice": {c: voice_groups(r) for c, r in results.items()},
        "patient_by_voice": {c: by_voice(r) for c, r in results.items()},
        "gate": [
            {"metric": r.metric, "items": r.n, "misses": r.misses, "allowed": r.allowed, "passed": r.passed}
            for r in gate
        ] if gate is not None else None,
        "gate_failures": [r.describe() for r in gate if not r.passed] if gate is not None else None,
        "results": {c: [r.to_json() for r in rs] for c, rs in results.items()},
    }
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
