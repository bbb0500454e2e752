"""Reading the evaluation's JSON Lines files: one record a line, a bad line named by file and number."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

Item = TypeVar("Item")


def read_records(path: Path, make: Callable[[dict[str, Any]], Item]) -> list[Item]:
    """``make(record)`` for every non-empty line of ``path``.

    A line that is not JSON, or whose record ``make`` rejects (a missing key, a
    wrong type, a ``ValueError`` of its own), raises ``ValueError`` naming the
    file and the line, so whoever edits the file knows where to look.
    """
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(make(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name} line {n}: {exc}") from exc
    return items
