"""Unanswered questions for staff: nothing kept by default; when on, redacted lines, counted most asked first."""

from __future__ import annotations

import json

import pytest

from chatbot.cli import main as cli_main
from chatbot.web.channel import Channel, ChatRequest
from chatbot.web.unanswered import FILE, UnansweredLog, count_unanswered

OFF_TOPIC = "What is the best lasagna recipe for Maria? Call 555 0199"


def test_nothing_is_kept_unless_the_operator_turns_it_on(shared_tiny_bot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    reply = Channel(shared_tiny_bot).handle(ChatRequest(OFF_TOPIC, [], "127.0.0.1", "api"))
    assert reply.answer is not None and reply.answer.route == "abstain"
    assert not list(tmp_path.rglob(FILE))


def test_abstentions_are_recorded_redacted_and_counted(shared_tiny_bot, tmp_path, capsys):
    bot = shared_tiny_bot.with_settings(shared_tiny_bot.settings.replace(unanswered_dir=tmp_path))
    channel = Channel(bot)
    for message in (OFF_TOPIC, "how do i bake bread?", "What is calcinosis cutis?", "How do I  bake bread",
                    "how do I bake bread? "):
        channel.handle(ChatRequest(message, [], "127.0.0.1", "ui"))
    lines = [json.loads(line) for line in (tmp_path / FILE).read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 4  # the answered question is not recorded
    assert set(lines[0]) == {"day", "question"}  # no address, no conversation
    assert "555" not in lines[0]["question"] and "Maria" not in lines[0]["question"]
    counted = count_unanswered(tmp_path)
    assert [n for _, n in counted] == [3, 1]  # case and spacing do not split a question
    assert "bread" in counted[0][0] and "lasagna" in counted[1][0]

    assert cli_main(["report-unanswered", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "4 unanswered question(s), 2 distinct" in out and out.index("    3  ") < out.index("    1  ")


def test_a_torn_line_is_skipped_and_no_folder_is_a_clear_message(tmp_path, capsys, monkeypatch):
    log = UnansweredLog(tmp_path)
    log.record("Is it catching?")
    with open(tmp_path / FILE, "a", encoding="utf-8") as fh:
        fh.write('{"question": "half a li')
    assert count_unanswered(tmp_path) == [("Is it catching?", 1)]
    monkeypatch.delenv("CHATBOT_UNANSWERED_DIR", raising=False)
    assert cli_main(["report-unanswered"]) == 2
    assert "CHATBOT_UNANSWERED_DIR" in capsys.readouterr().err


@pytest.mark.parametrize("junk", [b"\x00\xff", b"[1, 2]\n", b""])
def test_junk_files_count_nothing(tmp_path, junk):
    (tmp_path / FILE).write_bytes(junk)
    assert count_unanswered(tmp_path) == []
