"""Whether the ONNX path answers as the torch path did: the same quotes, in the same order, over the eval set.

Issue 18 lets the serving embedder change only if the answers stay: the same
route and the same cited spans in the same order on at least 99% of items.
Both bots share one index; only the question's vector (and the exemplar and
intent vectors derived by each model) differ.
"""

from __future__ import annotations

from typing import Any

from eval.perf.common import log


def _quotes(answer: Any) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    return answer.route, tuple((c.source_id, c.start, c.end) for c in answer.citations)


def answer_parity(bot: Any, reference: Any) -> dict[str, Any]:
    """Every eval item (its whole conversation) answered by ``bot`` and by a bot embedding with ``reference``."""
    from chatbot.answer.bot import Chatbot
    from eval.dataset import load_items
    from eval.runner import answer_turns

    other = Chatbot(bot.settings, reference, bot.index)
    other.triager.exemplars()
    differ = []
    items = load_items()
    log(f"answer parity over {len(items)} eval items")
    for item in items:
        if _quotes(answer_turns(bot, item.turns)[0]) != _quotes(answer_turns(other, item.turns)[0]):
            differ.append(item.id)
    same = len(items) - len(differ)
    return {"items": len(items), "same": same, "share_same": round(same / len(items), 4), "differ": differ}
