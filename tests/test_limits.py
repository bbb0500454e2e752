"""Rate limiting (moving window), the bounded queue and privacy of the answer log."""

import logging
import threading

import pytest

from chatbot.web.audit import log_answer, redact
from chatbot.web.limits import BoundedQueue, Busy, RateLimiter, window_seconds
from chatbot.models import Answer, Block


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_moving_window_allows_a_burst_then_waits_for_the_oldest_request_to_leave_it():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)  # 3 in any 3 s: 60 a minute sustained
    assert [limiter.acquire("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.acquire("a") == pytest.approx(3.0)
    assert limiter.acquire("b") == 0  # another client is not affected
    clock.now = 1.0
    assert limiter.acquire("a") == pytest.approx(2.0)  # refused requests do not count
    clock.now = 3.0
    assert limiter.acquire("a") == 0
    assert limiter.acquire("a") == 0 and limiter.acquire("a") == 0
    assert limiter.acquire("a") == pytest.approx(3.0)


def test_window_is_the_burst_at_the_sustained_rate():
    assert window_seconds(60, 20) == 20 and window_seconds(60, 1) == 1
    assert window_seconds(120, 40) == 20 and window_seconds(7, 1) == 9  # rounded up: never looser


def test_limiter_forgets_old_clients():
    limiter = RateLimiter(per_minute=60, burst=1, max_clients=2, clock=Clock())
    for client in "abc":
        limiter.acquire(client)
    assert limiter.acquire("a") == 0  # "a" was forgotten, so it starts with a full bucket


def test_limiter_validates_its_settings():
    with pytest.raises(ValueError, match="per_minute"):
        RateLimiter(per_minute=0, burst=1)


def test_bounded_queue_refuses_beyond_capacity():
    queue = BoundedQueue(workers=1, max_waiting=1)
    inside, release = threading.Event(), threading.Event()
    served: list[str] = []

    def hold(name: str) -> None:
        with queue.slot(timeout=5):
            served.append(name)
            inside.set()
            release.wait(5)

    holder = threading.Thread(target=hold, args=("holder",))
    holder.start()
    assert inside.wait(5)
    waiter = threading.Thread(target=hold, args=("waiter",))
    waiter.start()
    for _ in range(500):
        if queue.inside == 2:
            break
        threading.Event().wait(0.01)
    assert queue.inside == 2 == queue.capacity  # one computing, one waiting: full
    with pytest.raises(Busy):
        with queue.slot(timeout=5):
            pass
    assert queue.inside == 2  # the refused caller took no place
    release.set()
    holder.join(5)
    waiter.join(5)
    assert served == ["holder", "waiter"] and queue.inside == 0
    with queue.slot(timeout=1):  # room again once both are done
        assert queue.inside == 1


@pytest.fixture
def api(limited_api_client):
    return limited_api_client(burst=2)


def test_api_answers_429_with_retry_after_when_a_client_asks_too_fast(api):
    codes = [api.post("/api/ask", json={"message": "What is calcinosis cutis?"}).status_code for _ in range(3)]
    assert codes[:2] == [200, 200] and codes[2] == 429
    r = api.post("/api/ask", json={"message": "again"})
    # 2 in any 2 s (60 a minute): the first of the two leaves the window within 2 s.
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
    assert r.json() == {"error": "Too many questions from your address; please wait 2 s and try again."}


def test_question_text_is_not_logged_by_default(caplog):
    answer = Answer((Block.note("text"),), (), False)
    with caplog.at_level(logging.INFO, logger="chatbot.answers"):
        log_answer(answer, 12.0, "api")
        log_answer(answer, 12.0, "api", "My name is Alice Smith, born 1980, alice@example.com")
    first, second = caplog.messages
    assert "question" not in first and "route=answer" in first
    assert "Alice" not in second and "1980" not in second and "example.com" not in second


def test_redaction():
    assert redact("Is it Lupus? call 555-1234") == "Is it [Name]? call ###-####"


@pytest.mark.integration
@pytest.mark.slow  # about 12 s: the server waits for the Gradio client's connection to close
def test_gradio_named_api_shares_the_rate_limit(tiny_server):
    """`gradio_client` users are limited like the JSON API and the chat."""
    from gradio_client import Client

    _, server = tiny_server(rate_limit_per_minute=60, rate_limit_burst=1)
    client = Client(f"{server.url}/", verbose=False)
    first = client.predict("What is calcinosis cutis?", [], api_name="/ask")
    second = client.predict("What is calcinosis cutis?", [], api_name="/ask")
    assert first["route"] == "answer" and "error" not in first
    assert "Calcinosis cutis is a condition where calcium builds up in the skin." in first["answer"]
    # 1 in any second at 60 a minute: the wait is never over one second.
    assert second == {"error": "Too many questions from your address; please wait 1 s and try again."}


def test_redaction_is_linear_on_a_long_word_without_an_address():
    """``\\S+@\\S+`` retried from every character of a long word: quadratic. Now it is not."""
    import time

    started = time.perf_counter()
    assert redact("x" * 20_000, limit=20_000) == "x" * 20_000  # the old pattern took seconds here
    assert time.perf_counter() - started < 0.3
    assert redact("write to alice@example.com or bob@x.org") == "write to [email] or [email]"
