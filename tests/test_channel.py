"""The one request path: every front end gets the same limits, errors and audit lines from it."""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest

from chatbot.errors import ChatbotError
from chatbot.models import Turn
from chatbot.web.channel import (
    BUSY, INTERNAL, MAX_HISTORY_TURNS, MAX_TURN_CHARS, UNAVAILABLE, Channel, ChatRequest, bounded_history,
)
from chatbot.web.limits import BoundedQueue, Busy, RateLimiter

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FullQueue:
    @contextmanager
    def slot(self):  # type: ignore[no-untyped-def]
        raise Busy()
        yield


def ask(channel: Channel, message: object, **kw: object):  # type: ignore[no-untyped-def]
    return channel.handle(ChatRequest(message, client="1.2.3.4", channel="test", **kw))  # type: ignore[arg-type]


def test_an_answer_comes_with_its_latency_and_one_audit_line(shared_tiny_bot, caplog):
    with caplog.at_level(logging.INFO, logger="chatbot.answers"):
        reply = ask(Channel(shared_tiny_bot), "What is calcinosis cutis?")
    assert reply.status == 200 and reply.error is None and reply.answer is not None
    assert reply.answer.route == "answer" and reply.latency_ms > 0
    assert [m for m in caplog.messages if m.startswith("answered")] == [caplog.messages[0]]
    assert "channel=test route=answer" in caplog.messages[0]


def test_over_the_rate_limit_the_sender_is_told_how_long_to_wait(shared_tiny_bot, caplog):
    channel = Channel(shared_tiny_bot, RateLimiter(60, 1, clock=Clock()))
    assert ask(channel, "What is calcinosis cutis?").status == 200
    with caplog.at_level(logging.INFO, logger="chatbot.answers"):
        reply = ask(channel, "How is it treated?")
    assert (reply.status, reply.retry_after, reply.answer) == (429, 1, None)
    assert reply.error == "Too many questions from your address; please wait 1 s and try again."
    assert caplog.messages == ["refused channel=test status=429 reason=limited"]
    other = channel.handle(ChatRequest("What is calcinosis cutis?", client="5.6.7.8", channel="test"))
    assert other.status == 200  # the limit is per sender


def test_a_crisis_is_answered_even_over_the_limits(shared_tiny_bot, caplog):
    limited = Channel(shared_tiny_bot, RateLimiter(60, 1, clock=Clock()))
    ask(limited, "What is calcinosis cutis?")
    with caplog.at_level(logging.INFO, logger="chatbot.answers"):
        reply = ask(limited, "I want to end my life")
    assert reply.status == 200 and reply.answer is not None and reply.answer.route == "crisis"
    assert "channel=test-limited route=crisis" in caplog.messages[0]
    busy = Channel(shared_tiny_bot, queue=FullQueue())  # type: ignore[arg-type]
    assert ask(busy, "What is calcinosis cutis?").error == BUSY
    reply = ask(busy, "my baby swallowed a button battery")
    assert reply.status == 200 and reply.answer is not None and reply.answer.route == "emergency"


@pytest.mark.parametrize(
    ("message", "status", "words"),
    [("x" * 2001, 413, "too long"), ("   ", 422, "Please type a question"), (42, 422, "must be text")],
)
def test_invalid_questions_get_a_message_saying_what_to_do(shared_tiny_bot, message, status, words):
    reply = ask(Channel(shared_tiny_bot), message)
    assert reply.status == status and reply.answer is None and words in (reply.error or "")


def test_failures_become_friendly_lines_and_are_logged_with_their_traceback(shared_tiny_bot, caplog):
    class Broken:
        settings = shared_tiny_bot.settings

        def __init__(self, exc: Exception) -> None:
            self.exc = exc

        def answer(self, *_: object) -> None:
            raise self.exc

        def safety_reply(self, _: object) -> None:
            return None

    with caplog.at_level(logging.ERROR):
        down = ask(Channel(Broken(ChatbotError("index gone"))), "What is it?")  # type: ignore[arg-type]
        crash = ask(Channel(Broken(KeyError("x"))), "What is it?")  # type: ignore[arg-type]
    assert (down.status, down.error, down.retry_after) == (503, UNAVAILABLE, 2)
    assert (crash.status, crash.error) == (500, INTERNAL)
    assert "index gone" not in (down.error or "")
    assert len(caplog.records) == 2 and all(r.exc_info for r in caplog.records)


def test_a_strict_channel_raises_the_bots_own_failures(shared_tiny_bot):
    class Broken:
        settings = shared_tiny_bot.settings

        def answer(self, *_: object) -> None:
            raise ChatbotError("the index is gone; rebuild it")

    with pytest.raises(ChatbotError, match="rebuild"):
        ask(Channel(Broken(), strict=True), "What is it?")  # type: ignore[arg-type]
    assert ask(Channel(shared_tiny_bot, strict=True), "   ").status == 422  # a bad question is still the user's


def test_the_history_is_bounded_before_the_bot_sees_it():
    long = [Turn("user", "y" * (MAX_TURN_CHARS + 5))] + [Turn("user", f"q{i}") for i in range(MAX_HISTORY_TURNS + 10)]
    kept = bounded_history(long)
    assert len(kept) == MAX_HISTORY_TURNS and kept[-1].content == f"q{MAX_HISTORY_TURNS + 9}"
    assert bounded_history([long[0]])[0].content == "y" * MAX_TURN_CHARS


def test_the_shared_queue_is_held_while_answering(shared_tiny_bot):
    queue = BoundedQueue(workers=1, max_waiting=0)
    seen: list[int] = []

    class Watching:
        settings = shared_tiny_bot.settings

        def answer(self, *args: object):  # type: ignore[no-untyped-def]
            seen.append(queue.inside)
            return shared_tiny_bot.answer(*args)

        def safety_reply(self, message: object):  # type: ignore[no-untyped-def]
            return shared_tiny_bot.safety_reply(message)

    assert ask(Channel(Watching(), queue=queue), "What is calcinosis cutis?").status == 200  # type: ignore[arg-type]
    assert seen == [1] and queue.inside == 0


def test_a_server_computes_answers_on_its_answer_threads_within_the_slot(shared_tiny_bot, caplog):
    import threading

    from chatbot.web.channel import answer_workers

    queue = BoundedQueue(workers=2, max_waiting=0)
    seen: list[tuple[str, int]] = []

    class Watching:
        settings = shared_tiny_bot.settings

        def answer(self, *args: object):  # type: ignore[no-untyped-def]
            seen.append((threading.current_thread().name, queue.inside))
            return shared_tiny_bot.answer(*args)

        def safety_reply(self, message: object):  # type: ignore[no-untyped-def]
            return shared_tiny_bot.safety_reply(message)

    class Failing(Watching):
        def answer(self, *args: object):  # type: ignore[no-untyped-def]
            raise ChatbotError("index gone")

    workers = answer_workers(2)
    try:
        channel = Channel(Watching(), queue=queue, workers=workers)  # type: ignore[arg-type]
        assert ask(channel, "What is calcinosis cutis?").status == 200
        assert ask(channel, "How is it treated?").status == 200
        assert [name.startswith("answer") for name, _ in seen] == [True, True]
        assert [inside for _, inside in seen] == [1, 1] and queue.inside == 0  # the slot is held meanwhile
        # A failure on an answer thread reaches the request path as it would without them.
        with caplog.at_level(logging.ERROR):
            failed = ask(Channel(Failing(), queue=queue, workers=workers), "What is it?")  # type: ignore[arg-type]
        assert (failed.status, failed.error) == (503, UNAVAILABLE)
    finally:
        workers.shutdown()
