"""Topics next to calcinosis cutis that the articles never discuss.

A near-domain question ("which steroid cream is best for the eczema?", "can
my dog get it?", "is it ok to have the covid booster?") shares most of its
words with the articles, so similarity and word coverage let it through, and
the bot would quote calcinosis sentences that do not answer it. When the part
of the message that asks (``asking_part``) names one of these topics, the bot
says the articles do not cover it instead.

The list is general knowledge of what sits beside a skin condition in a
patient's life (other skin conditions, calcium in other organs, pregnancy,
vaccines, pets, cosmetics, hair loss, travel, other medicines, catching it from someone), not taken from eval items.
A phrase the articles do use is dropped when the bot loads (``OffTopics``), so
the list can only ever name what the articles are silent on. Ambiguous words
appear only in phrases that pin them down ("my cat", never "cat", for a CAT scan).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from chatbot.search.tokens import normalise_text

TOPICS: dict[str, tuple[str, ...]] = {
    "another skin condition": (
        "eczema", "psoriasis", "rosacea", "warts", "wart", "verruca", "verrucas", "mole", "moles", "melanoma",
        "vitiligo", "hives", "urticaria", "dermatitis", "shingles", "cellulite", "keloid", "keloids", "boils",
        "impetigo", "ringworm", "scabies", "lipoma", "lipomas", "xanthelasma", "skin tag", "skin tags",
        "birthmark", "birthmarks", "sunburn", "stretch marks", "dandruff", "cold sore", "cold sores",
        "athletes foot", "fungal nail", "ingrown", "hot spot", "razor bumps", "ingrown hairs", "folliculitis",
        "chilblains", "verrucae", "nail fungus", "seborrhoeic keratosis", "seborrheic keratosis", "fungal infection",
        "toenail", "toenails", "steroid cream", "hydrocortisone",
    ),
    "calcium elsewhere in the body": (
        "mammogram", "mammograms", "gallstone", "gallstones", "gallbladder", "tonsil stone", "tonsil stones",
        "tartar", "dental", "dentist", "teeth", "tooth", "bone spur", "bone spurs", "heel spur", "cataract",
        "cataracts", "prostate", "arteries", "artery", "heart valve", "calcium score", "microcalcifications",
        "breast scan", "tonsils", "tonsil", "gout", "thyroid", "gums", "kidney stone", "kidney stones", "renal stones",
        "bladder stones", "tendonitis", "tendinitis", "fibroid", "fibroids",
    ),
    "pregnancy and fertility": (
        "pregnant", "pregnancy", "conceive", "conceiving", "fertility", "ivf", "breastfeeding", "breastfeed",
        "breast feeding", "miscarriage", "trying for a baby", "try for a baby", "contraception", "contraceptive",
        "expecting a baby", "im expecting", "trimester", "unborn",
    ),
    "vaccines": (
        "vaccine", "vaccines", "vaccination", "vaccinations", "vaccinated", "booster", "covid", "flu jab",
        "the jab", "immunisation", "immunization", "travel shots", "jabs", "malaria",
    ),
    "animals": (
        "dog", "dogs", "puppy", "my cat", "our cat", "the cat", "her cat", "his cat", "cats", "kitten", "horse",
        "horses", "my pet", "our pet", "pets", "vet", "vets", "paw", "paws", "pup", "puppies", "labrador",
        "kittens", "rabbit", "hamster",
    ),
    "cosmetics": (
        "dye", "hair dye", "dyeing", "makeup", "make up", "tattoo", "tattoos", "piercing", "piercings", "botox",
        "nail polish", "fake tan", "spray tan", "sunbed", "sunbeds", "waxing", "moisturiser brand", "retinol",
        "fillers", "filler", "chemical peel", "laser hair removal", "sunscreen", "suncream", "whitening",
        "bleaching my teeth", "teeth whitening", "lip injections", "hair removal",
    ),
    "hair loss": (
        "hair loss", "losing hair", "losing my hair", "hair falling out", "alopecia", "balding", "bald patch",
        "clumps of hair", "thinning hair",
    ),
    "travel": (
        "flight", "flights", "flying", "fly long haul", "long haul", "on the plane", "travel insurance", "airport",
        "holiday abroad",
    ),
    "other medicines": (
        "methotrexate", "ibuprofen", "paracetamol", "aspirin", "statin", "statins", "antidepressant",
        "antidepressants", "contraceptive pill", "hrt", "hormone replacement", "insulin", "metformin",
        "blood thinner", "blood thinners", "warfarin", "antihistamine", "antihistamines", "blood pressure tablets",
        "blood pressure pills", "thyroxine", "levothyroxine", "malaria tablets",
        "amlodipine", "prednisone", "prednisolone",
    ),
    # Whether it passes from person to person (the articles never say; "pass it on" to one's
    # children is heredity, which they do discuss, so it is not here).
    "catching it from someone": (
        "contagious", "contagion", "is it catching", "is this catching", "catch it from", "catch it off",
        "catching it from", "spread to other people", "spread it to", "pass it to", "infect other people",
        "infectious to",
    ),
    "everyday life": (
        "sauna", "saunas", "quit smoking", "stop smoking", "quitting smoking", "vaping", "vape", "nicotine",
        "spf", "keto", "melatonin", "sick leave", "sick note", "time off work", "my employer", "my manager",
    ),
}

_NON_WORD = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")
# Where a sentence ends; the text is already bounded (``clean_question``).
_SENTENCE = re.compile(r"[^.?!]+[.?!]*")
_ASKING_START = re.compile(
    r"^\s*(?:and |so |but |also |ok |okay )?(?:what|whats|how|why|when|where|which|who|whose|is|are|was|were|can|could|"
    r"should|would|will|do|does|did|has|have|any|anything|tell|explain|please)\b"
)
_ASKING_INSIDE = re.compile(
    r"\b(?:id like to know|i would like to know|i want to know|i need to know|wondering if|wondering whether|"
    r"wonder if|wonder whether|can you tell|could you tell|tell me|any tips|any advice|advice on|should i|"
    r"do i need|is it ok|is it safe)\b"
)


def flat(text: str) -> str:
    """``normalise_text``, then a possessive "'s" and other apostrophes dropped ("my dog's" has "my dog", "i'd" is "id"),
    words separated by single spaces and padded with one at each end."""
    text = _POSSESSIVE.sub("", normalise_text(text)).replace("'", "")
    return " " + _NON_WORD.sub(" ", text).strip() + " "


def asking_part(message: str) -> str:
    """The sentences of a message that ask something (a question mark, a question word first,
    or "i'd like to know", "should i"...): the story around them is context, not what was asked.

    The whole message when no sentence asks (one unpunctuated line, a bare statement).
    """
    asking = [s for s in (m.group() for m in _SENTENCE.finditer(message)) if s.rstrip().endswith("?") or _asks(flat(s))]
    return " ".join(asking) if asking else message


CALCIUM_ELSEWHERE = "calcium elsewhere in the body"
# Topics that change what any question in the message means, wherever they are named: "i'm 8
# weeks pregnant. is my diltiazem still ok?" asks about pregnancy, which the articles never discuss.
REFRAMING = frozenset({"pregnancy and fertility", "animals"})
# Words that name the condition in the skin, and words for calcium anywhere: a message with
# none of them is about something else, whatever its question says; one about calcium in
# another organ (a mammogram's calcifications) needs the skin's words to be about the skin.
_SKIN_WORDS = frozenset({
    "calcinosis", "cutis", "calcinotic", "calciphylaxis", "calcinoses", "skin", "lump", "lumps", "bump", "bumps",
    "nodule", "nodules", "chalky",
})
_CALCIUM_WORDS = frozenset({"calcium", "calcification", "calcifications", "calcified", "deposit", "deposits"})
# A vet's patient is an animal, whatever the question says of it.
_VET_WORDS = frozenset({"vet", "vets", "veterinarian", "veterinary"})


def words_of(message: str) -> frozenset[str]:
    """The message's words as ``flat`` spells them, for the checks below (read once per message)."""
    return frozenset(flat(message).split())


