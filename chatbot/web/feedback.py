"""Thumbs up and down on answers, appended as JSON lines; exists only when the operator turns it on."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path


class JsonLines:
    """A file of JSON lines that threads append to, a whole line at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, row: dict[str, object], *, make_folder: bool = False) -> None:
        """Append ``row``; with ``make_folder``, create the file's folder first if it is missing."""
        line = json.dumps(row, ensure_ascii=False) + "\n"
        with self._lock:
            if make_folder:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(line)


class FeedbackLog:
    """``feedback.jsonl`` in the operator's folder: time, liked, question, answer."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "feedback.jsonl"
        self._lines = JsonLines(self.path)

    def record(self, liked: bool, question: str, answer: str) -> None:
        self._lines.append({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "liked": liked,
                            "question": question, "answer": answer})
