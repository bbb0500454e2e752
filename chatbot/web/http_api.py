"""JSON HTTP API and page security: FastAPI, no Gradio.

``POST /api/ask`` takes ``{"message": "...", "history": [{"role", "content"}, ...]}`` and
returns the batch CLI's record; ``GET /api/health`` says whether the bot is
ready; ``GET /widget.js`` is the staff embed script. Every response carries
security headers, with ``frame-ancestors`` from the configuration.
"""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chatbot.web.audit import log_answer
from chatbot.answer.bot import Chatbot, timed_answer
from chatbot.config import Settings
from chatbot.errors import ChatbotError, InvalidQuestionError
from chatbot.web.limits import BoundedQueue, Busy, RateLimiter
from chatbot.models import Turn

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
MAX_HISTORY_TURNS = 40


class HistoryMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: str
    history: list[HistoryMessage] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)


def content_security_policy(frame_ancestors: str) -> str:
    """Only the app's own origin may supply scripts, styles, images, fonts and connections.

    Gradio's front end needs inline scripts and ``eval`` (its compiled Svelte
    bundles); every text placed in the page is escaped, so those are not an
    opening for a user's or a source's text. Gradio 6 talks to the server over
    HTTP and server-sent events only, so no ``ws:`` origin is allowed.
    """
    return (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; "
        f"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )


# Gradio's upload routes (under the chat and the embed view): the chat has no file
# inputs, so an open upload would only let anyone fill the server's disk.
_BLOCKED_PATHS = re.compile(r"/gradio_api/(upload|upload_progress)(/|$)|^/(embed/)?upload(/|$)")


class RequestGuard:
    """Pure ASGI middleware that refuses, before any app code runs, what this app never needs:
    request bodies over ``max_bytes`` (by ``Content-Length`` or as they stream in) and
    Gradio's file-upload routes. Without it a 50 MB JSON body is read and parsed in full."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _BLOCKED_PATHS.search(scope["path"]):
            await _plain_error(send, 404, "Not found.")
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        too_large = f"The request is too large; the limit is {self.max_bytes} bytes."
        if declared.strip().isdigit() and int(declared) > self.max_bytes:
            await _plain_error(send, 413, too_large)
            return
        received = 0
        started = refused = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Answer now and tell the app the client left: frameworks turn an
                    # exception raised here into their own 400, which would hide the limit.
                    refused = True
                    if not started:
                        await _plain_error(send, 413, too_large)
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the app says after it is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, tracked_send)


async def _plain_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
    ]})
    await send({"type": "http.response.body", "body": body})


def add_security_headers(app: FastAPI, settings: Settings) -> None:
    """Security headers on every response, and the request guard inside them (so its refusals carry them too)."""
    app.add_middleware(RequestGuard, max_bytes=settings.max_request_bytes)
    csp = content_security_policy(settings.frame_ancestors)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = csp
        if request.url.path != "/widget.js":
            response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response


def client_key(host: str | None, forwarded_for: str | None, settings: Settings) -> str:
    """Who a request comes from, for rate limiting (the proxy's header only when trusted)."""
    if settings.trust_forwarded_for and forwarded_for:
        return forwarded_for.split(",")[-1].strip()  # the client writes the first entries; the proxy appends the last
    return host or "unknown"


def make_limits(settings: Settings) -> tuple[RateLimiter, BoundedQueue]:
    """One limiter and one queue per server, shared by the UI and the API."""
    return (
        RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        BoundedQueue(settings.max_concurrent_answers, settings.max_queued_answers),
    )


def _safety_record(bot: Chatbot, message: str, channel: str) -> JSONResponse | None:
    """The emergency or crisis reply for a request refused by the limits, when the word lists see one."""
    started = time.perf_counter()
    answer = bot.safety_reply(message)
    if answer is None:
        return None
    ms = (time.perf_counter() - started) * 1000
    log_answer(answer, ms, channel, message if bot.settings.log_questions else None)
    return JSONResponse({**answer.to_json(), "latency_ms": round(ms, 2)})


def add_api_routes(app: FastAPI, bot: Chatbot, limits: tuple[RateLimiter, BoundedQueue] | None = None) -> None:
    """The JSON endpoints, sharing ``Chatbot.answer`` (and the limits) with the UI."""
    settings = bot.settings
    limiter, queue = limits or make_limits(settings)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """API errors keep the API's shape; other paths keep FastAPI's default."""
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        status = 422 if exc.status_code == 400 else exc.status_code
        message = "Invalid request: the body is not valid JSON in UTF-8." if exc.status_code == 400 else str(exc.detail)
        return JSONResponse({"error": message}, status_code=status, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}" for e in exc.errors()
        )
        return JSONResponse({"error": f"Invalid request: {problems}"}, status_code=422)

    @app.post("/api/ask")
    def ask(body: AskRequest, request: Request) -> JSONResponse:
        key = client_key(request.client.host if request.client else None, request.headers.get("x-forwarded-for"), settings)
        wait = limiter.acquire(key)
        if wait:
            urgent = _safety_record(bot, body.message, "api-limited")
            if urgent is not None:  # a person in crisis is never told to wait
                return urgent
            seconds = max(1, round(wait))
            return JSONResponse(
                {"error": f"Too many questions from your address; please wait {seconds} s and try again."},
                status_code=429, headers={"Retry-After": str(seconds)},
            )
        history = [Turn(m.role, m.content) for m in body.history]
        try:
            with queue.slot():
                answer, ms = timed_answer(bot, body.message, history)
        except Busy:
            urgent = _safety_record(bot, body.message, "api-busy")
            if urgent is not None:
                return urgent
            return JSONResponse(
                {"error": "The bot is busy right now; please try again in a few seconds."},
                status_code=503, headers={"Retry-After": "2"},
            )
        except InvalidQuestionError as exc:
            status = 413 if "too long" in str(exc) else 422
            return JSONResponse({"error": str(exc)}, status_code=status)
        except ChatbotError:
            log.exception("answering failed")
            return JSONResponse({"error": "The bot cannot answer right now. Please try again."}, status_code=503)
        except Exception:  # logged with its traceback for the operator; the user gets the API's error shape
            log.exception("unexpected error while answering")
            return JSONResponse({"error": "Internal error; it has been logged. Please try again."}, status_code=500)
        log_answer(answer, ms, "api", body.message if settings.log_questions else None)
        return JSONResponse({**answer.to_json(), "latency_ms": round(ms, 2)})

    @app.get("/api/health")
    def health() -> dict[str, object]:
        counts = bot.index.manifest.get("counts", {})
        return {"status": "ok", "model": bot.embedder.name, "index": counts}

    @app.get("/widget.js")
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8")
