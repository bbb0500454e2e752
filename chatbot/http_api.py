"""JSON HTTP API and page security: FastAPI, no Gradio.

``POST /api/ask`` takes ``{"message": "...", "history": [{"role", "content"}, ...]}`` and
returns the batch CLI's record; ``GET /api/health`` says whether the bot is
ready; ``GET /widget.js`` is the staff embed script. Every response carries
security headers, with ``frame-ancestors`` from the configuration.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from chatbot.bot import Chatbot, timed_answer
from chatbot.config import Settings
from chatbot.errors import ChatbotError, InvalidQuestionError
from chatbot.models import Turn

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
MAX_HISTORY_TURNS = 40


class Message(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: str
    history: list[Message] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)


def content_security_policy(frame_ancestors: str) -> str:
    """Only the app's own origin may supply scripts, styles, images, fonts and connections."""
    return (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self' ws: wss:; media-src 'self' blob:; worker-src 'self' blob:; "
        f"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )


def add_security_headers(app: FastAPI, settings: Settings) -> None:
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


def add_api_routes(app: FastAPI, bot: Chatbot) -> None:
    """The JSON endpoints, sharing ``Chatbot.answer`` with the UI and the CLI."""

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}" for e in exc.errors()
        )
        return JSONResponse({"error": f"Invalid request: {problems}"}, status_code=422)

    @app.post("/api/ask")
    def ask(request: AskRequest) -> JSONResponse:
        history = [Turn(m.role, m.content) for m in request.history]
        try:
            answer, ms = timed_answer(bot, request.message, history)
        except InvalidQuestionError as exc:
            status = 413 if "too long" in str(exc) else 422
            return JSONResponse({"error": str(exc)}, status_code=status)
        except ChatbotError:
            log.exception("answering failed")
            return JSONResponse({"error": "The bot cannot answer right now. Please try again."}, status_code=503)
        return JSONResponse({**answer.to_json(), "latency_ms": round(ms, 2)})

    @app.get("/api/health")
    def health() -> dict[str, object]:
        counts = bot.index.manifest.get("counts", {})
        return {"status": "ok", "model": bot.embedder.name, "index": counts}

    @app.get("/widget.js")
    def widget() -> FileResponse:
        return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8")
