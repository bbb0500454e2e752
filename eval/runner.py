"""Run the question set through several configurations of one bot and score it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from tqdm import tqdm

import time

from chatbot.answer.bot import Chatbot
from chatbot.errors import InvalidQuestionError
from chatbot.models import Answer, Turn
from eval import metrics
from eval.dataset import PATIENT, EvalItem

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
    style: str = ""
    voice: str = ""
    split: str = ""
    lead_gold: bool | None = None
    sentence_precision: float | None = None
    words: int = 0

    @property
    def patient(self) -> bool:
        return self.style == PATIENT

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def quoted_blocks(answer: Answer) -> list[tuple[metrics.Span, ...]]:
    """The citation spans (source_id, start, end) of each quote or list block, in reading order."""
    spans = {c.number: (c.source_id, c.start, c.end) for c in answer.citations}
    return [tuple(spans[n] for n in b.citations) for b in answer.blocks if b.kind in ("quote", "list")]


def body_texts(answer: Answer) -> list[str]:
    """What the answer says in words: its quoted sentences, list items and notes.

    This is ``answer.text`` without the alert, the ``[n]`` markers and the list bullets.
    """
    return [
        part
        for b in answer.blocks
        for part in ((b.text,) if b.kind == "note" else tuple(s.text for s in (*b.sentences, *b.items)))
    ]


def gold_scores(answer: Answer, item: EvalItem) -> dict[str, Any]:
    """``lead_gold`` and ``sentence_precision`` of an answered answerable item with gold spans; else ``None``."""
    if not item.answerable or not item.gold or answer.abstained:
        return {"lead_gold": None, "sentence_precision": None}
    blocks = quoted_blocks(answer)
    precision = metrics.sentence_precision(blocks, item.gold, item.acceptable)
    return {
        "lead_gold": metrics.lead_gold(blocks, item.gold),
        # An answer that quotes nothing has no sentence on target.
        "sentence_precision": 0.0 if precision is None else precision,
    }


def timed_answer(bot: Chatbot, question: str, history: Sequence[Turn]) -> tuple[Answer, float]:
    """The answer and how long it took, in milliseconds."""
    started = time.perf_counter()
    answer = bot.answer(question, history)
    return answer, (time.perf_counter() - started) * 1000


def answer_turns(bot: Chatbot, turns: Sequence[str]) -> tuple[Answer, float]:
    """Answer a conversation turn by turn, the bot's answers forming the history, as in a real chat:
    the last answer and how long it took (ms)."""
    history: list[Turn] = []
    answer, ms = None, 0.0
    for turn in turns:
        answer, ms = timed_answer(bot, turn, history)
        history += [Turn("user", turn), Turn("assistant", answer.text)]
    if answer is None:
        raise ValueError("a conversation needs at least one turn")
    return answer, ms


def run_item(bot: Chatbot, item: EvalItem, config: str) -> ItemResult:
    """Answer the conversation turn by turn (the bot's answers form the history); score the last."""
    try:
        answer, ms = answer_turns(bot, item.turns)
    except InvalidQuestionError as exc:
        raise ValueError(f"eval item {item.id} has an invalid turn: {exc}") from exc
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
        style=item.style,
        voice=item.voice,
        split=item.split,
        words=metrics.word_count(body_texts(answer)),
        **gold_scores(answer, item),
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


SPLITS = ("tune", "holdout", "both")


def group_summary(results: Sequence[ItemResult]) -> dict[str, float | None]:
    """The patient-voice row of a group of items (patient items, or the textbook ones to compare).

    Rates are over answerable items (fact recall, source hit, false abstention),
    out-of-scope items (their abstention), or answered answerable items with gold
    sentences (lead gold, sentence precision); ``mean_words`` is over answered answerable items.
    """
    answerable = [r for r in results if r.expected == "answer"]
    oos = [r for r in results if r.expected == "abstain"]
    answered = [r for r in answerable if not r.abstained]
    scored = [r for r in answered if r.lead_gold is not None]
    return {
        "answerable": float(len(answerable)),
        "out_of_scope": float(len(oos)),
        "fact_recall": metrics.mean([r.fact_recall or 0.0 for r in answerable]),
        "source_hit_rate": metrics.mean([float(bool(r.source_hit)) for r in answerable]),
        "false_abstention_rate": metrics.mean([float(r.abstained) for r in answerable]),
        "oos_abstention_rate": metrics.mean([float(r.abstained) for r in oos]),
        "lead_gold_rate": metrics.mean([float(bool(r.lead_gold)) for r in scored]),
        "sentence_precision": metrics.mean([r.sentence_precision or 0.0 for r in scored]),
        "mean_words": metrics.mean([float(r.words) for r in answered]),
    }


def patient_voice(results: Sequence[ItemResult]) -> dict[str, dict[str, float | None]]:
    """``group_summary`` of the patient items per split: tune, holdout, and both."""
    patient = [r for r in results if r.patient]
    return {
        split: group_summary([r for r in patient if split == "both" or r.split == split]) for split in SPLITS
    }


def textbook(results: Sequence[ItemResult]) -> dict[str, float | None]:
    """``group_summary`` of every item not in patients' voice, to set beside ``patient_voice``."""
    return group_summary([r for r in results if not r.patient])


def by_voice(results: Sequence[ItemResult]) -> dict[str, dict[str, float | None]]:
    """``group_summary`` of the patient items per voice (both splits)."""
    patient = [r for r in results if r.patient]
    return {v: group_summary([r for r in patient if r.voice == v]) for v in sorted({r.voice for r in patient})}


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
