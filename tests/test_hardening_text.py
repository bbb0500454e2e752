"""Linear-time text handling: hostile messages and histories cost what their length says, no more.

Every function that reads a user's words is timed on adversarial text of
length n and 8n (the best of three runs each): linear code takes about 8 times
as long, quadratic code 64 times; more than 24 fails. The detector is checked on
a known quadratic pattern first, so a pass means something. Then the channel:
a history far over its bounds costs what one at the bounds does.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from chatbot.answer.conversation import resolve
from chatbot.answer.routing import route
from chatbot.models import Turn
from chatbot.safety.triage import screen
from chatbot.search.tokens import words
from chatbot.web.audit import redact
from chatbot.web.channel import MAX_HISTORY_CHARS, MAX_TURN_CHARS, Channel, ChatRequest, bounded_history

pytestmark = pytest.mark.unit

N = 8_000
# Between linear (8) and quadratic (64) growth on 8x the text, far from both: a busy machine
# stretches single timings, not the ratio of the best of three, by a factor of three.
LIMIT = 24
# Texts that make careless patterns backtrack: long words, runs of one character, many
# short tokens, pronouns and question words the follow-up rules look for, no terminator.
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "one long word": lambda n: "a" * n,
    "many short words": lambda n: ("a " * n)[:n],
    "pronouns and question words": lambda n: ("is it what about it they " * n)[:n],
    "punctuation runs": lambda n: ("x." * n)[:n],
    "emergency words without a rule": lambda n: ("chest pain swallowed child " * n)[:n],
}


def _best_of(fn: Callable[[str], object], text: str, runs: int = 3, reps: int = 1) -> float:
    """The shortest of ``runs`` timings of ``reps`` calls in a row."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(reps):
            fn(text)
        best = min(best, time.perf_counter() - started)
    return best


def growth(fn: Callable[[str], object], make: Callable[[int], str], n: int = N) -> float:
    """How many times longer ``fn`` takes on 8n characters than on n (about 8 when linear, 64 when quadratic).

    Calls are repeated until the short text takes 10 ms, so timer noise and a stray
    garbage collection cannot decide."""
    small_text = make(n)
    once = max(_best_of(fn, small_text, runs=1), 1e-5)  # also warms caches
    reps = max(1, min(100, round(0.01 / once)))
    small = _best_of(fn, small_text, reps=reps)
    return _best_of(fn, make(8 * n), reps=reps) / small


def test_the_detector_sees_quadratic_code():
    quadratic = re.compile(r"\S+@\S+")  # the e-mail pattern the audit log used to have
    assert growth(lambda t: quadratic.sub("", t), ADVERSARIAL["one long word"], n=1_000) > LIMIT
    assert growth(lambda t: t.split(), ADVERSARIAL["many short words"], n=100_000) < LIMIT


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "routing": route,
    "follow-up resolution": lambda t: resolve("How is it treated?", [Turn("user", t), Turn("assistant", t)]),
    "tokenizer": words,
    "word-list triage": screen,
    "audit redaction": lambda t: redact(t, limit=len(t)),
}


@pytest.mark.parametrize("text", list(ADVERSARIAL))
@pytest.mark.parametrize("function", list(FUNCTIONS))
def test_text_handling_is_linear(function: str, text: str):
    ratio = growth(FUNCTIONS[function], ADVERSARIAL[text])
    assert ratio < LIMIT, f"{function} took {ratio:.1f} x as long on 8 x the text: worse than linear"


def test_history_is_bounded_per_turn_in_all_and_newest_first():
    history = [Turn("user", f"q{i} " + "y" * 5_000) for i in range(30)]
    kept = bounded_history(history)
    assert all(len(t.content) <= MAX_TURN_CHARS for t in kept)
    assert sum(len(t.content) for t in kept) <= MAX_HISTORY_CHARS
    assert kept[-1].content.startswith("q29 ") and len(kept) == MAX_HISTORY_CHARS // MAX_TURN_CHARS


def test_a_history_far_over_the_bounds_costs_what_one_at_the_bounds_does(shared_tiny_bot):
    """Ten 20,000-character turns (the issue's attack) against turns already at the bounds."""
    channel = Channel(shared_tiny_bot)

    def ask(turn_chars: int) -> float:
        turn = ("calcium deposits it they what about " * (turn_chars // 36 + 1))[:turn_chars]
        history = [Turn("user" if i % 2 == 0 else "assistant", turn) for i in range(10)]
        return _best_of(lambda _: channel.handle(ChatRequest("How is it treated?", history)), "")

    at_bounds, hostile = ask(MAX_TURN_CHARS), ask(20_000)
    # The same work once bounded; a quadratic or unbounded path would cost ten times the text and more.
    assert hostile < 3 * at_bounds + 0.02, (at_bounds, hostile)
