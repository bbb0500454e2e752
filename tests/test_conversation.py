from chatbot.answer.conversation import is_follow_up, resolve, topic_of
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
    assert r.rewritten and r.query == "How is calciphylaxis treated?"


def test_standalone_questions_are_left_alone():
    r = resolve("What are the symptoms of calcinosis cutis?", history("What is calciphylaxis?"))
    assert not r.rewritten and r.query == "What are the symptoms of calcinosis cutis?"
    assert not is_follow_up("Is dystrophic calcinosis common?")


def test_without_history_it_means_the_disease_the_bot_is_about():
    r = resolve("What causes it?", [])
    assert r.rewritten and r.query == "What causes calcinosis cutis?"


def test_assistant_turns_never_give_the_topic():
    turns = [Turn("assistant", "Calciphylaxis happens in kidney dialysis."), Turn("user", "Who gets it?")]
    r = resolve("Why?", turns[:1])
    assert not r.rewritten and r.query == "Why?"


def test_topic_of():
    assert topic_of("What is metastatic calcinosis cutis?") == "metastatic calcinosis cutis"
    assert topic_of("How is calcinosis cutis diagnosed?", with_aspect=True) == "calcinosis cutis diagnosed"


def test_small_talk_turns_never_give_the_topic():
    r = resolve("how is it treated", history("What is calcinosis cutis?", "thanks!"))
    assert r.query == "how is calcinosis cutis treated"
    assert resolve("what causes it?", history("ok thanks")).query == "what causes calcinosis cutis?"


def test_a_chain_of_follow_ups_keeps_subject_and_aspect():
    chain = history("What is metastatic calcinosis cutis?", "How is it diagnosed?")
    r = resolve("What about imaging?", chain)
    assert r.query == "What about imaging? (metastatic calcinosis cutis diagnosed)"


def test_only_the_last_few_questions_count():
    chain = history("What is calciphylaxis?", *[f"thanks {i}" for i in range(3)], "Is dystrophic calcinosis common?",
                    "Where does it form?", "Does it hurt?", "Is it rare?", "Who gets it?")
    assert "calciphylaxis" not in resolve("Why?", chain).query


def test_what_about_a_new_subject_keeps_its_own_pronoun():
    """'it' points at the vinegar the question names, so the earlier topic is only appended."""
    r = resolve(
        "What about apple cider vinegar, is there any study on it?",
        history("Are there home remedies for calcinosis cutis?"),
    )
    assert r.rewritten
    assert r.query == "What about apple cider vinegar, is there any study on it? (home remedies calcinosis cutis)"


def test_what_about_it_still_means_the_earlier_subject():
    r = resolve("And what about it in children?", history("What is calciphylaxis?"))
    assert r.query == "And what about calciphylaxis in children?"
