"""``python -m eval.stranger``: the bot on patient messages written by someone who never saw the eval set.

``eval/patient_stranger.jsonl`` holds 100 messages (70 the articles answer, 30
near-domain ones they do not), written in patients' and relatives' voices by
a writer who had read the five articles and nothing else of this project: not
the question set, not the word lists, not the code. Each answerable one
carries ``answer_hint``, a phrase copied verbatim from an article sentence that
answers it. Nothing here has been tuned on these messages; they show what the
tune and holdout splits of ``questions.jsonl``, read many times while the
composer was built, can no longer show: how the bot meets words nobody
foresaw.

Per item the bot answers as a patient would be answered (real model, real
index), and the report counts:

* false abstention: answerable messages refused;
* out-of-scope abstention: the others declined;
* hint quoted / hint first: answered messages whose quotes contain the hint
  sentence at all / in the first quote (a cheaper stand-in for gold spans);
* words per answer (quoted sentences);
* alarms: any message given the emergency or crisis reply (none of these
  messages describes one, so every alarm is a false one).

    python -m eval.stranger            # prints the figures, writes eval/stranger_report.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eval.jsonl import read_records
from eval.metrics import normalised

HERE = Path(__file__).resolve().parent
BANK = HERE / "patient_stranger.jsonl"
ALARMS = frozenset({"emergency", "crisis"})


@dataclass(frozen=True)
class StrangerItem:
    id: str
    message: str
    expected: str  # "answer" or "out_of_scope"
    voice: str
    topic: str
    answer_hint: str


@dataclass(frozen=True)
class StrangerOutcome:
    id: str
    expected: str
    voice: str
    route: str
    hint_quoted: bool
    hint_first: bool
    words: int


def load_stranger(path: Path = BANK) -> list[StrangerItem]:
    """The items; a malformed line raises ``ValueError`` naming the file and line."""
    return read_records(path, _item)


def _item(row: dict[str, Any]) -> StrangerItem:
    (message,) = row["turns"]
    item = StrangerItem(row["id"], message, row["expected"], row["voice"], row["topic"], row["answer_hint"])
    if item.expected not in ("answer", "out_of_scope") or (item.expected == "answer") != bool(item.answer_hint):
        raise ValueError("an answerable item needs a hint, an out-of-scope one none")
    return item


def outcome(item: StrangerItem, answer: Any) -> StrangerOutcome:
    """What the patient saw, scored: the route, whether the hint's sentence is quoted (first), the words."""
    quotes = [normalised(c.quote) for c in answer.citations]
    hint = normalised(item.answer_hint)
    return StrangerOutcome(
        item.id, item.expected, item.voice, answer.route,
        bool(hint) and any(hint in q for q in quotes), bool(hint) and bool(quotes) and hint in quotes[0],
        sum(len(q.split()) for q in quotes),
    )


def _rate(hits: Sequence[bool]) -> float | None:
    return round(sum(hits) / len(hits), 3) if hits else None


def figures(outcomes: Sequence[StrangerOutcome]) -> dict[str, Any]:
    answerable = [o for o in outcomes if o.expected == "answer"]
    answered = [o for o in answerable if o.route == "answer"]
    outside = [o for o in outcomes if o.expected == "out_of_scope"]
    return {
        "items": len(outcomes), "answerable": len(answerable), "out_of_scope": len(outside),
        "false_abstention": _rate([o.route == "abstain" for o in answerable]),
        "oos_abstention": _rate([o.route == "abstain" for o in outside]),
        "hint_quoted": _rate([o.hint_quoted for o in answered]),
        "hint_first": _rate([o.hint_first for o in answered]),
        "mean_words": round(sum(o.words for o in answered) / len(answered), 1) if answered else None,
        "alarms": [o.id for o in outcomes if o.route in ALARMS],
    }


def run(bot: Any, items: Sequence[StrangerItem]) -> list[StrangerOutcome]:
    return [outcome(item, bot.answer(item.message)) for item in items]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.stranger",
        description="Answer eval/patient_stranger.jsonl (patient messages nobody tuned on) with the real bot; "
        "print false and out-of-scope abstention, hint quoted and first, words per answer, alarms.",
    )
    parser.add_argument("--bank", type=Path, default=BANK, help="the messages")
    parser.add_argument("--out", type=Path, default=HERE / "stranger_report.json", help="where the figures go")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from chatbot.answer.bot import Chatbot
    from chatbot.config import load_settings
    from chatbot.errors import ChatbotError

    try:
        items = load_stranger(args.bank)
        bot = Chatbot.load(load_settings())
    except (ChatbotError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    outcomes = run(bot, items)
    result = {"all": figures(outcomes)}
    for voice in sorted({o.voice for o in outcomes}):
        result[voice] = figures([o for o in outcomes if o.voice == voice])
    for name, f in result.items():
        print(f"{name:14s} " + "  ".join(f"{k}={v}" for k, v in f.items() if k not in ("items",)))
    args.out.write_text(json.dumps({"figures": result, "outcomes": [asdict(o) for o in outcomes]}, indent=2) + "\n")
    print(f"Wrote {args.out}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
