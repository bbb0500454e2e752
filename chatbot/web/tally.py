"""Refusals logged as counts: one line per ``interval`` seconds, never one per connection.

A flood of bad connections or requests must not flood the log. Every guard
counts its refusals here by reason; the first count after a quiet spell starts
a timer, and when it fires one line says how many of each there were.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter

log = logging.getLogger("chatbot.refusals")


class Tally:
    """Thread-safe counts per reason, summarised in one log line every ``interval`` seconds."""

    def __init__(self, interval: float = 10.0, logger: logging.Logger = log) -> None:
        self.interval = interval
        self.logger = logger
        self.totals: Counter[str] = Counter()  # since start, for tests and the attack report
        self._pending: Counter[str] = Counter()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def count(self, reason: str, n: int = 1) -> None:
        with self._lock:
            self.totals[reason] += n
            self._pending[reason] += n
            if self._timer is None:
                self._timer = threading.Timer(self.interval, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        """Log what was counted since the last line (nothing when nothing was)."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None
        if pending:
            parts = ", ".join(f"{reason}={n}" for reason, n in sorted(pending.items()))
            self.logger.warning("refused in the last %gs: %s", self.interval, parts)


TALLY = Tally()  # the server's one tally: every guard of the process counts here


class CountingFilter(logging.Filter):
    """Turns a library's per-event log records (``messages``, by prefix) into counts in ``tally``."""

    def __init__(self, messages: dict[str, str], tally: Tally = TALLY) -> None:
        super().__init__()
        self.messages = messages
        self.tally = tally

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        for prefix, reason in self.messages.items():
            if text.startswith(prefix):
                self.tally.count(reason)
                return False
        return True
