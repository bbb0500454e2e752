"""Triage in the bot: tiers decided before retrieval, one model call, replies with tappable numbers,
the numbers per locale, and the rate-limited path (tiny corpus, fake embedder, no model)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chatbot.answer.bot import Chatbot
from chatbot.config import TriageConfig, load_settings
from chatbot.web.http_api import add_api_routes
from chatbot.models import Alert, Answer, Block, Contact
from chatbot.render.text import format_for_terminal
from chatbot.safety.triage import ExemplarVectors, Nearest, Triage, Triager, screen, semantic_tier
from chatbot.safety.exemplars import MODEL, all_exemplars
from chatbot.answer.alerts import alarm_answer
from chatbot.render.json import answer_record
from chatbot.safety.replies import KIND_LINE
from chatbot.web.channel import Channel
from chatbot.render.html import answer_html
from tests.conftest import make_tiny_bot
from tests.fakes import FakeEmbedder


class NamedFake(FakeEmbedder):
    """The fake, calling itself the model the exemplars were calibrated for."""

    name = MODEL


def test_emergency_reply_is_an_alert_with_tappable_numbers(shared_tiny_bot):
    answer = shared_tiny_bot.answer("my dad has collapsed and isn't responding")
    assert answer.route == "emergency" and answer.alert and answer.alert.level == "emergency"
    assert [c.number for c in answer.alert.contacts] == ["911", "112", "999"]
    html = answer_html(answer)
    assert html.index('role="alert"') < html.index("emergency number")
    for number in ("911", "112", "999"):
        assert f'<a class="call" href="tel:{number}">{number}</a>' in html
    assert format_for_terminal(answer).startswith("!!!")
    record = answer_record(answer)
    assert record["route"] == "emergency" and record["alert"]["contacts"][0] == {"number": "911", "label": "US", "tel": "tel:911"}


def test_crisis_reply_names_crisis_lines_and_the_emergency_number(shared_tiny_bot):
    answer = shared_tiny_bot.answer("I've been saving up my tablets so I can take them all")
    assert answer.route == "crisis" and answer.alert.level == "crisis"
    assert "988" in answer.text and "116 123" in answer.text and "911" in answer.text
    assert 'href="tel:116123"' in answer_html(answer)


def test_urgent_notice_comes_first_then_the_quoted_answer(shared_tiny_bot):
    answer = shared_tiny_bot.answer(
        "my calcinosis lump has gone red and warm since yesterday, no fever, what are lumps of calcinosis cutis?"
    )
    assert answer.route == "urgent" and answer.alert.level == "urgent"
    assert answer.text.startswith(answer.alert.text) and "see a doctor today" in answer.text
    html = answer_html(answer)
    assert 'role="note"' in html and 'role="alert"' not in html
    assert html.index("triage-urgent") < html.index("<p>", html.index("</div>"))


def test_sadness_gets_a_kind_line_before_the_answer(shared_tiny_bot):
    answer = shared_tiny_bot.answer("I feel so embarrassed about the lumps, how can doctors treat calcinosis cutis?")
    assert answer.route == "answer"  # the tiny corpus is about calcinosis cutis
    assert answer.text.startswith(KIND_LINE)
    assert answer.alert is None


def test_word_list_alarms_do_not_wait_on_a_working_model(tiny_bot, fake_embedder):
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no model")

    fake_embedder.encode = broken
    messages = ("I want to kill myself", "my toddler swallowed my pills", "she's having a seizure")
    assert [tiny_bot.answer(message).route for message in messages] == ["crisis", "emergency", "emergency"]


def test_the_safety_reply_needs_no_model_and_takes_any_text(tiny_bot, fake_embedder):
    bot = tiny_bot  # fresh: no cached query vector can hide a model call
    calls = len(fake_embedder.calls)
    assert bot.safety_reply("x" * 500_000 + " I want to end my life").route == "crisis"
    assert bot.safety_reply("What is calcinosis cutis?") is None
    assert bot.safety_reply(None) is None
    assert len(fake_embedder.calls) == calls


def test_the_semantic_check_is_off_for_another_model(shared_tiny_bot):
    assert not shared_tiny_bot.triager.semantic and shared_tiny_bot.triager.exemplars() is None


@pytest.fixture
def calibrated_bot(tiny_settings) -> Chatbot:
    """A fresh tiny bot whose fake model calls itself the calibrated one: the semantic check is on."""
    return make_tiny_bot(tiny_settings, NamedFake())


def test_triage_reuses_the_query_vector(calibrated_bot):
    """With the calibrated model, a normal question costs one model call: triage and retrieval share it."""
    bot, embedder = calibrated_bot, calibrated_bot.embedder
    assert bot.triager.semantic
    assert [len(c) for c in embedder.calls].count(len(all_exemplars())) == 1  # embedded once, at load
    before = len(embedder.calls)
    answer = bot.answer("How can doctors treat calcinosis cutis with diltiazem?")
    assert embedder.calls[before:] == [["How can doctors treat calcinosis cutis with diltiazem?"]]
    assert answer.trace is not None and answer.trace.triage is not None
    assert answer.trace.triage.source in ("none", "semantic")
    assert set(answer.trace.timings) >= {"triage", "embed", "dense_search", "bm25", "fusion", "select", "format"}
    other = bot.with_settings(bot.settings.replace(retrieval={"top_k": 5}))
    assert other.triager.exemplars() is bot.triager.exemplars()  # shared, not embedded again


def test_a_follow_up_is_triaged_on_the_patients_own_words(calibrated_bot):
    """The triage vector is the message as typed; a rewritten follow-up costs a second vector
    only when similarity could raise it (a cue word of a tier), and is otherwise triaged as it
    would have been with that vector."""
    from chatbot.models import Turn

    bot, embedder = calibrated_bot, calibrated_bot.embedder
    history = [Turn("user", "What is diltiazem?"), Turn("assistant", "...")]
    before = len(embedder.calls)
    answer = bot.answer("Does it affect my heart?", history)  # "heart": a cue of the emergency tier
    assert answer.trace is not None and answer.trace.query is not None and answer.trace.query.rewritten is True
    assert sorted(embedder.calls[before:]) == [["Does diltiazem affect my heart?"], ["Does it affect my heart?"]]

    assert bot.triager.may_raise("Does it affect my heart?") and not bot.triager.may_raise("What is it made of?")
    before = len(embedder.calls)
    answer = bot.answer("What is it made of?", history)
    assert embedder.calls[before:] == [["What is diltiazem made of?"]]  # one vector: no tier could fire
    assert answer.trace is not None and answer.trace.triage is not None
    assert answer.trace.triage.tier == "none" and not answer.trace.triage.alarming
    own_vector = embedder.encode(["What is it made of?"])[0]
    assert bot.triager.decide("What is it made of?", own_vector).tier == answer.trace.triage.tier


def test_a_message_is_read_once_per_answer(calibrated_bot, monkeypatch):
    """Screen, the check whether a rewritten question needs its own vector, and the semantic check
    share one reading of the message (normalised, danger words repaired)."""
    from chatbot.safety.matcher import ReadMessage

    reads = []
    real = ReadMessage.__init__

    def counting(self, text):
        reads.append(text)
        real(self, text)

    monkeypatch.setattr(ReadMessage, "__init__", counting)
    answer = calibrated_bot.answer("Does it affect my heart?")  # rewritten, with a cue word: all three checks run
    assert answer.trace is not None and answer.trace.query is not None and answer.trace.query.rewritten
    assert len(reads) == 1


def _near(**sims: float) -> dict[str, Nearest]:
    return {group: Nearest(sim, "theme", "text") for group, sim in sims.items()}


# Defaults: similarity 0.5 for emergency and crisis, 0.85 for urgent, margin 0.1 over the nearest near-miss.
@pytest.mark.parametrize(
    "sims,cues,tier,asked_for",
    [
        (dict(emergency=0.7, crisis=0.3, urgent=0.3, near_miss=0.4), {"emergency"}, "emergency", [{"emergency"}]),
        (dict(emergency=0.7, crisis=0.3, urgent=0.3, near_miss=0.65), {"emergency"}, "none", []),  # no margin
        (dict(emergency=0.7, crisis=0.3, urgent=0.3, near_miss=0.4), set(), "none", [{"emergency"}]),  # no cue word
        (dict(emergency=0.45, crisis=0.3, urgent=0.3, near_miss=0.1), {"emergency"}, "none", []),  # below threshold
        (dict(emergency=0.6, crisis=0.7, urgent=0.3, near_miss=0.4), {"emergency", "crisis"}, "crisis",
         [{"emergency", "crisis"}]),
    ],
)
def test_semantic_tier_needs_similarity_margin_and_a_cue(sims, cues, tier, asked_for):
    asked: list[set[str]] = []

    def present(tiers):
        asked.append(set(tiers))
        return frozenset(cues) & set(tiers)

    assert semantic_tier(_near(**sims), TriageConfig(), present)[0] == tier
    assert asked == asked_for  # cue words are looked up once, only for the tiers already close enough


def test_numbers_are_configurable_per_locale(tiny_settings):
    settings = load_settings(env={
        "CHATBOT_TRIAGE_EMERGENCY_NUMBERS": "112 (EU); 15 (France, SAMU)",
        "CHATBOT_TRIAGE_CRISIS_LINES": "3114 (France, numéro national de prévention du suicide)",
    })
    answer = alarm_answer(Triage("crisis"), settings.triage)
    assert "3114" in answer.text and "15 (France, SAMU)" in answer.text and "911" not in answer.text
    assert 'href="tel:3114"' in answer_html(answer)


@pytest.mark.parametrize("value", ["call 999", "999", "(UK)", "999 (UK); ", "abc (US)"])
def test_a_malformed_number_list_is_refused_naming_the_variable(value):
    with pytest.raises(ValueError, match="CHATBOT_TRIAGE_EMERGENCY_NUMBERS"):
        load_settings(env={"CHATBOT_TRIAGE_EMERGENCY_NUMBERS": value})


def test_contact_tel_keeps_only_digits_and_plus():
    assert Contact("+44 116 123", "x").tel == "tel:+44116123"


def test_an_alert_opens_its_answer_before_any_block():
    answer = Answer((Block.note("Words of the bot."),), (), False, "urgent", alert=Alert("urgent", "See a doctor today."))
    assert answer.text == "See a doctor today.\n\nWords of the bot."


@pytest.fixture
def limited_api(limited_api_client):
    return limited_api_client(burst=1)


def test_over_the_rate_limit_a_crisis_still_gets_its_reply(limited_api):
    assert limited_api.post("/api/ask", json={"message": "What is calcinosis cutis?"}).status_code == 200
    assert limited_api.post("/api/ask", json={"message": "What causes it?"}).status_code == 429
    r = limited_api.post("/api/ask", json={"message": "I don't want to be alive anymore"})
    assert r.status_code == 200 and r.json()["route"] == "crisis" and "988" in r.json()["answer"]
    r = limited_api.post("/api/ask", json={"message": "my husband is not breathing"})
    assert r.status_code == 200 and r.json()["route"] == "emergency"


def test_with_the_queue_full_an_emergency_still_gets_its_reply(tiny_bot):
    bot = tiny_bot
    app = FastAPI()
    limits = (type("Open", (), {"acquire": lambda self, key: 0})(), type("Full", (), {"slot": _full})())
    add_api_routes(app, Channel(bot, *limits))  # type: ignore[arg-type]
    client = TestClient(app)
    assert client.post("/api/ask", json={"message": "What is calcinosis cutis?"}).status_code == 503
    r = client.post("/api/ask", json={"message": "my son swallowed a button battery"})
    assert r.status_code == 200 and r.json()["route"] == "emergency"


def _full(self):  # type: ignore[no-untyped-def]
    from chatbot.web.limits import Busy

    raise Busy()


def test_triager_with_config_shares_exemplars():
    embedder = NamedFake()
    triager = Triager(TriageConfig(), embedder)
    vectors = triager.exemplars()
    assert triager.with_config(TriageConfig(margin=0.2)).exemplars() is vectors
    assert Triager(TriageConfig(semantic=False), embedder).exemplars() is None


# Indirect ways people say it, written for these tests from general knowledge of the warning
# signs (not taken from the phrasing bank); the word lists alone must catch them (no model).
@pytest.mark.parametrize(
    "message",
    [
        "every night i pray not to wake up",  # not waking up
        "ive had my time, id welcome it if i didnt wake up",
        "im nothing but a drain on my family",  # being a burden
        "i feel like im a weight around my familys neck",
        "my husband said his family would be better off with the life insurance",
        "thank you for everything, you wont hear from me again",  # goodbyes
        "by the time anyone reads this ill be gone",
        "my sister texted 'love you, look after the kids' and now she wont answer her phone",
        "ive given my guitar and all my games to my mates since i wont need them",  # giving things away
        "how many of my amitriptyline would it take",  # saving up medicines
        "ive been hiding my sleeping tablets for weeks instead of taking them",
        "ive picked a date",  # planning
        "ive decided im not going to be around for the next operation",
        "ive been scratching my arms with a razor",  # self-injury
        "i burn my skin with cigarettes when it gets bad",
        "my dad keeps talking about dying and says hes had a good innings",  # a relative's worry
        "my gran keeps saying she wishes god would take her",
        "mum has been really low and asked me to look after her cat if anything happens to her",
        "i cant take it anymore",  # hopelessness, "can't do this"
        "ngl i dont see myself making it to my birthday",
        "the only thing stopping me is my dog",
        "if this operation doesnt work im not going on",
        "i dont wana be here anymore",  # typos, no capitals
        "i wish i was ded",
        "i used to be able to cope but now i just want to die",  # the past, then now
    ],
)
def test_indirect_crisis_phrasings_get_the_crisis_reply(message):
    assert screen(message).tier == "crisis"


@pytest.mark.parametrize(
    "message,tier",
    [
        ("he had an infected lump and now hes cold, clammy and barely responding", "emergency"),
        ("cant get a word out of him, hes just staring", "emergency"),
        ("my leg is suddenly cold, white and i cant feel it", "emergency"),
        ("sudden severe pain in my finger where the deposit is", "urgent"),
        ("the lump on my knee is hot, swollen and throbbing", "urgent"),
        ("theres a yellowy discharge from my lump", "urgent"),
        ("the skin over the deposit has opened and its looking infected", "urgent"),
        ("a black spot has appeared on my fingertip and its very painful", "urgent"),
    ],
)
def test_more_emergency_and_urgent_signs(message, tier):
    assert screen(message).tier == tier


# The same words in everyday use: each family widened above has near-misses that stay questions.
@pytest.mark.parametrize(
    "message",
    [
        "i cant do this diet anymore, can i eat cheese",
        "i dont want to wake up early for the clinic",
        "i dont want to live in pain, what are my pain relief options",
        "i feel like such a burden when my husband has to do up my buttons",
        "thanks for everything, that really helped, bye for now",
        "im not going to be around next week, can i still get my results",
        "i gave my rings to my daughter because they dont fit over my knuckles, i wont need them now",
        "how many of my tablets should i take a day",
        "ive picked a date for my operation",
        "im going to jump in the pool, is chlorine ok for open sores",
        "can self harm scars get calcium deposits",
        "i cut my finger chopping veg, will it heal ok with calcinosis",
        "i had an overdose in 2015, does that affect my kidneys now",
        "i tried to take my own life in 2012, now im well, can my antidepressants affect calcium",
        "ive been having dark thoughts about my appearance but im not going to do anything",
        "my gran keeps talking about her hip operation",
        "i dont think hes having a stroke but his face feels a bit numb",
        "my lips go blue when im cold, is that raynauds",
        "i fainted when they took blood, is that normal",
        "this itch is killing me",
        "dying to know whether the cream helps",
        "can calciphylaxis be fatal?",
    ],
)
def test_near_misses_of_the_new_families_stay_questions(message):
    assert screen(message).tier == "none"


def test_sadness_without_danger_gets_only_the_kind_line():
    for message in ("i hate how my hands look", "i feel so down about my hands", "i feel so self conscious"):
        found = screen(message)
        assert found.tier == "none" and found.kind_line, message


def _vectors(embedder, texts: dict[str, str]) -> ExemplarVectors:
    groups = tuple(texts)
    vectors = embedder.encode([texts[g] for g in groups])
    return ExemplarVectors(MODEL, groups, groups, tuple(texts.values()), vectors)


def test_similarity_can_raise_an_urgent_sign_to_an_emergency():
    """The word lists' "see a doctor today" does not stop a closer emergency exemplar from raising it."""
    message = "the lump is hot, swollen and throbbing and he is grey and clammy"
    embedder = NamedFake()
    exemplars = _vectors(embedder, {
        "emergency": message, "crisis": "i want to die", "urgent": "a new ulcer", "near_miss": "what is calcinosis",
    })
    triager = Triager(TriageConfig(), embedder, exemplars)
    assert triager.screen(message).tier == "urgent"
    decided = triager.decide(message, embedder.encode([message])[0])
    assert decided.tier == "emergency" and decided.source == "semantic"
    calm = "the lump is hot, swollen and throbbing"  # nothing closer than urgent: the patterns' tier stands
    assert triager.decide(calm, embedder.encode(["what is calcinosis"])[0]).tier == "urgent"