def names_the_condition(words: frozenset[str], *, in_the_skin: bool = False) -> bool:
    """Whether a message's ``words`` name the condition; with ``in_the_skin``, in the skin's words."""
    return not _SKIN_WORDS.isdisjoint(words) or (not in_the_skin and not _CALCIUM_WORDS.isdisjoint(words))


def treated_by_a_vet(words: frozenset[str]) -> bool:
    """Whether a message's ``words`` involve a vet: its patient is an animal."""
    return not _VET_WORDS.isdisjoint(words)


def _asks(flat_sentence: str) -> bool:
    return bool(_ASKING_START.search(flat_sentence[1:]) or _ASKING_INSIDE.search(flat_sentence))


class OffTopics:
    """The topic list, less every phrase the articles use (``known``: is this word or phrase in the articles?)."""

    def __init__(self, known: Callable[[str], bool], topics: dict[str, tuple[str, ...]] = TOPICS) -> None:
        self.phrases: dict[str, str] = {
            flat(p): topic for topic, phrases in topics.items() for p in phrases if not known(p)
        }
        # Each phrase as its words, with its place in the list: a message is looked up by the word
        # sequences that start with a phrase's first word, not searched once per phrase.
        self._rank: dict[tuple[str, ...], int] = {}
        for rank, phrase in enumerate(self.phrases):
            self._rank.setdefault(tuple(phrase.split()), rank)
        self._starts: dict[str, tuple[int, ...]] = {}
        for words in self._rank:
            self._starts[words[0]] = tuple(sorted({*self._starts.get(words[0], ()), len(words)}))
        self._topics = list(self.phrases.values())
        self.topics = frozenset(self._topics)  # those that still have a phrase the articles do not use

    @classmethod
    def for_corpus(cls, texts: Collection[str], topics: dict[str, tuple[str, ...]] = TOPICS) -> "OffTopics":
        """The list less what these article texts say (as whole words)."""
        corpus = " ".join(flat(t) for t in texts)
        return cls(lambda phrase: flat(phrase) in corpus, topics)

    def asked_about(self, asked: str) -> str | None:
        """The topic that ``asked`` (a message's ``asking_part``) names and the articles do not discuss, if any."""
        words = flat(asked).split()
        found = [
            rank for i, word in enumerate(words) for n in self._starts.get(word, ())
            if (rank := self._rank.get(tuple(words[i:i + n]))) is not None
        ]
        # The first phrase of the list that the message uses, as a search phrase by phrase would find.
        return self._topics[min(found)] if found else None
