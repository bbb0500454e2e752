"""Run the question set through several configurations of one bot and score it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from tqdm import tqdm

from chatbot.answer.bot import Chatbot, timed_answer
from chatbot.errors import InvalidQuestionError
from chatbot.models import Turn
from eval import metrics
from eval.dataset import EvalItem

K = 5
# Same model, index and composer; only retrieval differs between the baselines.
CONFIGS: dict[str, dict[str, Any]] = {
    "shipped": {},
    "bm25_only": {"retrieval": {"mode": "bm25"}},
    "dense_only": {"retrieval": {"mode": "dense"}},
}


@dataclass(frozen=True)
class ItemResult:
    id: str
    config: str
    category: str
    expected: str
    followup: bool
    turns: tuple[str, ...]
    route: str
    abstained: bool
    answer: str
    cited_sources: tuple[str, ...]
    ranked_sources: tuple[str, ...]
    expected_sources: tuple[str, ...]
    facts: tuple[tuple[str, ...], ...]
    recall_at_k: float | None
    reciprocal_rank: float | None
    fact_recall: float | None
    source_hit: bool | None
    correct: bool | None
    faithfulness: float | None
    latency_ms: float
    best_dense: float | None
    term_coverage: float | None
    answer_coverage: float | None
    resolved_query: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def run_item(bot: Chatbot, item: EvalItem, config: str) -> ItemResult:
    """Answer the conversation turn by turn (the bot's answers form the history); score the last."""
    history: list[Turn] = []
    answer = None
    ms = 0.0
    for turn in item.turns:
        try:
            answer, ms = timed_answer(bot, turn, history)
        except InvalidQuestionError as exc:
            raise ValueError(f"eval item {item.id} has an invalid turn: {exc}") from exc
        history += [Turn("user", turn), Turn("assistant", answer.text)]
    assert answer is not None
    trace = answer.trace
    ranked = tuple(hit.source_id for hit in trace.fused) if trace else ()
    cited = tuple(c.source_id for c in answer.citations)
    faithful = metrics.faithfulness(
        [(c.source_id, c.quote, c.start, c.end) for c in answer.citations], bot.index.texts.raw_texts
    )
    scored: dict[str, Any] = {
        "recall_at_k": None, "reciprocal_rank": None, "fact_recall": None, "source_hit": None, "correct": None,
    }
    if item.answerable:
        recall = 0.0 if answer.abstained else metrics.fact_recall(answer.text, item.facts)
        hit = metrics.source_hit(cited, item.source_ids)
        scored = {
            "recall_at_k": metrics.recall_at_k(ranked, item.source_ids, K) if ranked else 0.0,
            "reciprocal_rank": metrics.reciprocal_rank(ranked, item.source_ids),
            "fact_recall": recall,
            "source_hit": hit,
            "correct": metrics.answer_correct(answer.abstained, hit, recall),
        }
    signals = trace.signals if trace else None
    return ItemResult(
        id=item.id,
        config=config,
        category=item.category,
        expected=item.expected,
        followup=item.followup,
        turns=item.turns,
        route=answer.route,
        abstained=answer.abstained,
        answer=answer.text,
        cited_sources=cited,
        ranked_sources=ranked,
        expected_sources=item.source_ids,
        facts=item.facts,
        faithfulness=faithful,
        latency_ms=round(ms, 3),
        best_dense=round(signals.best_dense, 4) if signals else None,
        term_coverage=round(signals.term_coverage, 4) if signals else None,
        answer_coverage=round(signals.answer_coverage, 4) if signals else None,
        resolved_query=trace.query.query if trace and trace.query else None,
        **scored,
    )


def run_config(bot: Chatbot, items: Sequence[EvalItem], config: str, progress: bool = True) -> list[ItemResult]:
    return [
        run_item(bot, item, config)
        for item in tqdm(items, desc=f"eval {config}", unit="q", disable=not progress, leave=False)
    ]


def bots_for(base: Chatbot, configs: Mapping[str, Mapping[str, Any]]) -> dict[str, Chatbot]:
    """One bot per configuration, all sharing the base bot's model and index."""
    return {name: base.with_settings(base.settings.replace(**dict(changes))) for name, changes in configs.items()}


def summarize(results: Sequence[ItemResult]) -> dict[str, float | None]:
    """Headline metrics of one configuration (definitions in ``eval.metrics``)."""
    answerable = [r for r in results if r.expected == "answer"]
    scoped = [r for r in results if r.expected in ("answer", "abstain")]
    abstention = metrics.abstention_scores(
        [r.expected == "abstain" for r in scoped], [r.abstained for r in scoped]
    )
    faith = [r.faithfulness for r in results if r.faithfulness is not None]
    followups = [r for r in answerable if r.followup]
    latencies = [r.latency_ms for r in results if r.route in ("answer", "abstain", "urgent")]
    expected = [r.expected for r in results]
    # The crisis reply is the emergency reply for self-harm: both count as routed to safety.
    routes = ["emergency" if r.route == "crisis" else r.route for r in results]
    return {
        "questions": float(len(results)),
        f"retrieval_recall@{K}": metrics.mean([r.recall_at_k for r in answerable if r.recall_at_k is not None]),
        "retrieval_mrr": metrics.mean([r.reciprocal_rank for r in answerable if r.reciprocal_rank is not None]),
        "fact_recall": metrics.mean([r.fact_recall for r in answerable if r.fact_recall is not None]),
        "source_hit_rate": metrics.mean([float(bool(r.source_hit)) for r in answerable]),
        "answer_accuracy": metrics.mean([float(bool(r.correct)) for r in answerable]),
        "citation_faithfulness": metrics.mean(faith),
        "abstention_precision": abstention["precision"],
        "abstention_recall": abstention["recall"],
        "wrong_abstention_rate": abstention["wrong_abstention_rate"],
        "followup_accuracy": metrics.mean([float(bool(r.correct)) for r in followups]),
        "emergency_routing": metrics.routing_accuracy(expected, routes, "emergency"),
        "false_emergency_rate": metrics.false_route_rate(expected, routes, "emergency"),
        "small_talk_routing": metrics.routing_accuracy(expected, routes, "small_talk"),
        "latency_p50_ms": metrics.percentile(latencies, 50),
        "latency_p95_ms": metrics.percentile(latencies, 95),
    }


def by_category(results: Sequence[ItemResult]) -> dict[str, dict[str, float | None]]:
    """Fact recall and answer accuracy per category (answerable items only)."""
    out: dict[str, dict[str, float | None]] = {}
    for category in sorted({r.category for r in results if r.expected == "answer"}):
        group = [r for r in results if r.category == category]
        out[category] = {
            "n": float(len(group)),
            "fact_recall": metrics.mean([r.fact_recall or 0.0 for r in group]),
            "answer_accuracy": metrics.mean([float(bool(r.correct)) for r in group]),
        }
    return out


def failures(results: Sequence[ItemResult]) -> list[ItemResult]:
    """Items whose behaviour was wrong: a wrong route or abstention, or an incorrect answer."""
    out = []
    for r in results:
        if r.expected == "answer":
            bad = not r.correct
        elif r.expected == "abstain":
            bad = not r.abstained
        elif r.expected == "emergency":
            bad = r.route not in ("emergency", "crisis")
        else:
            bad = r.route != r.expected
        if bad or (r.faithfulness is not None and r.faithfulness < 1.0):
            out.append(r)
    return out
