"""Building blocks of the word lists: how a group of phrasings is written, and the named groups concepts are built from.

``alt`` and ``listed`` turn phrasings into one non-capturing group; ``PERSON``,
``CHILD``, ``MEDS``, ``SUPPLEMENT``, ``LUMP`` and ``NEGATORS`` are groups the
concepts of several tiers and the context guards take in. Like every
phrasing, they are written for the normalised text (lower case, apostrophes
dropped, single spaces) and repeat only within bounds, never ``.*``.
"""

from __future__ import annotations

# name -> (phrasings, negatable); see ``chatbot.safety.lexicon.concepts``.
Concepts = dict[str, tuple[tuple[str, ...], bool]]


def alt(*phrases: str) -> str:
    """One non-capturing group of alternatives."""
    return "(?:" + "|".join(phrases) + ")"


def listed(text: str) -> str:
    """Comma-separated phrasings as one group."""
    return alt(*(p.strip() for p in text.split(",") if p.strip()))


PERSON = listed(
    r"""husband, wife, partner, son, daughter, child, children, kid, kids, baby, toddler, infant, boy, girl,
    mum, mom, mother, mam, mummy, mommy, dad, daddy, father, parent, parents, grandma, grandmother, gran, granny,
    nan, nana, nanna, grandad, granddad, grandpa, grandfather, grandson, granddaughter, grandchild, brother,
    sister, friend, aunt, auntie, uncle, cousin, niece, nephew, neighbour, neighbor, flatmate, roommate,
    boyfriend, girlfriend, someone, somebody, patient, resident, carer, client, man, woman, lady, teenager,
    teen, \d{1,3}\s?[mf]"""
)
CHILD = alt(
    r"bab(?:y|ies)", r"toddlers?", r"infants?", r"child(?:ren)?", r"kids?", r"sons?", r"daughters?",
    r"grand(?:son|daughter|child|children|kids?)", r"little (?:one|boy|girl|sister|brother|man)", r"nephew", r"niece",
    r"\d{1,2}\s?(?:yo|y/o|yr old|year old|years old|month old|months old)", r"\d{1,2}[- ]?(?:year|yr|month)s?[- ]old",
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](?:year|month)s?[- ]old", r"(?:my|our) (?:boy|girl|lad|lass|wee one|bairn|twins)",
    r"(?:lil|baby|little) (?:bro|sis|brother|sister)",
)
MEDS = alt(
    r"pills?", r"tablets?", r"tabs", r"capsules?", r"caps", r"meds", r"medicines?", r"medications?",
    r"painkillers?", r"paracetamol", r"acetaminophen", r"tylenol", r"ibuprofen", r"aspirin", r"codeine",
    r"co-?codamol", r"tramadol", r"morphine", r"oxycodone", r"opioids?", r"insulin", r"antidepressants?",
    r"amitriptyline", r"sertraline", r"citalopram", r"fluoxetine", r"warfarin", r"diltiazem", r"blood thinners?",
    r"vitamins?", r"vitamin d\d?", r"vit d\d?", r"calcium", r"calcitriol", r"supplements?", r"gummies", r"chews",
    r"iron", r"bleach", r"detergent", r"(?:laundry|dishwasher) pods?", r"button batter(?:y|ies)", r"batter(?:y|ies)",
    r"sleeping (?:pills|tablets)", r"doses?", r"pill organi[sz]er", r"dosette", r"sweets", r"poison\w*",
    r"(?:washing[- ]up|dishwasher|cleaning|laundry) (?:liquid|tablets?|pods?|stuff)", r"cleaners?", r"antifreeze",
    r"weed ?killer", r"vape (?:liquid|juice)", r"e-?liquid", r"nicotine", r"white spirit", r"turps", r"nail polish remover",
    r"(?:hand )?saniti[sz]er", r"mouthwash", r"magnets?", r"coins?", r"fentanyl", r"methadone", r"beta[- ]blockers?",
    r"calpol", r"nurofen", r"advil", r"motrin", r"benadryl", r"piriton", r"tums", r"rennies?", r"antacids?", r"multivitamins?",
    r"e-?cig\w*", r"vapes?", r"liquid (?:medicine|morphine|paracetamol)", r"syrup",
)
SUPPLEMENT = alt(
    r"vitamin d\d?", r"vit d\d?", r"calcium", r"calcitriol", r"alfacalcidol", r"colecalciferol", r"cholecalciferol",
    r"supplements?", r"hypercalc\w*", r"high calcium", r"tums", r"rennies?", r"antacids?",
    r"calcium (?:\w+ ){0,3}(?:high|raised|elevated|sky high|through the roof)",
)
LUMP = listed(
    r"""lumps?, bumps?, deposits?, nodules?, spots?, sores?, wounds?, ulcers?, cuts?, scars?, incisions?, stitches,
    knuckles?, fingertips?, fingers?, thumbs?, toes?, elbows?, knees?, shins?, ankles?, hands?, arms?, legs?, thighs?,
    skin, site, area, patch, patches, calcinosis"""
)
NEGATORS = r"(?:not|no|never|nor|isnt|arent|wasnt|werent|dont|doesnt|didnt|hasnt|havent|wont|without|or any|nothing)"
