"""Patient chat, staff embed view and HTTP API in one server: wiring only, over ``chatbot``.

``build_app()`` returns the FastAPI application (tests call it); ``main()``
serves it and runs only under the main guard. Nothing is loaded at import time.

    /            the patient chat (Gradio)
    /embed/      the compact chat the staff widget opens in an iframe
    /widget.js   the one-line embed script
    /api/ask     JSON API (POST), /api/health

Every answer, from the chat, Gradio's ``/ask`` or the JSON API, goes through
one ``Channel`` (limits, rate limit, concurrency, errors, audit). In front of
everything: the sender's address (``chatbot.web.proxy``), the request guard and
security headers (``chatbot.web.security``) and the Gradio queue guard
(``chatbot.web.gradio_guard``); ``main()`` serves it with the connection guards
(``chatbot.web.server``).
"""

from __future__ import annotations

import html
import json
import logging
import os
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from chatbot.answer.bot import Chatbot  # noqa: E402
from chatbot.config import Settings, load_settings  # noqa: E402
from chatbot.errors import ChatbotError  # noqa: E402
from chatbot.render.html import answer_html, sources_html, user_html  # noqa: E402
from chatbot.web.arguments import server_settings  # noqa: E402
from chatbot.web.channel import MAX_HISTORY_TURNS, Channel, ChatRequest, answer_workers  # noqa: E402
from chatbot.web.chat_state import State, feedback_pair, turns_from, with_turn  # noqa: E402
from chatbot.web.feedback import FeedbackLog  # noqa: E402
from chatbot.web.gradio_guard import GradioGuard  # noqa: E402
from chatbot.web.http_api import STATIC, add_api_routes, make_limits, sender_of  # noqa: E402
from chatbot.web.page_text import DESCRIPTION, EXAMPLES, NOTICE, TITLE, WORKING_HTML  # noqa: E402
from chatbot.web.proxy import ClientAddress, TrustedProxies  # noqa: E402
from chatbot.web.security import add_security_headers  # noqa: E402
from chatbot.web.shared import connect, make_limiter  # noqa: E402

log = logging.getLogger("app")


def make_handlers(channel: Channel, feedback: FeedbackLog | None):  # type: ignore[no-untyped-def]
    """The chat's submit and thumbs handlers: adapters between Gradio's values and the channel."""
    bot = channel.bot

    def respond(message: str, chat: list[dict[str, Any]], state: State, request: gr.Request):  # type: ignore[no-untyped-def]
        """Two steps: the question at once with "looking in the articles" under it, then the answer in its place."""
        chat, state = list(chat or []), list(state or [])
        if not isinstance(message, str) or not message.strip():
            yield "", chat, state
            return
        # A message over the limit is refused; the session keeps no more of it than could be asked.
        kept = message[:bot.settings.max_question_chars]
        chat += [{"role": "user", "content": user_html(kept)}, {"role": "assistant", "content": WORKING_HTML}]
        yield "", chat, state
        reply = channel.handle(ChatRequest(message, turns_from(state), sender_of(request), "ui"))
        if reply.answer is not None:
            shown, text = answer_html(reply.answer, bot.citation_context), reply.answer.text
        else:
            shown, text = f"<p>{html.escape(reply.error or '')}</p>", ""
        chat[-1] = {"role": "assistant", "content": shown}
        yield "", chat, with_turn(state, kept, text, shown)

    def on_like(data: gr.LikeData, state: State) -> None:
        # The gr.LikeData hint is what makes Gradio pass the event's data here at all.
        if feedback is None:
            return
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        pair = feedback_pair(state, index)
        if pair is not None:
            feedback.record(data.liked is True or data.liked == "Like", *pair)

    return respond, on_like


