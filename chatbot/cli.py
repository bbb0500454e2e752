"""Command line: ``python -m chatbot {build-index,check-index,check-questions,report-unanswered,ask,batch}``.

Library errors are turned into one readable line and a non-zero exit here, at
the edge, never swallowed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from chatbot.config import Settings, load_settings
from chatbot.errors import ChatbotError
from chatbot.models import Turn

log = logging.getLogger("chatbot")


def _settings_from(args: argparse.Namespace) -> Settings:
    overrides = {
        "corpus_dir": args.corpus_dir,
        "index_dir": args.index_dir,
    }
    settings = load_settings(**overrides)
    if getattr(args, "mode", None):
        settings = settings.replace(retrieval={"mode": args.mode})
    return settings


def cmd_build_index(args: argparse.Namespace) -> int:
    from chatbot.search.embedding import embedder_for
    from chatbot.search.index_store import build_for_serving

    settings = _settings_from(args)
    report = build_for_serving(settings, embedder_for(settings), progress=not args.quiet, force=args.force)
    verb = "built" if report.rebuilt else "already up to date"
    print(
        f"Index {verb} at {report.path}: {report.articles} articles, {report.sections} sections, "
        f"{report.sentences} sentences, {report.chunks} chunks in {report.seconds:.2f} s."
    )
    return 0


def cmd_check_index(args: argparse.Namespace) -> int:
    from chatbot.search.embedding import embedder_for, index_embedder_for
    from chatbot.search.index_store import check_index
    from chatbot.search.onnx_export import current_manifest

    settings = _settings_from(args)
    problems = check_index(settings, index_embedder_for(settings, embedder_for(settings)))
    if settings.query_embedder == "onnx" and current_manifest(settings.onnx_dir, settings.model_path) is None:
        problems.append(f"no current ONNX export of the model in {settings.onnx_dir}")
    if problems:
        print("Index needs a rebuild: " + "; ".join(problems))
        return 1
    print(f"Index at {settings.index_dir} is intact and up to date.")
    return 0


def _load_bot(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from chatbot.answer.bot import Chatbot

    return Chatbot.load(_settings_from(args), build=not args.no_build)


def cmd_ask(args: argparse.Namespace) -> int:
    from chatbot.render.text import format_for_terminal
    from chatbot.web.channel import Channel, ChatRequest

    reply = Channel(_load_bot(args), strict=True).handle(ChatRequest(" ".join(args.question), channel="cli"))
    if reply.answer is None:
        print(f"error: {reply.error}", file=sys.stderr)
        return 2
    sys.stdout.write(format_for_terminal(reply.answer))
    if args.debug and reply.answer.trace is not None:
        sys.stdout.write(json.dumps(reply.answer.trace.to_json(), indent=2, ensure_ascii=False) + "\n")
    return 0


def read_conversations(lines: Iterable[str]) -> Iterator[tuple[object, list[str] | None, str | None]]:
    """(id, turns, error) per non-empty line of a batch file."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield None, None, f"line {number} is not JSON: {exc.msg}"
            continue
        if not isinstance(record, dict):
            yield None, None, f"line {number} is not a JSON object"
            continue
        turns = record.get("turns")
        if isinstance(turns, str):
            turns = [turns]
        if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
            yield record.get("id"), None, f"line {number}: 'turns' must be a non-empty list of strings"
            continue
        yield record.get("id"), turns, None


