"""Patient chat, staff embed view and HTTP API in one server: a thin shell over ``chatbot``.

``build_app()`` returns the FastAPI application (tests call it); ``launch()``
serves it and runs only under the main guard. Nothing is loaded at import time.

    /            the patient chat (Gradio)
    /embed/      the compact chat the staff widget opens in an iframe
    /widget.js   the one-line embed script
    /api/ask     JSON API (POST), /api/health
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from chatbot.web.audit import log_answer  # noqa: E402
from chatbot.answer.bot import Chatbot, timed_answer  # noqa: E402
from chatbot.config import Settings, load_settings  # noqa: E402
from chatbot.errors import ChatbotError, InvalidQuestionError  # noqa: E402
from chatbot.web.http_api import add_api_routes, add_security_headers, client_key, make_limits  # noqa: E402
from chatbot.web.limits import RateLimiter  # noqa: E402
from chatbot.models import Turn  # noqa: E402
from chatbot.render.html import answer_html, sources_html, user_html  # noqa: E402

log = logging.getLogger("app")

TITLE = "Calcinosis cutis questions"
DESCRIPTION = (
    "Ask about calcinosis cutis (calcium deposits in the skin). Every answer quotes five "
    "trusted medical articles (from Verywell Health, Medscape and others, listed under "
    "\u201cSources\u201d below) word for word, with numbered citations you can open."
)
NOTICE = (
    "General information from the cited articles, not a diagnosis or medical advice. "
    "In an emergency, call your local emergency number."
)
EXAMPLES = [
    "What is calcinosis cutis?",
    "What are the types of calcinosis cutis?",
    "How is calcinosis cutis diagnosed?",
    "How is calcinosis cutis treated?",
    "I have hard white bumps on my elbow. What could they be?",
]
# The embed view tells the widget on the host page that Escape was pressed inside it.
EMBED_HEAD = """<script>
document.addEventListener("keydown", function (e) {
  if ((e.key === "Escape" || e.key === "Esc") && window.parent !== window) {
    window.parent.postMessage("calcinosis-chat:close", "*");
  }
});
</script>"""
CSS = """
.gradio-container { max-width: 900px !important; margin: 0 auto !important; }
#header h1 { font-size: 1.6rem; margin: 0.2rem 0; }
#header p { margin: 0.2rem 0; }
#notice { border-left: 4px solid #b45309; background: #fffbeb; color: #1f2937; padding: 0.5rem 0.75rem; border-radius: 4px; }
.answer, .answer * { overflow-wrap: anywhere; }
.citation { font-size: 0.9em; }
.citation summary { cursor: pointer; }
.citation summary strong { font-weight: 600; font-size: 1em; }
.citation summary:focus-visible { outline: 3px solid #2563eb; }
.citation .context { margin: 0.4rem 0 0.6rem; padding-left: 0.75rem; border-left: 3px solid #9ca3af; }
.citation mark { background: #fde68a; color: inherit; }
.notice { font-size: 0.85em; color: #4b5563; }
.cite { color: #1d4ed8; }
.triage { border-left: 6px solid; border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0 0 0.75rem; color: #111827; }
.triage p { margin: 0; }
.triage-emergency { border-color: #b91c1c; background: #fef2f2; }
.triage-crisis { border-color: #6d28d9; background: #f5f3ff; }
.triage-urgent { border-color: #b45309; background: #fffbeb; }
.triage a.call { display: inline-block; min-height: 44px; min-width: 44px; line-height: 44px; padding: 0 0.6rem;
  margin: 0.15rem 0; border-radius: 6px; background: #ffffff; border: 2px solid currentColor; font-weight: 700;
  text-decoration: none; color: #991b1b; text-align: center; }
.triage-crisis a.call { color: #5b21b6; }
.triage-urgent a.call { color: #92400e; }
.triage a.call:focus-visible { outline: 3px solid #2563eb; }
@media (max-width: 480px) { #header h1 { font-size: 1.25rem; } .gradio-container { padding: 4px !important; } }
"""


class FeedbackLog:
    """Thumbs up/down, appended as JSON lines; exists only when the operator turns it on."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "feedback.jsonl"
        self._lock = threading.Lock()

    def record(self, liked: bool, question: str, answer: str) -> None:
        row = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "liked": liked,
               "question": question, "answer": answer}
        with self._lock, open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def turns_from(state: list[dict[str, str]] | None) -> list[Turn]:
    """The session's raw conversation (kept apart from the escaped chat display)."""
    if not isinstance(state, list):
        return []
    return [
        Turn(t["role"], t["content"])
        for t in state
        if isinstance(t, dict) and not t.get("failed")
        and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
    ]


def feedback_pair(state: list[dict[str, Any]], index: object) -> tuple[str, str] | None:
    """(question, answer) for a thumbs on chat message ``index``; None unless it is a real answer.

    The state holds one entry per chat message, failed turns included, so message
    ``index`` is ``state[index]`` and its question the entry before it.
    """
    if not isinstance(index, int) or not 0 < index < len(state):
        return None
    question, answer = state[index - 1], state[index]
    if answer.get("role") != "assistant" or answer.get("failed") or question.get("role") != "user":
        return None
    return question["content"], answer["content"]


def make_handlers(bot: Chatbot, feedback: FeedbackLog | None, limiter: RateLimiter | None = None):  # type: ignore[no-untyped-def]
    settings = bot.settings

    def reply_html(message: str, state: list[dict[str, str]], client: str) -> tuple[str, str]:
        """(HTML to show, plain answer text for the history); errors become friendly sentences."""
        wait = limiter.acquire(client) if limiter else 0
        if wait:
            urgent = bot.safety_reply(message)  # a person in crisis is never told to wait
            if urgent is not None:
                log_answer(urgent, 0.0, "ui-limited", message if settings.log_questions else None)
                return answer_html(urgent), urgent.text
            return f"<p>You are asking very quickly. Please wait {max(1, round(wait))} seconds and try again.</p>", ""
        try:
            answer, ms = timed_answer(bot, message, turns_from(state))
            log_answer(answer, ms, "ui", message if settings.log_questions else None)
        except InvalidQuestionError as exc:
            return f"<p>{html.escape(str(exc))}</p>", ""
        except ChatbotError:
            log.exception("answering failed")
            return "<p>Sorry, the bot cannot answer right now. Please try again in a moment.</p>", ""
        return answer_html(answer, bot.citation_context), answer.text

    def respond(message: str, chat: list[dict[str, Any]], state: list[dict[str, str]], request: gr.Request):  # type: ignore[no-untyped-def]
        chat, state = list(chat or []), list(state or [])
        if not (message or "").strip():
            return "", chat, state
        host = request.client.host if request and request.client else None
        forwarded = request.headers.get("x-forwarded-for") if request else None
        shown, text = reply_html(message, state, client_key(host, forwarded, settings))
        chat += [{"role": "user", "content": user_html(message)}, {"role": "assistant", "content": shown}]
        # one state entry per chat message, so feedback on message i concerns state[i];
        # turns that got no answer are kept but never used as history
        state += [{"role": "user", "content": message, "failed": not text},
                  {"role": "assistant", "content": text or shown, "failed": not text}]
        return "", chat, state

    def on_like(data: Any, state: list[dict[str, str]]) -> None:
        if feedback is None:
            return
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        pair = feedback_pair(state, index)
        if pair is not None:
            feedback.record(bool(data.liked), *pair)

    return respond, on_like


def api_ask(bot: Chatbot, limiter: RateLimiter | None = None):  # type: ignore[no-untyped-def]
    def ask(message: str, history: list[dict[str, str]] | None = None, request: gr.Request = None) -> dict[str, Any]:  # type: ignore[assignment]
        """Answer a question given the conversation so far; returns the batch CLI's record."""
        if limiter is not None and request is not None and request.client is not None:
            wait = limiter.acquire(client_key(request.client.host, request.headers.get("x-forwarded-for"), bot.settings))
            if wait:
                urgent = bot.safety_reply(message)  # a person in crisis is never told to wait
                if urgent is not None:
                    return {**urgent.to_json(), "latency_ms": 0.0}
                return {"error": f"Too many questions from your address; please wait {max(1, round(wait))} s and try again."}
        if history is not None and not isinstance(history, list):
            return {"error": "history must be a list of {role, content} messages"}
        try:
            answer, ms = timed_answer(bot, message, turns_from(history))
        except InvalidQuestionError as exc:
            return {"error": str(exc)}
        except ChatbotError:
            log.exception("answering failed")
            return {"error": "The bot cannot answer right now. Please try again."}
        return {**answer.to_json(), "latency_ms": round(ms, 2)}

    return ask


def build_ui(bot: Chatbot, settings: Settings, *, compact: bool = False, limiter: RateLimiter | None = None):  # type: ignore[no-untyped-def]
    """The chat as Gradio Blocks; ``compact`` is the embed view (no examples or sources panel)."""
    feedback = FeedbackLog(settings.feedback_dir) if settings.feedback_dir else None
    respond, on_like = make_handlers(bot, feedback, limiter)
    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_height=compact) as demo:
        gr.HTML(
            f'<div id="header"><h1>{TITLE}</h1>'
            + ("" if compact else f"<p>{DESCRIPTION}</p>")
            + f'<p id="notice" role="note">{NOTICE}</p></div>',
            padding=False,
        )
        chat = gr.Chatbot(
            label="Conversation",
            elem_id="chat",
            # The compact view lives in a small frame: the conversation scrolls inside
            # itself so the question box stays in sight.
            height="calc(100vh - 300px)" if compact else 520,
            min_height=150 if compact else 300,
            show_label=False,
            feedback_options=("Like", "Dislike") if feedback else None,
            sanitize_html=True,
            latex_delimiters=[],  # "$$" in a question is text, not maths
            buttons=[],
            placeholder="Ask a question about calcinosis cutis below.",
        )
        state = gr.State([])
        with gr.Row(equal_height=True):
            box = gr.Textbox(
                label="Your question",
                placeholder="Type your question" if compact else "e.g. How is calcinosis cutis treated?",
                elem_id="question",
                scale=5,
                lines=1,
                max_lines=4,
                autofocus=not compact,
                submit_btn=False,
            )
            send = gr.Button("Ask", variant="primary", elem_id="ask", scale=1, min_width=80)
        send.click(respond, [box, chat, state], [box, chat, state], api_visibility="private")
        box.submit(respond, [box, chat, state], [box, chat, state], api_visibility="private")
        if feedback:
            chat.like(on_like, [state], None, api_visibility="private")
        if not compact:
            gr.Examples(EXAMPLES, inputs=box, label="Example questions")
            with gr.Accordion("Sources: the five articles", open=False, elem_id="sources"):
                gr.HTML(sources_html(list(bot.index.sources.values())), padding=False)
        gr.api(api_ask(bot, limiter), api_name="ask")
    # api_open=False: Gradio's direct /run routes would skip this queue and its limits.
    demo.queue(default_concurrency_limit=settings.max_concurrent_answers, max_size=settings.max_queued_answers,
               api_open=False)
    return demo


def build_app(bot: Chatbot | None = None, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """FastAPI app with the JSON API, the widget, the embed view and the patient chat."""
    from fastapi import FastAPI

    settings = settings or load_settings()
    bot = bot or Chatbot.load(settings, build=True)
    if bot.settings is not settings:
        bot = bot.with_settings(settings)
    limits = make_limits(settings)
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    add_security_headers(app, settings)
    add_api_routes(app, bot, limits)
    theme = gr.themes.Default(primary_hue="emerald")
    for path, compact in (("/embed", True), ("/", False)):
        app = gr.mount_gradio_app(
            app, build_ui(bot, settings, compact=compact, limiter=limits[0]), path=path, css=CSS, theme=theme,
            footer_links=[], show_error=False, ssr_mode=False, head=EMBED_HEAD if compact else None,
        )
    return app


def launch(settings: Settings | None = None, *, build: bool = False) -> None:
    """Serve the app with uvicorn; a missing or stale index is refused unless ``build``."""
    import uvicorn

    settings = settings or load_settings()
    try:
        bot = Chatbot.load(settings, build=build)
    except ChatbotError as exc:
        raise SystemExit(f"error: {exc}") from exc
    app = build_app(bot=bot, settings=settings)
    print(f"Serving the chat at http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the calcinosis cutis chat, embed widget and JSON API.")
    parser.add_argument("--host", default=None, help="address to bind (default 127.0.0.1; CHATBOT_HOST)")
    parser.add_argument("--port", type=int, default=None, help="port (default 7860; CHATBOT_PORT)")
    parser.add_argument("--feedback-dir", type=Path, default=None, help="turn on feedback logging into this folder")
    parser.add_argument("--build", action="store_true", help="build the index first if it is missing or stale")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    launch(load_settings(host=args.host, port=args.port, feedback_dir=args.feedback_dir), build=args.build)


if __name__ == "__main__":
    main()
