import pytest

from chatbot.answer.routing import route, small_talk_reply, unanswerable_request


@pytest.mark.parametrize(
    "message",
    [
        "I have crushing chest pain",
        "my husband can't breathe",
        "I'm having trouble breathing and my lips are blue",
        "the lump is bleeding heavily and won't stop",
        "she fainted and is unresponsive",
        "I think I'm having a stroke, my face is drooping",
        "i cant breath",
        "my lips are swelling after the injection and I can't swallow",
        "my wound is infected, I have a fever of 40 and I'm confused",
        "My calcinosis lump is red, hot and oozing pus and I have a high fever",
        "Help, my mum is having a seizure",
    ],
)
def test_emergencies(message):
    assert route(message).intent == "emergency"


@pytest.mark.parametrize(
    "message",
    [
        "I want to kill myself",
        "I've been thinking about suicide",
        "I just took a whole bottle of my pills on purpose",
        "these lumps make me want to end it all",
        "I can't go on living with these lumps",
        "no reason to live anymore since the calcinosis",
        "I'm thinking about ending my life",
        "i wanna die",
        "honestly I'd be better off dead",
    ],
)
def test_self_harm_gets_the_crisis_route(message):
    assert route(message).intent == "crisis"


@pytest.mark.parametrize(
    "message",
    [
        "Can calcinosis cutis appear on the chest?",
        "My lump bled a little after I scratched it, is that normal?",
        "Does calcinosis cutis make breathing exercises harder?",
        "What is the capital of France?",
        "Can a stroke cause calcinosis cutis?",
        "Is calcinosis cutis an emergency?",
        "Can a vitamin D overdose cause calcinosis cutis?",
        "Can calcinosis cause seizures?",
        "Can calcinosis cause trouble breathing?",
        "Does calcinosis cutis make it hard to swallow?",
        "Can an infected calcium deposit cause a high fever with pus?",
        "How long does the swelling last after laser treatment?",
        "Is there a way to end the itching for good?",
    ],
)
def test_ordinary_questions_are_not_emergencies(message):
    assert route(message).intent == "question"


@pytest.mark.parametrize("message", ["hi", "Hello!", "thanks!", "Thank you so much", "bye", "What can you do?", "who are you"])
def test_small_talk(message):
    assert route(message).intent == "small_talk"
    assert small_talk_reply(message)


@pytest.mark.parametrize("message", ["ok, and how is it treated?", "great, what causes it?", "thanks! and the symptoms?"])
def test_follow_ups_that_start_politely_are_questions(message):
    assert route(message).intent == "question"


def test_personal_questions_are_flagged():
    assert route("Do I have calcinosis cutis?").personal
    assert not route("What is calcinosis cutis?").personal


@pytest.mark.parametrize(
    "message,kind",
    [
        ("How much does laser removal cost?", "price or cost"),
        ("Will my insurance cover it?", "insurance"),
        ("How many mg of diltiazem should I take?", "dose, schedule or timeline"),
        ("How much does it hurt?", None),
        ("My fingers are covered by hard lumps, what are they?", None),
        ("Can you book me an appointment?", "appointment"),
        ("How is calcinosis cutis treated?", None),
        ("how much magnesium should we give him", "dose, schedule or timeline"),
        ("how much fish oil per day is right for me", "dose, schedule or timeline"),
        ("how much calcium is in the deposits", None),
        ("how much does the diet matter?", None),
        ("how do i make my own thiosulfate cream", "a home-made medicine or self-injection"),
        ("can I inject it myself once the nurse shows me?", "a home-made medicine or self-injection"),
        ("can I make my own warm compress for the lumps?", None),
        ("what injections are used for calcinosis?", None),
    ],
)
def test_requests_the_articles_never_answer(message, kind):
    assert unanswerable_request(message) == kind
