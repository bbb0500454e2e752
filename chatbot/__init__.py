"""A retrieval chatbot that answers questions about calcinosis cutis by quoting trusted articles.

Public API (imports are lazy so that ``import chatbot`` stays light)::

    from chatbot import Chatbot, load_settings
    bot = Chatbot.load(load_settings(), build=True)
    answer = bot.answer("How is calcinosis cutis treated?")
"""

from __future__ import annotations

from typing import Any

__all__ = ["Answer", "Chatbot", "Citation", "Settings", "Turn", "load_settings"]


def __getattr__(name: str) -> Any:
    if name == "Chatbot":
        from chatbot.answer.bot import Chatbot

        return Chatbot
    if name in {"Settings", "load_settings"}:
        from chatbot import config

        return getattr(config, name)
    if name in {"Answer", "Citation", "Turn"}:
        from chatbot import models

        return getattr(models, name)
    raise AttributeError(f"module 'chatbot' has no attribute {name!r}")
