"""Write the eval report: Markdown for people, JSON for programs, a PNG chart."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.gate import GateRow, measure
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
# What each headline figure means (the README's metric table says the same).
DEFINITIONS = {
    "retrieval_recall@5": "share of the expected sources among the sources of the top 5 retrieved chunks",
    "retrieval_mrr": "mean of 1 / rank of the first chunk from an expected source",
    "fact_recall": "share of key facts present in the answer (abstaining scores 0)",
    "source_hit_rate": "share of answerable items citing at least one expected source",
    "answer_accuracy": "share answered, citing an expected source and holding at least half the facts",
    "citation_faithfulness": "share of citations whose quote is exactly the article's text at its span; below 1 is a bug",
    "abstention_precision": "share of the bot's refusals that were out-of-scope items",
    "abstention_recall": "share of out-of-scope items the bot declined",
    "wrong_abstention_rate": "share of answerable items the bot refused (lower is better)",
    "followup_accuracy": "answer accuracy over follow-up conversations",
    "emergency_routing": "share of emergency items given the emergency or crisis reply",
    "false_emergency_rate": "share of other items wrongly given the emergency reply (lower is better)",
    "small_talk_routing": "share of small-talk items given the small-talk reply",
    "latency_p50_ms": "median time to answer the scored turn, in process (ms)",
    "latency_p95_ms": "95th percentile of the time to answer the scored turn, in process (ms)",
}
# Gates whose figure is a share of misses (lower is better); every other gate's figure is 1 - misses / items.
MISS_RATE_GATES = {"wrong_abstention_rate", "false_emergency_rate", "patient_wrong_abstention"}
# The chart's two panels: the gates over the textbook items, and over the patients' own questions.
CHARTED = {
    "Textbook items": [
        "retrieval_recall@5", "fact_recall", "source_hit_rate", "answer_accuracy",
        "abstention_recall", "wrong_abstention_rate", "followup_accuracy",
    ],
    "Patient-voice items": [
        "patient_fact_recall", "patient_wrong_abstention", "patient_abstention_recall",
        "patient_lead_gold", "patient_sentence_precision",
    ],
}


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


def gate_figure(metric: str, n: int, misses: float) -> float | None:
    """A gate's count as the rate it bounds: the share of misses for a miss-rate gate, else 1 - that."""
    if n == 0:
        return None
    share = min(max(misses / n, 0.0), 1.0)
    return share if metric in MISS_RATE_GATES else 1.0 - share


def gate_threshold(row: GateRow) -> float | None:
    """The allowance as the rate the gate's figure must reach (None when unset or over no items)."""
    return None if row.allowed is None else gate_figure(row.metric, row.n, row.allowed)


def threshold_text(row: GateRow) -> str | None:
    """"≥ 0.847" or "≤ 0.028": the threshold with the side the figure must stay on; None without one."""
    limit = gate_threshold(row)
    return None if limit is None else f"{'≤' if row.metric in MISS_RATE_GATES else '≥'} {limit:.3f}"


def gate_bound(row: GateRow) -> str:
    """The allowance as a bound on the gate's rate, with the count it comes from:
    "≥ 0.847 (27 of 177 textbook answerable items may miss)"."""
    if row.allowed is None:
        return "no allowance set"
    threshold = threshold_text(row)
    rate = "" if threshold is None else f"{threshold} "
    return f"{rate}({row.allowed:g} of {row.n} {row.group} may miss)"


def headline_table(
    summaries: Mapping[str, Mapping[str, float | None]], gate: Sequence[GateRow] | None = None
) -> str:
    """Each metric per configuration, the shipped configuration's gate on it (over the gate's own items) and
    what the figure means."""
    configs = list(summaries)
    gates = {row.metric: row for row in gate or ()}
    lines = [
        "| metric | " + " | ".join(configs) + " | gate (shipped) | definition |",
        "|---|" + "---|" * len(configs) + "---|---|",
    ]
    for metric in HEADLINE:
        bound = gate_bound(gates[metric]) if metric in gates else "not gated"
        lines.append(
            f"| {metric} | " + " | ".join(fmt(summaries[c].get(metric), metric) for c in configs)
            + f" | {bound} | {DEFINITIONS[metric]} |"
        )
    return "\n".join(lines)


