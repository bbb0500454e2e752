"""Per-answer latency in process: the time of each stage, the floor (the query embedding alone), and what safety triage adds."""

from __future__ import annotations

import time
from typing import Any

from eval.perf.common import stats


def in_process(bot: Any, qs: list[str], repeats: int, reference: Any | None = None) -> dict[str, Any]:
    """Per-answer latency by stage, against the query embedding alone.

    The floor is the bot's own embedder encoding the question alone, timed
    before the answer for half of the questions and after it for the other
    half; with ``reference`` (the torch embedder), that one is timed too,
    question by question in the same loop, so both ratios see the same machine load.
    """
    for q in qs:
        bot.answer(q)  # warm caches of terms and spellings, as a running server has them
        if reference is not None:
            reference.encode([q])
    stages: dict[str, list[float]] = {}
    end_to_end: list[float] = []
    embed_alone: list[float] = []
    reference_alone: list[float] = []
    for rep in range(repeats):
        for n, q in enumerate(qs):
            # Whichever runs second finds the model's weights and buffers warm from the first
            # (same text length): alternate the order, so that neither side is favoured.
            embed_first = (rep + n) % 2 == 0
            if embed_first:
                embed_alone.append(_encode_ms(bot.embedder, q))
            t = time.perf_counter()
            answer = bot.answer(q)
            end_to_end.append((time.perf_counter() - t) * 1000)
            for stage, ms in (answer.trace.timings if answer.trace else {}).items():
                stages.setdefault(stage, []).append(ms)
            if not embed_first:
                embed_alone.append(_encode_ms(bot.embedder, q))
            if reference is not None:
                reference_alone.append(_encode_ms(reference, q))
    e2e, floor = stats(end_to_end), stats(embed_alone)
    out = {
        "embedder": type(bot.embedder).__name__,
        "end_to_end_ms": e2e,
        "embedding_alone_ms": floor,
        "stages_ms": {k: stats(v) for k, v in stages.items()},
        "ratio_end_to_end_over_embedding": round(e2e["median"] / floor["median"], 3),
    }
    if reference is not None:
        ref = stats(reference_alone)
        out["reference_embedder"] = type(reference).__name__
        out["reference_embedding_alone_ms"] = ref
        out["ratio_end_to_end_over_reference_embedding"] = round(e2e["median"] / ref["median"], 3)
        out["ratio_embedding_over_reference_embedding"] = round(floor["median"] / ref["median"], 3)
    return out


def _encode_ms(embedder: Any, question: str) -> float:
    """Milliseconds to embed the question alone (with a space added: a different string, so no cache can help)."""
    t = time.perf_counter()
    embedder.encode([question + " "])
    return (time.perf_counter() - t) * 1000


def triage_cost(bot: Any, qs: list[str], repeats: int) -> dict[str, Any]:
    """What safety triage adds to an answer: its own time, and the whole answer with and without it.

    Routing = the word lists plus the semantic check on a vector already
    computed (retrieval needs that vector anyway, so triage adds no model call).
    The with/without answers are interleaved, question by question, so both
    see the same machine load; the ratio of their medians is the figure to compare.
    """
    from chatbot.answer.bot import Chatbot
    from chatbot.safety.triage import Triage, Triager
    from chatbot.search.query import repaired_text

    class NoTriage(Triager):
        def screen(self, message: str) -> Triage:
            return Triage("none")

        def decide(self, message: str, vector: Any, screened: Triage | None = None) -> Triage:
            return Triage("none")

    without = Chatbot(bot.settings, bot.embedder, bot.index, NoTriage(bot.settings.triage, bot.embedder), bot.intents)
    speller = bot.index.search.lexical.speller
    vectors = {q: bot.embedder.encode([repaired_text(q, speller)])[0] for q in qs}
    routing: list[float] = []
    with_t: list[float] = []
    without_t: list[float] = []
    for q in qs:  # warm both, as a running server is
        bot.answer(q)
        without.answer(q)
    for _ in range(repeats):
        for q in qs:
            t = time.perf_counter()
            bot.triager.decide(q, vectors[q], bot.triager.screen(q))
            routing.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            bot.answer(q)
            with_t.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            without.answer(q)
            without_t.append((time.perf_counter() - t) * 1000)
    w, wo = stats(with_t), stats(without_t)
    return {
        "routing_ms": stats(routing),
        "answer_with_triage_ms": w,
        "answer_without_triage_ms": wo,
        "added_p50_ms": round(w["median"] - wo["median"], 3),
        "ratio_with_over_without": round(w["median"] / wo["median"], 3),
        "exemplars": len(bot.triager.exemplars().texts) if bot.triager.exemplars() is not None else 0,
    }


class _Serial:
    """The bot's embedder, never announcing that its model starts: the bot then reads the message after the embedding."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.name = embedder.name

    @property
    def dimension(self) -> int:
        return int(self.embedder.dimension)

    def encode(self, texts: Any, **kwargs: Any) -> Any:
        kwargs.pop("before_model", None)
        return self.embedder.encode(texts, **kwargs)


def overlap_gain(bot: Any, qs: list[str], repeats: int) -> dict[str, Any]:
    """What reading the message beside the embedding saves: whole answers with and without it.

    The serial bot shares the model, index and triage and gives the same
    answers; the two are interleaved question by question, as in ``triage_cost``.
    """
    from chatbot.answer.bot import Chatbot

    serial = Chatbot(bot.settings, _Serial(bot.embedder), bot.index, bot.triager, bot.intents)
    for q in qs:
        assert serial.answer(q).text == bot.answer(q).text, f"serial and overlapped answers differ for {q!r}"
    overlapped_t: list[float] = []
    serial_t: list[float] = []
    for rep in range(repeats):
        for n, q in enumerate(qs):
            pair = ((bot, overlapped_t), (serial, serial_t))
            for who, times in pair if (rep + n) % 2 == 0 else pair[::-1]:
                t = time.perf_counter()
                who.answer(q)
                times.append((time.perf_counter() - t) * 1000)
    o, s = stats(overlapped_t), stats(serial_t)
    return {
        "overlapped_ms": o,
        "serial_ms": s,
        "saved_p50_ms": round(s["median"] - o["median"], 3),
        "ratio_overlapped_over_serial": round(o["median"] / s["median"], 3),
    }
