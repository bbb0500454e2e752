"""Gradio chat for patients: a thin shell over ``chatbot.Chatbot``.

``build_app()`` makes the UI (tests call it); ``python app.py`` serves it.
Nothing is loaded at import time.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from chatbot.bot import Chatbot  # noqa: E402
from chatbot.config import Settings, load_settings  # noqa: E402
from chatbot.errors import ChatbotError, InvalidQuestionError  # noqa: E402
from chatbot.models import Turn  # noqa: E402
from chatbot.web_format import answer_markdown, escape_text  # noqa: E402

TITLE = "Calcinosis cutis questions"
DESCRIPTION = (
    "Answers questions about calcinosis cutis (calcium deposits in the skin) by quoting "
    "five trusted medical articles, with a citation for every sentence."
)
EXAMPLES = [
    "What is calcinosis cutis?",
    "How is calcinosis cutis treated?",
    "What are the types of calcinosis cutis?",
    "How is it diagnosed?",
]


def history_turns(history: list[dict[str, Any]]) -> list[Turn]:
    """Gradio's message dicts -> ``Turn``s, keeping only plain-text user/assistant messages."""
    turns = []
    for message in history or []:
        role, content = message.get("role"), message.get("content")
        if role in ("user", "assistant") and isinstance(content, str):
            turns.append(Turn(role, content))
    return turns


def make_respond(bot: Chatbot):  # type: ignore[no-untyped-def]
    def respond(message: str, history: list[dict[str, Any]]) -> str:
        """Answer one chat message; errors become a friendly sentence, never a traceback."""
        try:
            return answer_markdown(bot.answer(message, history_turns(history)))
        except InvalidQuestionError as exc:
            return escape_text(str(exc))
        except ChatbotError:
            return "Sorry, the bot cannot answer right now. Please try again in a moment."

    return respond


def build_app(bot: Chatbot | None = None, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """The Gradio Blocks app; loads (and if needed builds) the index when no bot is given."""
    import gradio as gr

    settings = settings or load_settings()
    bot = bot or Chatbot.load(settings, build=True)
    return gr.ChatInterface(
        make_respond(bot),
        title=TITLE,
        description=DESCRIPTION,
        examples=EXAMPLES,
        run_examples_on_click=True,
        api_name="ask",
        analytics_enabled=False,
        fill_height=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the calcinosis cutis chat.")
    parser.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default 7860)")
    args = parser.parse_args()
    settings = load_settings(host=args.host, port=args.port)
    app = build_app(settings=settings)
    app.launch(server_name=settings.host, server_port=settings.port, footer_links=[])


if __name__ == "__main__":
    main()