def answer_conversation(channel, turns: Sequence[str]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Answer each turn in order, the bot's own answers forming the history; report the last.

    A turn the bot refuses (empty, too long) ends the conversation with its error.
    """
    from chatbot.web.channel import ChatRequest

    history: list[Turn] = []
    record: dict[str, object] = {}
    for turn in turns:
        reply = channel.handle(ChatRequest(turn, history, channel="batch"))
        if reply.answer is None:
            return {"error": reply.error}
        history += [Turn("user", turn), Turn("assistant", reply.answer.text)]
        record = reply.record()
    return record


def cmd_batch(args: argparse.Namespace) -> int:
    from chatbot.web.channel import Channel

    channel = Channel(_load_bot(args), strict=True)  # no rate limit: the operator runs the file
    source: TextIO = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")
    failures = 0
    with source:
        for conv_id, turns, error in read_conversations(source):
            out: dict[str, object] = {"id": conv_id}
            if error is None:
                out.update(answer_conversation(channel, turns or []))
            else:
                out["error"] = error
            failures += "error" in out
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return 1 if failures else 0


def cmd_report_unanswered(args: argparse.Namespace) -> int:
    from chatbot.config import load_settings
    from chatbot.web.unanswered import FILE, count_unanswered

    folder = args.dir or load_settings().unanswered_dir
    if folder is None:
        print("No folder: questions the bot could not answer are kept only when CHATBOT_UNANSWERED_DIR is set "
              "(then run this again, or pass --dir).", file=sys.stderr)
        return 2
    rows = count_unanswered(folder)
    if not rows:
        print(f"No unanswered questions recorded in {Path(folder) / FILE}.")
        return 0
    total = sum(n for _, n in rows)
    print(f"{total} unanswered question(s), {len(rows)} distinct, from {Path(folder) / FILE} (redacted):")
    for question, n in rows[: args.top]:
        print(f"{n:5d}  {question}")
    return 0


def cmd_check_questions(args: argparse.Namespace) -> int:
    from chatbot.answer.sentence_table import SentenceTable
    from chatbot.answer.unit_questions import QUESTIONS_FILE, load_questions, text_key, unit_text
    from chatbot.answer.units import UnitCatalog
    from chatbot.search.embedding import embedder_for, index_embedder_for
    from chatbot.search.index_store import load_index

    settings = _settings_from(args)
    index = load_index(settings, index_embedder_for(settings, embedder_for(settings)))
    catalog = UnitCatalog(SentenceTable(index), settings.composer.max_joined)
    path = args.file or QUESTIONS_FILE
    listed = load_questions(path)
    keys: set[str] = set()
    missing = 0
    for i in range(len(catalog)):
        text = unit_text(catalog, i)
        key = text_key(text)
        if key not in listed and key not in keys:
            head = catalog.table.sentences[catalog.rows[i][0]]
            source = index.texts.sources[head.source_id].label
            print(json.dumps({"source": source, "section": head.section, "text": text, "questions": []}, ensure_ascii=False))
            missing += 1
        keys.add(key)
    stale = sorted(set(listed) - keys)
    for key in stale:
        print(f"no passage of the corpus reads: {key[:120]}", file=sys.stderr)
    if missing or stale:
        print(
            f"{path}: {missing} passage(s) with no entry (printed above as lines to add, with their questions "
            f"written in, or [] when the passage answers nothing on its own); {len(stale)} entr(y/ies) whose "
            "passage is gone (remove them).", file=sys.stderr,
        )
        return 1
    print(f"{path}: every one of the corpus's {len(keys)} distinct passages has an entry, and no entry is stale.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m chatbot",
        description="Calcinosis cutis chatbot: build the index and answer questions from the corpus.",
    )
    parser.add_argument("--corpus-dir", type=Path, help="folder of articles and metadata.json")
    parser.add_argument("--index-dir", type=Path, help="folder of the built index")
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress logs")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build-index", help="build the index if missing or stale (no-op when fresh)")
    p.add_argument("--force", action="store_true", help="rebuild even when the index is fresh")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build_index)

    p = sub.add_parser("check-index", help="exit 0 when the index is intact and fresh, 1 otherwise")
    p.set_defaults(func=cmd_check_index)

    text = (
        "check the file of questions each passage answers against the corpus: print a line to fill in for each "
        "passage with no entry, name the entries whose passage is gone; exit 1 when either"
    )
    p = sub.add_parser("check-questions", help=text, description=text)
    p.add_argument("--file", type=Path, help="the questions file (default: chatbot/answer/data/unit_questions.jsonl)")
    p.set_defaults(func=cmd_check_questions)

    text = "count the questions the bot could not answer (kept only when CHATBOT_UNANSWERED_DIR is set)"
    p = sub.add_parser("report-unanswered", help=text, description=text)
    p.add_argument("--dir", type=Path, help="the folder of unanswered.jsonl (default: CHATBOT_UNANSWERED_DIR)")
    p.add_argument("--top", type=int, default=50, help="how many distinct questions to list (default 50)")
    p.set_defaults(func=cmd_report_unanswered)

    for name, func, text in (
        ("ask", cmd_ask, "answer one question and print it with its citations"),
        ("batch", cmd_batch, "answer JSONL conversations ({'id', 'turns'}), one JSON line out each"),
    ):
        p = sub.add_parser(name, help=text, description=text)
        if name == "ask":
            p.add_argument("question", nargs="+", help="the question")
            p.add_argument("--debug", action="store_true", help="print retrieval details")
        else:
            p.add_argument("file", help="JSONL file, or - for standard input")
        p.add_argument("--mode", choices=["hybrid", "dense", "bm25"], help="retrieval mode")
        p.add_argument("--no-build", action="store_true", help="fail instead of building a missing index")
        p.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except ChatbotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
