"""Patient chat, staff embed view and HTTP API in one server: wiring only, over ``chatbot``.

``build_app()`` returns the FastAPI application (tests call it); ``main()``
serves it and runs only under the main guard. Nothing is loaded at import time.

    /            the patient chat (Gradio)
    /embed/      the compact chat the staff widget opens in an iframe
    /widget.js   the one-line embed script
    /api/ask     JSON API (POST), /api/health

Every answer, from the chat, Gradio's ``/ask`` or the JSON API, goes through
one ``Channel`` (limits, rate limit, concurrency, errors, audit).
"""

from __future__ import annotations

import html
import logging
import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from chatbot.answer.bot import Chatbot  # noqa: E402
from chatbot.config import Settings, load_settings  # noqa: E402
from chatbot.errors import ChatbotError  # noqa: E402
from chatbot.render.html import answer_html, sources_html, user_html  # noqa: E402
from chatbot.web.arguments import server_settings  # noqa: E402
from chatbot.web.channel import Channel, ChatRequest  # noqa: E402
from chatbot.web.chat_state import State, feedback_pair, turns_from, with_turn  # noqa: E402
from chatbot.web.feedback import FeedbackLog  # noqa: E402
from chatbot.web.http_api import STATIC, add_api_routes, make_limits, sender_of  # noqa: E402
from chatbot.web.page_text import DESCRIPTION, EXAMPLES, NOTICE, TITLE  # noqa: E402
from chatbot.web.security import add_security_headers  # noqa: E402

log = logging.getLogger("app")


def make_handlers(channel: Channel, feedback: FeedbackLog | None):  # type: ignore[no-untyped-def]
    """The chat's submit and thumbs handlers: adapters between Gradio's values and the channel."""
    bot = channel.bot

    def respond(message: str, chat: list[dict[str, Any]], state: State, request: gr.Request):  # type: ignore[no-untyped-def]
        chat, state = list(chat or []), list(state or [])
        if not (message or "").strip():
            return "", chat, state
        reply = channel.handle(ChatRequest(message, turns_from(state), sender_of(request, bot.settings), "ui"))
        if reply.answer is not None:
            shown, text = answer_html(reply.answer, bot.citation_context), reply.answer.text
        else:
            shown, text = f"<p>{html.escape(reply.error or '')}</p>", ""
        chat += [{"role": "user", "content": user_html(message)}, {"role": "assistant", "content": shown}]
        return "", chat, with_turn(state, message, text, shown)

    def on_like(data: Any, state: State) -> None:
        if feedback is None:
            return
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        pair = feedback_pair(state, index)
        if pair is not None:
            feedback.record(bool(data.liked), *pair)

    return respond, on_like


def api_ask(channel: Channel):  # type: ignore[no-untyped-def]
    def ask(message: str, history: list[dict[str, str]] | None = None, request: gr.Request = None) -> dict[str, Any]:  # type: ignore[assignment]
        """Answer a question given the conversation so far; returns the batch CLI's record."""
        if history is not None and not isinstance(history, list):
            return {"error": "history must be a list of {role, content} messages"}
        client = sender_of(request, channel.bot.settings)
        return channel.handle(ChatRequest(message, turns_from(history), client, "gradio-api")).record()

    return ask


def build_ui(channel: Channel, settings: Settings, *, compact: bool = False):  # type: ignore[no-untyped-def]
    """The chat as Gradio Blocks; ``compact`` is the embed view (no examples or sources panel)."""
    feedback = FeedbackLog(settings.feedback_dir) if settings.feedback_dir else None
    respond, on_like = make_handlers(channel, feedback)
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
                gr.HTML(sources_html(list(channel.bot.index.texts.sources.values())), padding=False)
        gr.api(api_ask(channel), api_name="ask")
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
    channel = Channel(bot, *make_limits(settings))
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    add_security_headers(app, settings)
    add_api_routes(app, channel)
    css = (STATIC / "chat.css").read_text(encoding="utf-8")
    embed_head = (STATIC / "embed-head.html").read_text(encoding="utf-8")
    theme = gr.themes.Default(primary_hue="emerald")
    for path, compact in (("/embed", True), ("/", False)):
        app = gr.mount_gradio_app(
            app, build_ui(channel, settings, compact=compact), path=path, css=css, theme=theme,
            footer_links=[], show_error=False, ssr_mode=False, head=embed_head if compact else None,
        )
    return app


def main() -> None:
    """Serve the app with uvicorn; a missing or stale index is refused unless ``--build``."""
    import uvicorn

    settings, build = server_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        bot = Chatbot.load(settings, build=build)
    except ChatbotError as exc:
        raise SystemExit(f"error: {exc}") from exc
    app = build_app(bot=bot, settings=settings)
    print(f"Serving the chat at http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":
    main()
