"""The one request path of every front end: limits, rate limit, concurrency, answer, errors, audit.

The Gradio chat, Gradio's ``/ask``, the JSON API and the batch CLI each turn
their input into a ``ChatRequest`` and the ``Reply`` into their own output;
everything between is here, once. The conversation is bounded here
(``bounded_history``) and the message by the bot's first step (its length
limit), before any pattern or tokenizer sees them. A message refused by the
rate limit, the concurrency limit or for its length still goes through the
word-list safety check (itself bounded), so a person in crisis is never told
to wait.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Literal

from chatbot.answer.bot import Chatbot
from chatbot.errors import ChatbotError, InvalidQuestionError, QuestionTooLongError
from chatbot.models import Answer, Turn
from chatbot.render.json import answer_record
from chatbot.web.audit import log_answer, log_refusal
from chatbot.web.unanswered import UnansweredLog
from chatbot.web.limits import BoundedQueue, Busy, Limiter

log = logging.getLogger(__name__)

Status = Literal[200, 413, 422, 429, 500, 503]
# What the bot's patterns and tokenizers may see of a conversation, the same for every
# front end. Follow-ups look back four questions at most, and a question is at most
# 2,000 characters (CHATBOT_MAX_QUESTION_CHARS), so a long chat loses nothing that
# counts, and a hostile history costs what an ordinary one does.
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 2_000
MAX_HISTORY_CHARS = 12_000

TOO_MANY = "Too many questions from your address; please wait {seconds} s and try again."
BUSY = "The bot is busy right now; please try again in a few seconds."
UNAVAILABLE = "Sorry, the bot cannot answer right now. Please try again in a moment."
INTERNAL = "Sorry, something went wrong on our side; it has been logged. Please try again."


@dataclass(frozen=True)
class ChatRequest:
    """One user message from any front end; ``client`` identifies the sender for the rate limit."""

    message: object
    history: Sequence[Turn] = ()
    client: str = "local"
    channel: str = "local"


@dataclass(frozen=True)
class Reply:
    """An answer, or a friendly error with the HTTP status and the seconds to wait before retrying."""

    answer: Answer | None
    error: str | None = None
    status: Status = 200
    retry_after: int | None = None
    latency_ms: float = 0.0

    def record(self) -> dict[str, object]:
        """The JSON body every front end sends: the answer's record, or ``{"error": ...}``."""
        if self.answer is None:
            return {"error": self.error}
        return answer_record(self.answer, self.latency_ms)


def bounded_history(history: Sequence[Turn]) -> list[Turn]:
    """The newest turns, each cut to ``MAX_TURN_CHARS`` characters: at most ``MAX_HISTORY_TURNS``
    of them and ``MAX_HISTORY_CHARS`` characters in all (older turns are dropped whole)."""
    kept: list[Turn] = []
    total = 0
    for turn in reversed(list(history)[-MAX_HISTORY_TURNS:]):
        content = turn.content[:MAX_TURN_CHARS]
        total += len(content)
        if total > MAX_HISTORY_CHARS:
            break
        kept.append(Turn(turn.role, content))
    return kept[::-1]


def answer_workers(count: int) -> ThreadPoolExecutor:
    """``count`` threads that compute a server's answers (``Channel(workers=...)``)."""
    return ThreadPoolExecutor(max_workers=max(1, count), thread_name_prefix="answer")


class Channel:
    """Shared by every front end of one server: one rate limiter, one bounded queue."""

    def __init__(
        self, bot: Chatbot, limiter: Limiter | None = None, queue: BoundedQueue | None = None, *,
        strict: bool = False, workers: ThreadPoolExecutor | None = None,
    ) -> None:
        """``strict`` (the command line): a failure of the bot itself is raised, not turned into a friendly line,
        so the operator sees what to do and the command exits non-zero.

        ``workers`` (a server): the threads that compute answers, as many as the queue lets run
        at once. Without them every thread of the web server's pool that ever held a slot would
        have run the model and kept the stack and heap it grew doing so: under 32 clients the
        server's peak memory was about 5 MiB higher (``answer_workers``).
        """
        self.bot = bot
        self.limiter = limiter
        self.queue = queue
        self.strict = strict
        self.workers = workers
        folder = bot.settings.unanswered_dir
        self.unanswered = UnansweredLog(folder) if folder else None

    def handle(self, request: ChatRequest) -> Reply:
        started = time.perf_counter()
        try:
            return self._handle(request, started)
        except QuestionTooLongError as exc:  # a long message may still be a cry for help
            return self._safety_or(request, started, "too long", Reply(None, str(exc), 413))
        except InvalidQuestionError as exc:
            return self._refused(request, Reply(None, str(exc), 422), "invalid question")
        except ChatbotError:
            if self.strict:
                raise
            log.exception("answering failed")
            return self._refused(request, Reply(None, UNAVAILABLE, 503, 2), "bot unavailable")
        except Exception:  # logged with its traceback for the operator; the user gets a friendly line
            if self.strict:
                raise
            log.exception("unexpected error while answering")
            return self._refused(request, Reply(None, INTERNAL, 500), "internal error")

    def _handle(self, request: ChatRequest, started: float) -> Reply:
        wait = self.limiter.acquire(request.client) if self.limiter else 0.0
        if wait:
            seconds = max(1, round(wait))
            return self._safety_or(request, started, "limited", Reply(None, TOO_MANY.format(seconds=seconds), 429, seconds))
        try:
            with self.queue.slot() if self.queue else nullcontext():
                history = bounded_history(request.history)
                if self.workers is None:
                    answer = self.bot.answer(request.message, history)
                else:
                    answer = self.workers.submit(self.bot.answer, request.message, history).result()
        except Busy:
            return self._safety_or(request, started, "busy", Reply(None, BUSY, 503, 2))
        ms = (time.perf_counter() - started) * 1000
        self._audit(answer, ms, request.channel, request)
        return Reply(answer, latency_ms=ms)

    def _safety_or(self, request: ChatRequest, started: float, why: str, refusal: Reply) -> Reply:
        """The emergency or crisis reply when the word lists see one, else ``refusal``."""
        urgent = self.bot.safety_reply(request.message)
        if urgent is None:
            return self._refused(request, refusal, why)
        ms = (time.perf_counter() - started) * 1000
        self._audit(urgent, ms, f"{request.channel}-{why.replace(' ', '-')}", request)
        return Reply(urgent, latency_ms=ms)

    def _audit(self, answer: Answer, ms: float, channel: str, request: ChatRequest) -> None:
        question = request.message if self.bot.settings.log_questions and isinstance(request.message, str) else None
        log_answer(answer, ms, channel, question)
        if self.unanswered is not None and answer.route == "abstain" and isinstance(request.message, str):
            self.unanswered.record(request.message)

    def refuse(self, request: ChatRequest, error: str, status: Status, why: str) -> Reply:
        """A request its front end found malformed: the same refusal and audit line as any other."""
        return self._refused(request, Reply(None, error, status), why)

    @staticmethod
    def _refused(request: ChatRequest, reply: Reply, why: str) -> Reply:
        log_refusal(request.channel, reply.status, why)
        return reply
