"""The Markdown report (eval/perf/bench.md) of one benchmark result."""

from __future__ import annotations

from typing import Any


def markdown(result: dict[str, Any]) -> str:
    from chatbot.search.vector_index import HNSW_EF_SEARCH
    ip, http = result["in_process"], result.get("http")
    cold = result.get("cold_start")
    lines = [
        "# Benchmark", "",
        f"{result['machine']['cores']} cores, {result['machine']['python']}, run {result['machine']['when']}. "
        "Medians and p95 over repetitions; compare ratios, not absolute numbers (shared, noisy machine).", "",
        "## Per answer, in process (ms)", "",
        "| stage | median | p95 |", "|---|---|---|",
    ]
    for stage, s in ip["stages_ms"].items():
        lines.append(f"| {stage} | {s['median']} | {s['p95']} |")
    lines += [
        f"| **end to end** | **{ip['end_to_end_ms']['median']}** | **{ip['end_to_end_ms']['p95']}** |",
        f"| embedding alone (floor) | {ip['embedding_alone_ms']['median']} | {ip['embedding_alone_ms']['p95']} |",
        "", f"End to end / embedding alone = **{ip['ratio_end_to_end_over_embedding']}**.", "",
    ]
    tc = result.get("triage")
    if tc:
        lines += [
            "## Safety triage (routing before retrieval)", "",
            f"- Routing (word lists + semantic check on the query vector, {tc['exemplars']} exemplars): "
            f"p50 **{tc['routing_ms']['median']} ms**, p95 {tc['routing_ms']['p95']} ms.",
            f"- Whole answer with triage: p50 {tc['answer_with_triage_ms']['median']} ms; without: "
            f"{tc['answer_without_triage_ms']['median']} ms (interleaved); added **{tc['added_p50_ms']} ms**, "
            f"ratio **{tc['ratio_with_over_without']}**.", "",
        ]
    if http is None:
        return "\n".join(lines) + "\n"
    lines += [
        "## Over HTTP (POST /api/ask, loopback)", "", http["server"], "",
        "| clients | requests | answers/s | p50 ms | p95 ms | errors |", "|---|---|---|---|---|---|",
    ]
    for r in http["runs"]:
        lines.append(f"| {r['clients']} | {r['requests']} | {r['answers_per_s']} | {r['latency_ms']['median']} | {r['latency_ms']['p95']} | {r['errors']} |")
    lines += [
        "", "## Start-up, build, memory", "",
        f"- Cold start (process start to first answer over HTTP): {http['cold_start_s']} s; "
        f"floor (import sentence-transformers + load model + one embedding): {cold['floor_s']['median']} s; "
        f"ratio **{cold['ratio']}**.",
        f"- Index build (real corpus, real model): median {result['index']['build_s']['median']} s; "
        f"no-op rebuild: median {result['index']['noop_rebuild_s']['median']} s.",
        f"- Server peak resident memory after the HTTP runs: **{http['peak_rss_mb']} MB**.",
        "", "## Scale up (synthetic chunks)", "",
        f"Embedder throughput on real chunks: {result['scale_up']['embedder_chunks_per_s']} chunks/s, so embedding 1M chunks "
        f"would take about {result['scale_up']['projected_embedding_hours_for_1M']} h on this machine. The scale runs therefore use "
        f"{result['scale_up']['vectors']}; queries are {result['scale_up']['queries']}.", "",
        "| chunks | index | build s | size MB | search | query p50 ms | p95 ms | recall@10 | BM25 build s | BM25 p50 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in result["scale_up"]["runs"]:
        for name, s in run["search"].items():
            shipped = " (shipped)" if name == f"efSearch={HNSW_EF_SEARCH}" else ""
            lines.append(
                f"| {run['chunks']:,} | {run['index_type']} | {run['vector_build_s']} | {run['index_size_mb']} | {name}{shipped} | "
                f"{s['query_ms']['median']} | {s['query_ms']['p95']} | {s['recall@10']} | {run['bm25_build_s']} | {run['bm25_query_ms']['median']} |"
            )
    so = result.get("scale_out")
    if so:
        lines += [
            "", "## Scale out (replicas sharing one read-only index folder, 8 clients)", "",
            f"- 1 process: {so['1_process']['answers_per_s']} answers/s; 2 processes: {so['2_process']['answers_per_s']} answers/s "
            f"(ratio {so['throughput_ratio']}), errors {so['1_process']['errors']} / {so['2_process']['errors']}. {so['note']}",
        ]
    return "\n".join(lines) + "\n"
