"""The answering API on a tiny corpus with the fake embedder: routing, quoting, abstaining."""

import pytest

from chatbot.answer.bot import Chatbot, clean_question
from chatbot.errors import InvalidQuestionError
from chatbot.models import Turn
from chatbot.answer.phrases import ABSTAIN_REPLY, DISCLAIMER, FIXED_PHRASES


def assert_verbatim(answer, bot: Chatbot) -> None:
    """Every quote is the source text at its span, and the answer text is quotes plus fixed phrases."""
    import re

    for c in answer.citations:
        assert bot.index.texts.raw_texts[c.source_id][c.start:c.end] == c.quote
    body = answer.text
    for phrase in FIXED_PHRASES:
        body = body.replace(phrase, "")
    body = re.sub(r"(\[\d+\])+", "\n", body)
    sources = "\n".join(bot.index.texts.raw_texts.values())
    for piece in body.split("\n"):
        piece = piece.strip().removeprefix("- ").strip()
        if piece:
            assert piece in sources, piece


def test_answers_with_verbatim_cited_sentences(shared_tiny_bot):
    answer = shared_tiny_bot.answer("How can doctors treat calcinosis cutis? diltiazem surgery")
    assert not answer.abstained and answer.route == "answer"
    assert answer.notice == DISCLAIMER
    assert "Doctors may prescribe diltiazem, a calcium channel blocker." in [c.quote for c in answer.citations]
    assert_verbatim(answer, shared_tiny_bot)
    assert "[1]" in answer.text


def test_list_items_are_quoted_with_their_intro(shared_tiny_bot):
    answer = shared_tiny_bot.answer("Which treatments include laser therapy and surgical excision?")
    quotes = [c.quote for c in answer.citations]
    assert "The treatments include:\n\n  • Laser therapy\n  • Surgical excision" in quotes  # the list, whole
    assert "- Laser therapy\n- Surgical excision" in answer.text


def test_unrelated_question_abstains(shared_tiny_bot):
    answer = shared_tiny_bot.answer("What is the capital of France?")
    assert answer.abstained and answer.text == ABSTAIN_REPLY and answer.citations == ()


def test_emergency_and_crisis_replies_do_not_need_the_model(tiny_bot, fake_embedder):
    """The word lists' alarms are read beside the embedding; a model that fails must not cost them."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("model file unreadable")

    bot = tiny_bot  # fresh: no cached query vector can hide a model call
    fake_embedder.encode = broken
    emergency = bot.answer("I have crushing chest pain right now")
    assert emergency.route == "emergency" and "emergency" in emergency.text.lower()
    crisis = bot.answer("I want to kill myself")
    assert crisis.route == "crisis" and crisis.alert is not None and crisis.alert.level == "crisis"
    assert "988" in crisis.text and "116 123" in crisis.text and "911" in crisis.text
    hello = bot.answer("hello!")  # small talk is not embedded at all
    assert hello.route == "small_talk" and hello.citations == ()
    with pytest.raises(RuntimeError, match="unreadable"):
        bot.answer("what are the treatments?")  # an ordinary question does need it


def test_reading_runs_beside_the_embedding_with_the_same_answer(tiny_bot, fake_embedder):
    """The message is read on another thread once the model starts; the answer is the one of a serial run."""
    seen: list[str] = []
    encode = fake_embedder.encode

    def watched(texts, **kwargs):  # type: ignore[no-untyped-def]
        start = kwargs.get("before_model")
        if start is not None:
            seen.append("started")
        return encode(texts, **kwargs)

    fake_embedder.encode = watched
    question = "my mum has hard white lumps, what treatments are there?"
    overlapped = tiny_bot.answer(question)
    assert seen == ["started"]
    fake_embedder.encode = lambda texts, **kwargs: encode(texts)  # never calls before_model: read after
    serial = tiny_bot.with_settings(tiny_bot.settings.replace(query_cache_size=0)).answer(question)
    assert overlapped.text == serial.text and overlapped.citations == serial.citations


def test_with_another_answer_running_the_message_is_read_in_turn(tiny_bot, fake_embedder):
    """Every core is busy then: the bot does not hand the reading over, and answers the same."""
    asked: list[bool] = []
    encode = fake_embedder.encode

    def watched(texts, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(kwargs.get("before_model") is not None)
        return encode(texts, **kwargs)

    fake_embedder.encode = watched
    bot = tiny_bot.with_settings(tiny_bot.settings.replace(query_cache_size=0))
    question = "what treatments are there for the lumps?"
    alone = bot.answer(question)
    bot._running = 1  # as while another thread is inside answer()
    busy = bot.answer(question)
    assert asked == [True, False] and bot._running == 1
    assert busy.text == alone.text and busy.citations == alone.citations


def test_history_is_used_only_from_the_call(shared_tiny_bot):
    first = shared_tiny_bot.answer("What does a biopsy confirm?", [])
    assert "A biopsy can confirm the diagnosis." in first.text
    history = [Turn("user", "What is diltiazem?"), Turn("assistant", "...")]
    follow = shared_tiny_bot.answer("How is it done?", history)
    assert follow.trace is not None and follow.trace.query is not None
    assert follow.trace.query.rewritten is True
    assert "diltiazem" in follow.trace.query.query
    again = shared_tiny_bot.answer("What does a biopsy confirm?", [])
    assert again.text == first.text  # no state leaked between calls


@pytest.mark.parametrize("bad,match", [("", "type a question"), ("   \u200b ", "type a question"), (None, "must be text"), ("x" * 5000, "limit is 2000")])
def test_bad_questions_raise_clear_errors(bad, match):
    with pytest.raises(InvalidQuestionError, match=match):
        clean_question(bad, 2000)


def test_question_cleaning_keeps_the_words():
    assert clean_question("  What\u200b is\tit?\x00 ", 100) == "What is it?"


def test_a_dose_in_the_story_is_not_a_request_for_a_dose(shared_tiny_bot):
    """Only the part of the message that asks can make it a request the articles never answer."""
    story = shared_tiny_bot.answer("i was on high dose supplements for a year. what does a biopsy confirm?")
    assert story.trace is not None and story.trace.signals is not None
    assert story.trace.signals.unanswerable_request is None
    asked = shared_tiny_bot.answer("A biopsy was done. What dose of diltiazem should I take?")
    assert asked.abstained and asked.trace is not None and asked.trace.signals is not None
    assert asked.trace.signals.unanswerable_request == "dose, schedule or timeline"
