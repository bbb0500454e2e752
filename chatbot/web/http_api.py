"""JSON HTTP API: FastAPI, no Gradio.

``POST /api/ask`` takes ``{"message": "...", "history": [{"role", "content"}, ...]}`` and
returns the batch CLI's record; ``GET /api/health`` says whether the bot is
ready; ``GET /widget.js`` is the staff embed script. Answers go through the
shared ``Channel`` (limits, rate limit, audit), as the chat's do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from chatbot.config import Settings
from chatbot.models import Turn
from chatbot.web.channel import MAX_HISTORY_TURNS, MAX_TURN_CHARS, Channel, ChatRequest, Reply
from chatbot.web.limits import BoundedQueue, RateLimiter

STATIC = Path(__file__).resolve().parent / "static"


class HistoryMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_TURN_CHARS)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: str
    history: list[HistoryMessage] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)


def client_key(host: str | None, forwarded_for: str | None, settings: Settings) -> str:
    """Who a request comes from, for rate limiting (the proxy's header only when trusted)."""
    if settings.trust_forwarded_for and forwarded_for:
        return forwarded_for.split(",")[-1].strip()  # the client writes the first entries; the proxy appends the last
    return host or "unknown"


def sender_of(request: Any, settings: Settings) -> str:
    """``client_key`` of a FastAPI or Gradio request (both carry ``.client`` and ``.headers``; either may be None)."""
    if request is None or request.client is None:
        return client_key(None, None, settings)
    return client_key(request.client.host, request.headers.get("x-forwarded-for"), settings)


def make_limits(settings: Settings) -> tuple[RateLimiter, BoundedQueue]:
    """One limiter and one queue per server, shared by the UI and the API."""
    return (
        RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        BoundedQueue(settings.max_concurrent_answers, settings.max_queued_answers),
    )


def reply_response(reply: Reply) -> JSONResponse:
    headers = {"Retry-After": str(reply.retry_after)} if reply.retry_after else None
    return JSONResponse(reply.record(), status_code=reply.status, headers=headers)


def add_api_routes(app: FastAPI, channel: Channel) -> None:
    """The JSON endpoints, answering through the channel the chat shares."""
    bot, settings = channel.bot, channel.bot.settings

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
        history = [Turn(m.role, m.content) for m in body.history]
        return reply_response(channel.handle(ChatRequest(body.message, history, sender_of(request, settings), "api")))

    @app.get("/api/health")
    def health() -> dict[str, object]:
        counts = bot.index.manifest.get("counts", {})
        return {"status": "ok", "model": bot.embedder.name, "index": counts}

    @app.get("/widget.js")
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8")
