from chatbot.conversation import is_follow_up, resolve, topic_of
from chatbot.models import Turn


def history(*questions: str) -> list[Turn]:
    turns = []
    for q in questions:
        turns += [Turn("user", q), Turn("assistant", "An answer.")]
    return turns


def test_pronoun_is_replaced_by_the_previous_subject():
    r = resolve("What causes it?", history("What is metastatic calcinosis cutis?"))
    assert r.rewritten and r.query == "What causes metastatic calcinosis cutis?"


def test_what_about_carries_the_previous_aspect():
    r = resolve("What about imaging?", history("How is calcinosis cutis diagnosed?"))
    assert r.rewritten and r.query == "What about imaging? (calcinosis cutis diagnosed)"


def test_topic_comes_from_the_latest_turn_that_had_one():
    r = resolve("How is it treated?", history("What is calciphylaxis?", "What causes it?"))
    assert "calciphylaxis" in r.query


def test_standalone_questions_are_left_alone():
    r = resolve("What are the symptoms of calcinosis cutis?", history("What is calciphylaxis?"))
    assert not r.rewritten and r.query == "What are the symptoms of calcinosis cutis?"
    assert not is_follow_up("Is dystrophic calcinosis common?")


def test_without_history_nothing_is_rewritten():
    r = resolve("What causes it?", [])
    assert not r.rewritten and r.query == "What causes it?"


def test_assistant_turns_never_give_the_topic():
    turns = [Turn("assistant", "Calciphylaxis happens in kidney dialysis."), Turn("user", "Who gets it?")]
    assert "calciphylaxis" not in resolve("Why?", turns[:1]).query


def test_topic_of():
    assert topic_of("What is metastatic calcinosis cutis?") == "metastatic calcinosis cutis"
    assert topic_of("How is calcinosis cutis diagnosed?", with_aspect=True) == "calcinosis cutis diagnosed"
