"""Questions the articles could not answer, for clinic staff: opt-in, redacted, counted.

Off unless the operator sets ``CHATBOT_UNANSWERED_DIR``. Then each question
the bot answered with "the articles don't cover that" is appended to
``unanswered.jsonl`` in that folder, redacted as the audit log redacts
(digits, e-mail addresses and capitalised words such as names masked, cut
to 200 characters) with the day only, no address and no conversation.
``python -m chatbot report-unanswered`` (``make report-unanswered``) counts
them, most asked first, so staff see which topics patients miss.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

from chatbot.web.audit import redact
from chatbot.web.feedback import JsonLines

FILE = "unanswered.jsonl"
MAX_CHARS = 200
_SPACES = re.compile(r"\s+")


class UnansweredLog:
    """Appends one redacted line per unanswered question; safe to share between threads."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE
        self._lines = JsonLines(self.path)

    def record(self, question: str) -> None:
        self._lines.append(
            {"day": time.strftime("%Y-%m-%d", time.gmtime()), "question": redact(question, MAX_CHARS)}, make_folder=True
        )


def _key(question: str) -> str:
    return _SPACES.sub(" ", question.lower()).strip(" ?!.")


def count_unanswered(folder: Path) -> list[tuple[str, int]]:
    """(question, times asked), most asked first; the same question in other case or spacing counts once."""
    path = Path(folder) / FILE
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                question = json.loads(line)["question"]
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line of a crashed process
            if isinstance(question, str) and question.strip():
                key = _key(question)
                counts[key] += 1
                shown.setdefault(key, question)
    return [(shown[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