def _text(content: Any) -> str | None:
    """A chat message's HTML as the browser holds it: a string, or Gradio's list of text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(
        isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str) for p in content
    ):
        return "".join(p["text"] for p in content)
    return None


def restored(saved: str | None) -> tuple[list[dict[str, Any]], State]:
    """The chat and state the browser tab kept (sessionStorage) across a reload; anything malformed is dropped."""
    try:
        data = json.loads(saved or "null")
    except ValueError:
        return [], []
    if not isinstance(data, dict) or not isinstance(data.get("chat"), list) or not isinstance(data.get("state"), list):
        return [], []
    chat = [
        {"role": m["role"], "content": _text(m.get("content"))}
        for m in data["chat"][-2 * MAX_HISTORY_TURNS:]
        if isinstance(m, dict) and m.get("role") in ("user", "assistant") and _text(m.get("content")) is not None
    ]
    state = [t for t in data["state"][-2 * MAX_HISTORY_TURNS:] if isinstance(t, dict)]
    if len(chat) != len(state) or any(c["role"] != t.get("role") for c, t in zip(chat, state)):
        return [], []  # the two must stay index for index (thumbs find their question that way)
    return chat, state


# Run in the browser: the tab keeps the conversation across a reload (sessionStorage: this page, this tab,
# gone when the tab closes). Self-contained: Gradio may run them before the page's head script. A gr.State
# never reaches the browser, so its value travels to SAVE_JS as JSON in a hidden textbox.
_KEY = "'calcinosis-chat:' + location.pathname"
SAVE_JS = ("(chat, state) => { try { sessionStorage.setItem(" + _KEY + ", JSON.stringify({chat: chat,"
           " state: JSON.parse(state || '[]')})); } catch (e) {} }")
LOAD_JS = "() => { try { return sessionStorage.getItem(" + _KEY + ") || ''; } catch (e) { return ''; } }"
FORGET_JS = "() => { try { sessionStorage.removeItem(" + _KEY + "); } catch (e) {} }"


def api_ask(channel: Channel):  # type: ignore[no-untyped-def]
    def ask(message: str, history: list[dict[str, str]] | None = None, request: gr.Request = None) -> dict[str, Any]:  # type: ignore[assignment]
        """Answer a question given the conversation so far; returns the batch CLI's record."""
        asked = ChatRequest(message, turns_from(history), sender_of(request), "gradio-api")
        if history is not None and not isinstance(history, list):
            return channel.refuse(asked, "history must be a list of {role, content} messages", 422,
                                  "invalid history").record()
        return channel.handle(asked).record()

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
        if not compact:
            # Above the chat, so a phone shows them on the first screen; tapping one asks it.
            examples = gr.Dataset(samples=[[q] for q in EXAMPLES], components=["textbox"], label="Example questions",
                                  elem_id="examples", layout="gallery")
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
            autoscroll=False,  # chat.js scrolls: the question into view, then the answer's first line to the top
            placeholder="Ask a question about calcinosis cutis below.",
        )
        state = gr.State([], time_to_live=settings.session_ttl_seconds)
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
        new = gr.Button("New conversation", variant="secondary", size="sm", elem_id="new-conversation")
        saved = gr.Textbox(visible=False)  # the state as JSON, to and from the tab's sessionStorage
        # One concurrency group for every event that answers: Gradio runs no more of them at
        # once than the channel's budget lets compute (the budget itself is the channel's).
        answers = {"concurrency_id": "answers", "concurrency_limit": settings.max_concurrent_answers}

        def kept(event):  # type: ignore[no-untyped-def]
            """After an answer: the state as JSON into the hidden box, then chat and state into the tab's storage."""
            event.then(json.dumps, state, saved, api_visibility="private").then(None, [chat, saved], None, js=SAVE_JS)

        for ask in (send.click, box.submit):
            kept(ask(respond, [box, chat, state], [box, chat, state], api_visibility="private", **answers))
        if not compact:
            kept(examples.click(lambda sample: sample[0], examples, box, api_visibility="private").then(
                respond, [box, chat, state], [box, chat, state], api_visibility="private", **answers
            ))
        # A new conversation forgets the chat and the follow-up context (the state) alike; so does the bin icon.
        new.click(lambda: ("", [], []), None, [box, chat, state], api_visibility="private", js=FORGET_JS)
        chat.clear(list, None, state, api_visibility="private", js=FORGET_JS)
        demo.load(restored, saved, [chat, state], js=LOAD_JS, api_visibility="private")
        if feedback:
            chat.like(on_like, [state], None, api_visibility="private")
        if not compact:
            with gr.Accordion("Sources: the five articles", open=False, elem_id="sources"):
                gr.HTML(sources_html(list(channel.bot.index.texts.sources.values())), padding=False)
        gr.api(api_ask(channel), api_name="ask", **answers)
    # api_open=False: Gradio's direct /run routes would skip this queue and its limits.
    demo.queue(default_concurrency_limit=settings.max_concurrent_answers, max_size=settings.max_queued_answers,
               api_open=False)
    demo.state_session_capacity = settings.max_sessions  # oldest sessions forgotten first
    return demo


