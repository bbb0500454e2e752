"""JSON HTTP API: FastAPI, no Gradio.

``POST /api/ask`` takes ``{"message": "...", "history": [{"role", "content"}, ...]}`` and
returns the batch CLI's record; ``GET /api/health`` says whether the bot is
ready; ``GET /widget.js`` is the staff embed script. Answers go through the
shared ``Channel`` (limits, rate limit, audit), as the chat's do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import redis
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from chatbot.config import Settings
from chatbot.models import Sentence, Turn
from chatbot.render.html import article_page
from chatbot.web.audit import log_refusal
from chatbot.web.channel import Channel, ChatRequest, Reply
from chatbot.web.limits import BoundedQueue, Limiter
from chatbot.web.shared import connect, make_limiter, make_queue

STATIC = Path(__file__).resolve().parent / "static"


class HistoryMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant"]
    content: str  # any length: the channel keeps what counts (``bounded_history``)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: str
    history: list[HistoryMessage] = Field(default_factory=list)


def sender_of(request: Any) -> str:
    """Who sent a FastAPI or Gradio request (either may be None), for the rate limits.

    ``request.client`` is already the address ``chatbot.web.proxy`` proved, the
    same for every front end.
    """
    if request is None or request.client is None:
        return "unknown"
    return request.client.host or "unknown"


def make_limits(settings: Settings, client: redis.Redis | None = None) -> tuple[Limiter, BoundedQueue]:
    """One question limiter and one answer budget per server (per deployment with Redis), for every front end.

    Both draw on ``client``, the server's one Redis client (``connect``); without it they share one made here.
    """
    if client is None:
        client = connect(settings)
    return make_limiter(settings, "questions", client=client), make_queue(settings, client=client)


def reply_response(reply: Reply) -> JSONResponse:
    headers = {"Retry-After": str(reply.retry_after)} if reply.retry_after else None
    return JSONResponse(reply.record(), status_code=reply.status, headers=headers)


def add_api_routes(app: FastAPI, channel: Channel) -> None:
    """The JSON endpoints, answering through the channel the chat shares."""
    bot = channel.bot
    # The index and the stylesheet never change while the server runs: the article page reads them once.
    article_css = (STATIC / "chat.css").read_text(encoding="utf-8")
    by_source: dict[str, list[Sentence]] = {}
    for sentence in bot.index.texts.sentences:
        by_source.setdefault(sentence.source_id, []).append(sentence)

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
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}" for e in exc.errors()[:5]
        )
        if request.url.path == "/api/ask":
            log_refusal("api", 422, "invalid request")
        return JSONResponse({"error": f"Invalid request: {problems[:500]}"}, status_code=422)

    @app.post("/api/ask")
    def ask(body: AskRequest, request: Request) -> JSONResponse:
        history = [Turn(m.role, m.content) for m in body.history]
        return reply_response(channel.handle(ChatRequest(body.message, history, sender_of(request), "api")))

    @app.get("/api/health")
    def health() -> dict[str, object]:
        counts = bot.index.manifest.get("counts", {})
        return {"status": "ok", "model": bot.embedder.name, "index": counts}

    @app.api_route("/widget.js", methods=["GET", "HEAD"], include_in_schema=False)
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8")

    @app.api_route("/article/{source_id}", methods=["GET", "HEAD"], include_in_schema=False)
    def article(source_id: str, start: int = 0, end: int = 0) -> HTMLResponse:
        """"Read in context": the article as the index keeps it, the quoted sentences marked."""
        source = bot.index.texts.sources.get(source_id)
        if source is None:
            raise StarletteHTTPException(404, "No such article.")
        return HTMLResponse(article_page(source, by_source.get(source_id, []), start, end, article_css))
