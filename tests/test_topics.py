"""Near-domain topics the articles never discuss: found in the part of a message that asks, refused."""

from __future__ import annotations

import pytest

from chatbot.answer.topics import TOPICS, OffTopics, asking_part, flat

TOPICS_FIXTURE = {"another skin condition": ("eczema", "psoriasis"), "animals": ("dog", "my cat"), "cosmetics": ("hair dye",)}


def test_a_statement_that_leads_in_is_not_what_was_asked():
    message = "I had a tattoo removed with laser and it got me wondering. is laser used for calcinosis?"
    assert asking_part(message).strip() == "is laser used for calcinosis?"
    assert asking_part("I was wondering if it can spread. It started on my elbow.").strip() == "I was wondering if it can spread."


def test_the_asking_part_is_the_sentences_that_ask():
    story = "my son has eczema on his elbows as well as the calcium bumps. which cream is best for the bumps"
    assert asking_part(story).strip() == "which cream is best for the bumps"
    assert asking_part("We saw a doctor in May. I'd like to know what the tests are.").strip() == "I'd like to know what the tests are."
    assert asking_part("The lumps came last year. Are they dangerous?").strip() == "Are they dangerous?"
    # One line that does not ask in so many words: all of it is what was asked.
    assert asking_part("losing hair where the bumps are") == "losing hair where the bumps are"


def test_a_topic_counts_in_the_question_not_in_the_story():
    topics = OffTopics(lambda phrase: False, TOPICS_FIXTURE)
    assert topics.asked_about(asking_part("which steroid cream is best for the eczema on his knees?")) == "another skin condition"
    assert topics.asked_about(asking_part("he had eczema as a baby. what are these hard white bumps?")) is None
    assert topics.asked_about(asking_part("Can I use hair dye with bumps on my scalp")) == "cosmetics"


def test_catching_it_from_someone_is_not_passing_it_on_to_ones_children():
    """Contagion is a topic the articles never discuss; heredity ("pass it on to my kids") and
    spreading over the body they do."""
    topics = OffTopics(lambda phrase: False, TOPICS)
    catching = "catching it from someone"
    assert topics.asked_about(asking_part("Is calcinosis cutis contagious?")) == catching
    assert topics.asked_about(asking_part("my grandson wants to hold my hand. is it catching?")) == catching
    assert topics.asked_about(asking_part("can i pass it to my husband")) == catching
    assert topics.asked_about(asking_part("can i pass it on to my kids")) is None
    assert topics.asked_about(asking_part("can it spread to other parts of my body")) is None
    assert topics.asked_about(asking_part("my lump keeps catching on my sleeve, should i cover it")) is None


def test_a_question_leaning_on_its_story_is_about_the_story_unless_the_condition_is_named():
    from chatbot.answer.reading import _off_topic

    topics = OffTopics(lambda phrase: False, {**TOPICS_FIXTURE, "calcium elsewhere in the body": ("mammogram",)})
    assert "animals" in topics.topics

    def off(message: str) -> str | None:
        return _off_topic(message, asking_part(message), topics)

    # The question names nothing; the story's eczema is what it asks about.
    assert off("my son has had eczema on his hands for a year. which cream works best?") == "another skin condition"
    # The story names the lumps too: the question may well be about them.
    assert off("he had eczema as a baby and now has hard lumps. which cream works best?") is None
    # Calcium in another organ is about the skin only when the skin's words say so.
    assert off("I had a mammogram last week. Could those spots be cancer?") == "calcium elsewhere in the body"
    assert off("My mammogram showed calcifications. Do I need a biopsy?") == "calcium elsewhere in the body"
    assert off("My mammogram showed calcifications. Are they like the lumps on my skin?") is None
    # A pregnancy named in the story reframes the question, the condition named or not.
    pregnant = OffTopics(lambda phrase: False, {**TOPICS_FIXTURE, "pregnancy and fertility": ("pregnant",)})
    assert _off_topic(
        "I've had calcium lumps for years and take diltiazem. I'm 8 weeks pregnant. Is it still ok?",
        "Is it still ok?", pregnant,
    ) == "pregnancy and fertility"
    # A vet's patient is an animal, whatever the question says of it.
    assert off("the vet said calcinosis. what should we be feeding her?") == "animals"
    assert off("I saw the doctor about my lumps. What should I be eating?") is None
    # Asked in the question itself, as before.
    assert off("which steroid cream is best for the eczema on his knees?") == "another skin condition"


def test_an_animal_in_the_question_makes_it_about_the_animal():
    topics = OffTopics(lambda phrase: False, TOPICS_FIXTURE)
    assert topics.asked_about(asking_part("the vet said calcinosis. can my cat get these lumps on her paws?")) == "animals"
    assert topics.asked_about(asking_part("my cat scratched me last year. why did the doctor order an x-ray?")) is None
    assert topics.asked_about(asking_part("Is a CAT scan needed for calcinosis?")) is None  # "cat" alone is not a pet


def test_phrases_the_articles_use_are_dropped():
    topics = OffTopics.for_corpus(["Calcinosis can follow psoriasis plaques.", "It is not eczematous."], TOPICS_FIXTURE)
    assert topics.asked_about(asking_part("how do I treat psoriasis?")) is None
    assert topics.asked_about(asking_part("how do I treat eczema?")) == "another skin condition"


def test_whole_words_only():
    topics = OffTopics(lambda phrase: False, TOPICS_FIXTURE)
    assert topics.asked_about(asking_part("Are the deposits dogmatic about where they grow?")) is None
    assert topics.asked_about(asking_part("Is it my dog's fault?")) == "animals"


@pytest.mark.integration
def test_the_shipped_list_never_names_what_the_real_articles_say(real_corpus):
    from chatbot.ingest.corpus import load_articles

    sentences = [s.text for article in load_articles(real_corpus) for s in article.sentences]
    topics = OffTopics.for_corpus(sentences)
    said = " ".join(flat(s) for s in sentences)
    assert topics.phrases and all(phrase not in said for phrase in topics.phrases)
    assert len(topics.phrases) > 0.9 * sum(len(p) for p in TOPICS.values())  # the list is about what they do not say


def test_an_off_topic_question_gets_the_kind_abstention(shared_tiny_bot):
    answer = shared_tiny_bot.answer("which steroid cream is best for my eczema?")
    assert answer.abstained and answer.route == "abstain"
    assert answer.trace is not None and answer.trace.decision is not None
    assert any("another skin condition" in r for r in answer.trace.decision.reasons)


@pytest.mark.integration
@pytest.mark.slow
def test_the_near_domain_tune_bank_is_declined_as_when_the_list_was_widened(real_bot):
    """eval/patient_oos_tune.jsonl: 50 near-domain questions and 30 answerable look-alikes, written from
    the articles alone and used to widen the topic list (tune data). First run 29 of 50 declined; after
    the widening and the topics that reframe any question (a pregnancy, an animal): 36, none of the 30 refused."""
    from chatbot.config import PROJECT_ROOT
    from eval.jsonl import read_records

    rows = read_records(PROJECT_ROOT / "eval" / "patient_oos_tune.jsonl", lambda row: (row["expected"], row["turns"][-1]))
    routes = [(expected, real_bot.answer(message).route) for expected, message in rows]
    declined = sum(route == "abstain" for expected, route in routes if expected == "out_of_scope")
    refused = sum(route == "abstain" for expected, route in routes if expected == "answer")
    assert len(rows) == 80
    assert declined >= 36, f"only {declined} of 50 near-domain questions declined"
    assert refused == 0, f"{refused} answerable look-alikes refused"