def stopping(workers: ThreadPoolExecutor) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """The app's lifespan: when the server stops, the answer threads it owns are shut down.

    Answers still queued are cancelled. One being computed cannot be interrupted and is not
    waited for here (``wait=False``): a stuck answer would otherwise hang the shutdown after
    uvicorn's graceful timeout has already given up on its request. (Python itself still
    joins the pool's threads when the process exits.)
    """

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        try:
            yield
        finally:
            workers.shutdown(wait=False, cancel_futures=True)

    return lifespan


def build_app(bot: Chatbot | None = None, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """FastAPI app with the JSON API, the widget, the embed view and the patient chat."""
    from fastapi import FastAPI

    settings = settings or load_settings()
    bot = bot or Chatbot.load(settings, build=True)
    if bot.settings is not settings:
        bot = bot.with_settings(settings)
    proxies = TrustedProxies.from_settings(settings)
    redis = connect(settings)  # the question and join limits and the answer slots share it: one PING at start
    workers = answer_workers(settings.max_concurrent_answers)
    channel = Channel(bot, *make_limits(settings, redis), workers=workers)
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=stopping(workers))
    add_api_routes(app, channel)
    css = (STATIC / "chat.css").read_text(encoding="utf-8")
    head = "<script>" + (STATIC / "chat.js").read_text(encoding="utf-8") + "</script>"
    theme = gr.themes.Default(primary_hue="emerald")
    events: dict[str, dict[int, bool]] = {}
    for path, compact in (("/embed", True), ("/", False)):
        demo = build_ui(channel, settings, compact=compact)
        events[path.rstrip("/")] = {fn_id: bool(fn.queue) for fn_id, fn in demo.fns.items()}
        app = gr.mount_gradio_app(
            app, demo, path=path, css=css, theme=theme,
            footer_links=[], show_error=False, ssr_mode=False, head=head,
        )
    # Middleware added last runs first: the sender's address, then headers and the request
    # guard, then the Gradio queue guard.
    joins = make_limiter(settings, "joins", settings.join_rate_factor, client=redis)
    app.add_middleware(GradioGuard, events=events, joins=joins, max_join_bytes=settings.max_join_bytes)
    add_security_headers(app, settings)
    app.add_middleware(ClientAddress, proxies=proxies)
    return app


def main() -> None:
    """Serve the app with the connection guards; a missing or stale index is refused unless ``--build``."""
    from chatbot.web.memory import return_freed_memory_promptly
    from chatbot.web.server import serve

    settings, build = server_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return_freed_memory_promptly()  # before the model and the index: their start-up garbage goes back
    try:
        TrustedProxies.from_settings(settings)  # a wrong proxy list is said before the model loads
        bot = Chatbot.load(settings, build=build)
        app = build_app(bot=bot, settings=settings)
    except ChatbotError as exc:
        raise SystemExit(f"error: {exc}") from exc
    print(f"Serving the chat at http://{settings.host}:{settings.port}", flush=True)
    serve(app, settings)


if __name__ == "__main__":
    main()
