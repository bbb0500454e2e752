"""Thumbs up and down on answers, appended as JSON lines; exists only when the operator turns it on."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path


class FeedbackLog:
    """``feedback.jsonl`` in the operator's folder: time, liked, question, answer."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "feedback.jsonl"
        self._lock = threading.Lock()

    def record(self, liked: bool, question: str, answer: str) -> None:
        row = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "liked": liked,
               "question": question, "answer": answer}
        with self._lock, open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