def gate_table(rows: Sequence[GateRow]) -> str:
    """Each gate: its figure as misses out of items and as a rate, the allowance beside both, and the verdict."""
    lines = [
        "| gate | items | misses | allowed | figure | threshold | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        allowed = "unset" if row.allowed is None else f"{row.allowed:g}"
        figure = gate_figure(row.metric, row.n, row.misses)
        threshold = threshold_text(row) or "n/a"
        lines.append(
            f"| {row.metric}: {row.miss} | {row.n} {row.group} | {row.misses:g} | {allowed} | "
            f"{fmt(figure)} | {threshold} | {'pass' if row.passed else '**FAIL**'} |"
        )
    return "\n".join(lines)


def source_table(sources: Mapping[str, Mapping[str, str | None]]) -> str:
    """The articles, by id, as the failures below name them."""
    lines = ["| id | title | publisher | date |", "|---|---|---|---|"]
    for source_id, s in sources.items():
        lines.append(f"| {source_id} | {s.get('title') or ''} | {s.get('publisher') or ''} | {s.get('date') or ''} |")
    return "\n".join(lines)


def _named(ids: Sequence[str], sources: Mapping[str, Mapping[str, str | None]]) -> str:
    """Source ids with their titles: ``002 (Calcinosis cutis, Verywell)``."""
    out = []
    for source_id in dict.fromkeys(ids):
        s = sources.get(source_id)
        name = ", ".join(x for x in ((s or {}).get("title"), (s or {}).get("publisher")) if x)
        out.append(f"{source_id} ({name})" if name else source_id)
    return "[" + "; ".join(out) + "]"


def _failure_lines(result: ItemResult, sources: Mapping[str, Mapping[str, str | None]] | None = None) -> list[str]:
    turns = " → ".join(f"“{t}”" for t in result.turns)
    answer = " ".join(result.answer.split())
    if len(answer) > 400:
        answer = answer[:400] + " …"
    if result.expected == "answer":
        missing = [f[0] for f in result.facts if not any(w in result.answer.lower() for w in f)]
        want = f"facts {missing or 'all present'} from sources {_named(result.expected_sources, sources or {})}"
        got = (
            f"{'ABSTAINED' if result.abstained else 'answered'}, fact recall {fmt(result.fact_recall)}, "
            f"cited {_named(result.cited_sources, sources or {})}"
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
    sources = meta.get("sources") or {}
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
        "*Patient voice* below. *Gate (shipped)* is the bound `eval/thresholds.json` sets on the shipped "
        "configuration, over the gate's own items (textbook items for these metrics, so it is not the same "
        "population as the figure beside it); the gate table below gives the figure on those items.",
        "",
        headline_table(summaries, gate),
        "",
        "![Gate figures per configuration, with the shipped configuration's thresholds](chart.png)",
        "",
        "*Chart*: each gate's figure per configuration over the gate's own items (1 - misses / items; "
        "for wrong abstention, the share refused, lower is better); the dashed line is the threshold the "
        "shipped configuration must meet.",
        "",
        "## Gate (shipped configuration)",
        "",
    ]
    if gate is None:
        out.append("Not checked in this run.")
    else:
        out += [
            "Allowed misses per group from `eval/thresholds.json` (measured misses when set + a margin; "
            "safety gates allow none). *Figure* is 1 - misses / items (for wrong abstention and false "
            "emergencies, misses / items); *threshold* is the same rate at the allowed misses.",
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
        out += _failure_lines(r, sources)
    if sources:
        out += ["", "## Sources", "", source_table(sources)]
    out += ["", "Per-question results for every configuration are in `report.json`, beside this file.", ""]
    return "\n".join(out)


def chart_data(
    results: Mapping[str, Sequence[ItemResult]], allowed: Mapping[str, float]
) -> dict[str, dict[str, Any]]:
    """Per charted gate: its figure per configuration (over the gate's own items) and the shipped threshold."""
    measured = {config: measure(rs) for config, rs in results.items()}
    out: dict[str, dict[str, Any]] = {}
    for metric in (m for panel in CHARTED.values() for m in panel):
        n = next(iter(measured.values()))[metric][0] if measured else 0
        out[metric] = {
            "figures": {c: gate_figure(metric, *m[metric]) for c, m in measured.items()},
            "threshold": gate_figure(metric, n, allowed[metric]) if metric in allowed else None,
        }
    return out


def write_chart(
    results: Mapping[str, Sequence[ItemResult]], allowed: Mapping[str, float], path: Path
) -> dict[str, dict[str, Any]]:
    """Bars of each gate's figure per configuration, a dashed threshold line over each group; returns the data."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = chart_data(results, allowed)
    configs = list(results)
    width = 0.8 / len(configs)
    fig, axes = plt.subplots(1, len(CHARTED), figsize=(15, 5), gridspec_kw={"width_ratios": [len(m) for m in CHARTED.values()]})
    for ax, (panel, metrics) in zip(axes, CHARTED.items()):
        for i, config in enumerate(configs):
            values = [data[m]["figures"][config] or 0.0 for m in metrics]
            bars = ax.bar([x + i * width for x in range(len(metrics))], values, width, label=config)
            ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
        for x, metric in enumerate(metrics):
            threshold = data[metric]["threshold"]
            if threshold is not None:
                ax.hlines(threshold, x - width / 2 - 0.04, x + width * (len(configs) - 0.5) + 0.04,
                          colors="#b91c1c", linestyles="dashed", linewidth=1.6,
                          label="shipped threshold" if x == 0 else None)
        ax.set_xticks([x + width * (len(configs) - 1) / 2 for x in range(len(metrics))])
        ax.set_xticklabels([m.removeprefix("patient_").replace("_", "\n") for m in metrics], fontsize=8)
        ax.set_ylim(0, 1.12)
        ax.set_title(f"{panel} (wrong abstention: share refused, lower is better)", fontsize=9)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=len(configs) + 1, fontsize=9)
    fig.suptitle("Calcinosis cutis chatbot: gate figures by configuration, dashed = the gate's threshold")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return data


def write_json(
    summaries: Mapping[str, Mapping[str, float | None]],
    results: Mapping[str, Sequence[ItemResult]],
    gate: Sequence[GateRow] | None,
    meta: Mapping[str, Any],
    path: Path,
    chart: Mapping[str, Any] | None = None,
) -> None:
    payload = {
        "meta": dict(meta),
        "definitions": DEFINITIONS,
        "chart": chart,
        "summary": summaries,
        "by_category": {c: by_category(r) for c, r in results.items()},
        "patient_voice": {c: voice_groups(r) for c, r in results.items()},
        "patient_by_voice": {c: by_voice(r) for c, r in results.items()},
        "gate": [
            {"metric": r.metric, "items": r.n, "misses": r.misses, "allowed": r.allowed, "passed": r.passed,
             "figure": gate_figure(r.metric, r.n, r.misses),
             "threshold": gate_threshold(r),
             "definition": f"{r.group}: a miss is {r.miss}"}
            for r in gate
        ] if gate is not None else None,
        "gate_failures": [r.describe() for r in gate if not r.passed] if gate is not None else None,
        "results": {c: [r.to_json() for r in rs] for c, rs in results.items()},
    }
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
