"""The Markdown report (eval/bench.md) of one benchmark result."""

from __future__ import annotations

from typing import Any


def markdown(result: dict[str, Any]) -> str:
    from chatbot.search.vector_index import HNSW_EF_SEARCH
    ip, http = result["in_process"], result.get("http")
    cold = result.get("cold_start")
    m = result["machine"]
    lines = [
        "# Benchmark", "",
        f"{m['cores']} cores ({m.get('cpu', 'CPU unknown')}), {m.get('memory_gib', '?')} GiB, Python {m['python']}, "
        f"load average at start {m.get('load_average_at_start', '?')}, run {m['when']}. "
        "Medians and p95 over repetitions; compare ratios within this run, not absolute numbers (shared, noisy machine).",
        "", *([f"Versions: {', '.join(f'{k} {v}' for k, v in m['versions'].items())}.", ""] if "versions" in m else []),
    ]
    lines += _targets(result)
    lines += [
        f"## Per answer, in process (ms; questions embedded by {ip.get('embedder', 'the bot')})", "",
        "| stage | median | p95 |", "|---|---|---|",
    ]
    for stage, s in ip["stages_ms"].items():
        lines.append(f"| {stage} | {s['median']} | {s['p95']} |")
    lines += [
        f"| **end to end** | **{ip['end_to_end_ms']['median']}** | **{ip['end_to_end_ms']['p95']}** |",
        f"| query embedding alone, {ip.get('embedder', 'the bot')} | {ip['embedding_alone_ms']['median']} | {ip['embedding_alone_ms']['p95']} |",
    ]
    if "reference_embedding_alone_ms" in ip:
        ref = ip["reference_embedding_alone_ms"]
        lines.append(f"| query embedding alone, {ip['reference_embedder']} | {ref['median']} | {ref['p95']} |")
    lines += [
        "", "The stages are the work of each, wherever it ran: the word lists' triage, the reading of the message "
        "and BM25 run on a second thread while the model embeds the question (``Chatbot.answer``), so they add "
        "up to more than the end to end.", "",
        f"End to end / embedding alone = **{ip['ratio_end_to_end_over_embedding']}**.",
    ]
    if "reference_embedding_alone_ms" in ip:
        lines += [
            f"End to end / torch embedding alone = **{ip['ratio_end_to_end_over_reference_embedding']}**; "
            f"ONNX embedding / torch embedding = {ip['ratio_embedding_over_reference_embedding']}.",
        ]
    lines.append("")
    parity = result.get("parity")
    if parity:
        lines += [
            "## Answers, ONNX against torch embedding", "",
            f"- {parity['same']} of {parity['items']} eval items get the same route and the same quotes in the same "
            f"order with either embedder; differing: {', '.join(parity['differ']) or 'none'}.", "",
        ]
    ov = result.get("overlap")
    if ov:
        lines += [
            "## Reading the message beside the embedding", "",
            f"- Whole answer p50 {ov['overlapped_ms']['median']} ms (p95 {ov['overlapped_ms']['p95']}); the same bot "
            f"reading the message after the embedding: {ov['serial_ms']['median']} ms (p95 {ov['serial_ms']['p95']}), "
            f"interleaved; saved **{ov['saved_p50_ms']} ms**, ratio {ov['ratio_overlapped_over_serial']}.", "",
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
    for title, h in (("ONNX server (shipped)", http), ("torch server (the previous mode)", result.get("http_torch"))):
        if h is None:
            continue
        lines += [
            f"## Over HTTP (POST /api/ask, loopback): {title}", "", h["server"], "",
            "| clients | requests | answers/s (median of rounds) | each round | p50 ms | p95 ms | errors |", "|---|---|---|---|---|---|---|",
        ]
        for r in h["runs"]:
            each = ", ".join(str(x) for x in r.get("answers_per_s_rounds", [r["answers_per_s"]]))
            lines.append(f"| {r['clients']} | {r['requests']} | {r['answers_per_s']} | {each} | {r['latency_ms']['median']} | {r['latency_ms']['p95']} | {r['errors']} |")
        lines += [
            "", f"Cold start {h['cold_start_s']} s; peak resident memory {h['peak_rss_mb']} MiB; "
            f"torch loaded in the process: {'yes' if h.get('torch_loaded') else 'no'}.", "",
        ]
    cmp_rounds = (result.get("onnx_over_torch") or {}).get("throughput_ratio_rounds")
    if cmp_rounds:
        lines += [
            "Answers/s of the ONNX server over the torch server, round by round (the servers loaded in turn, "
            "alternating; the target table takes the median): "
            + "; ".join(f"{c} clients {', '.join(str(x) for x in v)}" for c, v in cmp_rounds.items()) + ".", "",
        ]
    lines += [
        "## Start-up, build, memory", "",
        f"- Cold start (process start to first answer over HTTP): {http['cold_start_s']} s; "
        f"floor (import sentence-transformers + load model + one embedding): {cold['floor_s']['median']} s; "
        f"ratio **{cold['ratio']}**.",
        f"- Index build (real corpus, real model): median {result['index']['build_s']['median']} s; "
        f"no-op rebuild: median {result['index']['noop_rebuild_s']['median']} s.",
        f"- Server peak resident memory after the HTTP runs: **{http['peak_rss_mb']} MiB**.",
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


def _targets(result: dict[str, Any]) -> list[str]:
    """Issue 18's targets against this run's figures, each a ratio within the run."""
    ip, cmp_ = result["in_process"], result.get("onnx_over_torch")
    if "reference_embedding_alone_ms" not in ip:
        return []
    rows = [
        ("whole answer p50 / torch query embedding p50", ip["ratio_end_to_end_over_reference_embedding"], "<= 0.7",
         ip["ratio_end_to_end_over_reference_embedding"] <= 0.7),
        ("whole answer p50 / ONNX query embedding p50", ip["ratio_end_to_end_over_embedding"], "<= 1.3",
         ip["ratio_end_to_end_over_embedding"] <= 1.3),
    ]
    sel = ip["stages_ms"].get("select")
    if sel:
        rows.append(("sentence selection p50 (ms)", sel["median"], "< 1", sel["median"] < 1))
    parity = result.get("parity")
    if parity:
        rows.append((
            "answers as the torch path (same route, same quotes in the same order)",
            f"{parity['same']}/{parity['items']} ({parity['share_same']:.1%})", ">= 99%", parity["share_same"] >= 0.99,
        ))
    http = result.get("http")
    if http and cmp_:
        rows += [
            ("ONNX server: torch loaded", "yes" if http.get("torch_loaded") else "no", "no", not http.get("torch_loaded")),
            ("ONNX server peak resident memory (MiB)", http["peak_rss_mb"], "<= 300", http["peak_rss_mb"] <= 300),
            ("cold start, ONNX / torch server", cmp_["cold_start_ratio"], "<= 0.4", cmp_["cold_start_ratio"] <= 0.4),
            ("answers/s at 8 clients, ONNX / torch server", cmp_["throughput_ratio_at"]["8"], ">= 2",
             cmp_["throughput_ratio_at"]["8"] >= 2),
        ]
    lines = ["## Targets (issue 18), measured in this run", "", "| figure | this run | target | met |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {target} | {'yes' if ok else '**no**'} |" for name, value, target, ok in rows]
    return lines + [""]
