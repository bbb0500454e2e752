"""The word lists of safety triage, written so that a clinician can read and extend them.

Each *concept* is a list of phrasings of one idea ("chest pain", "a child",
"swallowed"), in the normalised text: lower case, apostrophes dropped ("cant",
"shes"), single spaces. Inside a phrasing only bounded repetition is allowed
(``(?:\\w+ ){0,3}`` for "up to three words in between"), never ``.*``.

A *rule* reaches a tier when all its concepts occur within a window of words
("a child" + "swallowed" + "tablets" within 16 words). The lists follow the
red flags of telephone triage (NHS 111, 911 dispatch cards) and the warning
signs of suicide that crisis lines teach (talk of dying or of being a burden,
goodbyes, giving things away, gathering means, self-harm), worded the way
patients and relatives write them. The rules order only matters inside a tier:
crisis rules are tried first, then emergency, then urgent.

To add a phrasing, put it in its concept, then run ``python -m eval.triage`` and
``pytest tests/test_triage_patterns.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Tier = Literal["emergency", "crisis", "urgent", "none"]
Guard = Literal["past", "chronic", "hypothetical", "general"]


def alt(*phrases: str) -> str:
    """One non-capturing group of alternatives."""
    return "(?:" + "|".join(phrases) + ")"


def listed(text: str) -> str:
    """Comma-separated phrasings as one group."""
    return alt(*(p.strip() for p in text.split(",") if p.strip()))


# ------------------------------------------------------------------ building blocks

SELF = r"(?:i|im|ive|id|ill|me|my|myself)"
THIRD = r"(?:he|hes|she|shes|they|theyre|him|her|his|them|their|hers)"
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
# "confused about the types" is a question, not a sign.
CONFUSED = r"(?:confus\w*|confussed)(?! (?:about|by|with|as to|between|why|what|how|which|when|if|over))"
# "he's not making sense" is a sign; "the leaflet is not making sense" is not.
NONSENSE = r"(?:(?:hes|shes|he is|she is|theyre|they are|im|i am|hes just|shes just|and|but|now|keeps|kept|was|is) (?:\w+ )?not|isnt|wasnt) making (?:any )?sense"
# "hot weather" and "warm water" are not a sign of infection.
_NOT_WEATHER = r"(?! (?:weather|water|bath|baths|shower|showers|days?|summer|drinks?|tub|climate|countr\w+|sun|temperatures?|compress\w*|pack))"
NEGATORS = r"(?:not|no|never|nor|isnt|arent|wasnt|werent|dont|doesnt|didnt|hasnt|havent|wont|without|or any|nothing)"

# name -> (phrasings, negatable). A negatable concept drops an occurrence that has a
# negator in the three words before it ("not suicidal", "the lump isnt red").
CONCEPTS: dict[str, tuple[tuple[str, ...], bool]] = {
    # ---------------------------------------------------------------- crisis
    "suicide": ((r"suicid\w*", r"sewer ?slid\w*", r"unaliv\w*", r"kms", r"ctb", r"kys"), True),
    "kill_self": ((
        r"(?:kill|killing|kil|off|offing|hang|hanging|drown|drowning|shoot|shooting|poison|poisoning) ?(?:my ?self|meself|him ?self|her ?self|them ?selves|themself|myslef)",
        r"(?:end|ending|take|taking|took) (?:my|his|her|their) (?:own )?life", r"end(?:ing)? it all",
        r"end(?:ing)? (?:my|his|her) (?:own )?life", r"end(?:ing)? (?:everything|things|my suffering|it for good|it tonight|it now)",
        r"(?:do|doing) something stupid", r"(?:do|doing) it (?:tonight|this weekend|soon)",
    ), True),
    # Wishing to be dead, not to exist, not to wake.
    "death_wish": ((
        r"(?:want|wants|wanted|wanting|wanna|wish|wishes|ready|deserve|deserves|hope|hoping|longing|praying|pray) (?:to )?(?:just )?(?:die|be dead|be gone for good|go to sleep forever)",
        r"wish (?:i|he|she) (?:was|were|had) (?:dead|gone|never been born|not born|not here)", r"wish (?:i|he|she) (?:had )?never (?:been|be) born",
        r"(?:dont|doesnt|do not|does not|didnt|no longer) (?:really )?(?:want|wish|wanna) to (?:live|be alive|be here|exist|wake up|go on|carry on|keep going|be around|continue(?: living| on)?)(?! (?:like this|like that|with (?:this|these|it|the|my|lumps)|in (?:this|that)|on (?:this|these)|through))",
        r"(?:yeet|off|delete) ?(?:my|him|her) ?self",
        r"(?:dont|do not|doesnt) want to be (?:here|alive|around)",
        r"ready to go(?! to| for| home| out| back| in| on| through| ahead| with)",
        r"(?:want|wants|wanted|going|gonna|thinking (?:about|of)|plan(?:ning)?|decided|time) (?:to )?(?:end|ending) (?:it|things|everything|my life|his life|her life)(?! with)",
        r"(?:never|not) wake up (?:ever )?again", r"(?:hope|wish|pray|praying|hoping) (?:that )?(?:i|he|she) (?:dont|do not|never|wont|doesnt) wake up",
        r"(?:sleep|asleep|bed) and (?:never|not|didnt|did not|dont|wouldnt) wake", r"sleep (?:forever|for ever|for good)", r"(?:want|wish|wanna|like) to (?:\w+ ){0,4}stay asleep",
        r"(?:i want to|i wanna|i wish i could|id like to|i just want to|i want to just|i could just) (?:just )?(?:disappear|vanish|stop existing|not exist|cease to exist|fade away)(?! (?:from|when|whenever|every time|in public|at|into|under|behind|in))",
        r"wish (?:i|he|she) (?:could )?(?:just )?(?:disappear|vanish|not exist|stop existing|didnt exist|not be here)(?! (?:from|when|whenever|every time|in public|at|into|under|behind|in))",
        r"(?:want|wish) to stop existing",
        r"(?:want|wish) (?:to|i could) (?:just )?(?:not be here|stop being here|not be alive)",
        r"(?:thinking|thought|think) (?:\w+ ){0,2}(?:of|about) (?:jumping|stepping in front|driving into|hanging)",
        r"(?:imma|ima|gonna|going to|bout to|about to) end (?:it|things|everything|my life)(?! with)",
        r"talk\w* about (?:death|dying|killing (?:him|her)self|ending (?:it|things)) (?:a lot|all the time|constantly|more and more)",
        r"(?:done|finished) with (?:life|living|being alive|this life)", r"(?:had|have had|ive had) enough of (?:life|living|being alive|this life)",
        r"giv(?:e|en|ing) up on (?:life|living|myself)", r"tired of (?:living|being alive|existing|life|being here)(?! like| with)",
        r"(?:want|wants) (?:it all|everything|things|it) (?:all )?to (?:be over|end) (?:for good|forever|for ever|now|permanently)",
        r"(?:want|wish|need) (?:it|everything) all to (?:be over|end|stop)", r"want (?:it all|everything) (?:all )?to (?:be over|end)",
        r"(?:except|but|other than|apart from) (?:dying|death|to die|suicide|ending it)",
        r"only way (?:out|to stop (?:this|it|the pain)) is (?:to )?(?:die|death|dying|end|ending|suicide|not being here)",
        r"(?:thinking|talking|talks|talked|planning|plans|wants|wanted|going) (?:about |of |to )?(?:taking|take|swallowing|swallow) (?:all|every|the whole|a whole|the lot|the rest) (?:of )?(?:\w+ ){0,3}" + MEDS,
        r"(?:thoughts|thinking|thought) (?:\w+ ){0,2}(?:of|about) (?:dying|death|not being here|ending it|killing)",
        r"(?:thoughts|thinking|thought) (?:\w+ ){0,2}(?:of|about) (?:hurting|harming) (?:my|him|her)self", r"(?:having|have|had|getting|get) dark thoughts",
        r"(?:rather|sooner) be dead", r"rather die than (?:live|go on|carry on|keep going|be)", r"waiting to die", r"tired of waking up",
        r"(?:not sure|dont know if|dont think) i (?:want|wanna) to (?:be here|be alive|live|go on|carry on|keep going)",
        r"wanna (?:just )?(?:disappear|vanish|not exist|be dead|sleep forever)",
        r"(?:want|wants|wanted|ready|longing|long) to be with (?:\w+ )?(?:dad|mum|mom|husband|wife|him|her|my son|my daughter|them) (?:again|in heaven|now)",
        r"(?:join|joining|be with) (?:my (?:late )?(?:husband|wife|dad|mum|mom|son|daughter)|him|her|grandpa|grandad|granddad|grandma|nan|gran|dad|mum) (?:soon|in heaven|now|again)",
        r"(?<!thanks )(?<!thank you )(?<!thanks, )(?<!thank you, )(?<!ok )(?<!ok, )(?<!okay )(?<!okay, )(?:im|i am) (?:so |just )?(?:done|finished)(?: with (?:it all|everything|life))?(?=\W*$| *[.!] +(?!thank|thx|cheers|bye|ta\b|that|for now))",
    ), True),
    # Perceived burdensomeness with the wish to be gone: "they would be better off without me".
    "burden": ((
        r"dead weight", r"waste of (?:space|oxygen|air)",
        r"better off (?:dead|without (?:me|him|her|us))", r"(?:happier|better|easier|fine|relieved|lighter|freer) without (?:me|him|her)(?! (?:there|around|nagging|fussing))",
        r"(?:everyone|everybody|they|theyd|theyll|family|kids|children|husband|wife|world) (?:\w+ ){0,3}(?:be )?better off(?= without (?:me|him|her)| (?:if|once|when) (?:i|im|he|she) (?:\w+ ){0,2}(?:was|were|wasnt|werent|died|disappeared|gone|dead|not|left|ended|end|killed|took|didnt|no longer)| anyway|\W*$)",
        r"(?:happier|better|easier|free|freer|relieved|lighter|better off|fine|good riddance) (?:for (?:everyone|everybody|them|all) )?(?:if|when|once) (?:i|im) (?:just )?(?:wasnt|werent|was not|were not|was|were|am|m|died|disappeared|left|didnt exist)? ?(?:here|around|alive|gone|dead|anymore)?",
        r"(?:nobody|no one|noone|none of them) would (?:even )?(?:notice|care|mind) (?:if|when) (?:i|im|he|she|hes|shes) (?:was|were|wasnt|werent|died|disappeared|left for good|didnt exist|gone|dead)",
        r"(?:nobody|no one|noone) would (?:even )?(?:miss|notice) me", r"nobody (?:would|will) miss me",
        r"(?:ruin\w*|burden\w*) (?:\w+ ){0,2}(?:everyones|everybodys|their|my familys) li(?:fe|ves)", r"(?:manage|cope|do) (?:fine|better) without me",
        r"if i (?:just )?(?:died|was gone|were gone|was dead|were dead|wasnt (?:here|around)|werent (?:here|around)|didnt exist|disappeared|was not (?:here|around)|slipped away|was out of the (?:picture|way))",
        r"(?:easier|better|happier|simpler|kinder|lighter|freer|fine) (?:\w+ ){0,4}(?:if|when|once) (?:i|im) (?:just )?(?:was |were |am )?(?:gone|dead|not (?:here|around)|out of the (?:picture|way)|slipped away|died|no longer (?:here|around))",
        r"(?:once|when|after) (?:im|i am) gone", r"slip(?:ped)? away (?:for good|forever|quietly)",
    ), True),
    "hopeless": ((
        r"(?:no|not any|isnt any|without any?) (?:reason|point|purpose) (?:to|in|of)? ?(?:live|living|life|going on|carrying on|carry on|keep going|keeping going|being here|be here|being alive|be alive|anymore|any more|trying anymore|continue|continuing)",
        r"life (?:has )?(?:lost (?:all )?(?:its )?meaning|is meaningless|has no meaning)", r"(?:life|everything|living|existing) (?:is|feels|seems) (?:\w+ )?(?:pointless|meaningless|hopeless)",
        r"nothing (?:left )?for me (?:here|anymore|now)", r"(?:im|i am) (?:so )?done w(?:/| ) ?(?:everything|life|it all)",
        r"whats the point (?:of|in) (?:living|life|going on|carrying on|anything|trying|being here|it all|keeping going)",
        r"whats the point (?:anymore|any more)", r"whats the point(?= *[.!?\n]| *$)", r"(?:theres|there is) no point (?:anymore|any more|in anything|to anything|carrying on|going on)",
        r"no point anymore", r"life (?:is|isnt|is not|aint) (?:not )?worth (?:living|it)", r"not worth living",
        r"no way out", r"(?:i have|ive got|ive|theres|there is|i see) no future",
        r"(?:dont|cant|do not|cannot|no longer) see (?:the |any |a )?(?:point|reason|way out) (?:in |of |to |for )?(?:living|life|going on|go on|carrying on|carry on|being alive|being here|anything|it all|trying|keep going|keeping going|live|me)?",
        r"(?:dont|cant|do not|cannot|no longer) see (?:a |any )?future(?= for me| anymore| at all| ahead|\W*$)",
        r"(?:cant|cannot|couldnt) (?:go on|keep going|carry on|do this|live like this|face another day)(?: \w+){0,2} (?:anymore|any more|any longer)",
        r"(?:cant|cannot) (?:go on|carry on|keep going)(?! (?:holiday|holidays|a |the |with|to |using|taking|about|for|working|at))",
        r"(?:cant|cannot|dont think i can|not sure i can) (?:keep|carry on) (?:doing|living|going on) (?:like )?this",
        r"how much longer i can (?:keep|go on|carry on|do this|take)", r"whats left for me", r"lost all hope", r"(?:theres|there is) no hope",
        r"(?:no fight left|out of fight|given up hope|no will to live|lost the will to live)", r"(?:done|tired of|sick of) fighting(?! (?:with|for|the))",
        r"(?:cant|cannot) fight (?:this|it|anymore|any more|any longer)",
        r"(?:doesnt|does not|dont|nothing|none of (?:it|this)) matters? (?:anymore|any more|now)", r"nothing (?:left|more) to live for",
        r"why bother (?:carrying on|going on|living|trying|keeping going|staying alive|waking up)", r"no point (?:to|in) (?:any of (?:it|this)|anything|it all)",
        r"(?:dont think i can|cant|cannot) (?:do|face|take|manage) (?:another|one more) (?:year|day|month|week|night) (?:of (?:this|it)|like this)",
        r"(?:running|run|ran) out of reasons", r"stopped caring (?:what happens|about (?:myself|living|anything|life))", r"what(?:s| is) there to live for",
    ), True),
    # Goodbyes, settling affairs, giving things away.
    "farewell": ((
        r"this is (?:my )?goodbye", r"goodbye (?:everyone|all|world|forever|for good|and thank)", r"thank you and goodbye", r"thanks and goodbye",
        r"(?:wanted|want|need|needed) to say goodbye(?! to (?:my|the|these|those) (?:lumps|deposits|bumps))",
        r"sorry for everything", r"(?:this is|its|here is|heres) (?:my|the) (?:last|final) (?:message|goodbye|note|words|post|text)", r"my (?:last|final) (?:words|goodbye)",
        r"(?:thank|thanks) (?:\w+ ){0,4}before i go", r"before i go(?:,| i| just)", r"tell (?:my|her|him) (?:\w+ ){0,2}(?:i love|that i love)",
        r"(?:make sure|let) (?:my \w+|them|everyone) know (?:that )?i love", r"who (?:gets|will get|should have) my (?:things|stuff|jewel\w*|belongings)",
        r"(?:take care of|look after) (?:mum|mom|dad|my \w+|the kids|the children|him|her|them|my cat|my dog) for me",
        r"(?:wont|will not) (?:matter|be a (?:problem|burden|bother|nuisance)) (?:to anyone )?(?:soon|much longer|anymore|for long)",
        r"(?:this|it) (?:will be|is going to be|ll be) my last (?:question|message|time)",
        r"(?:this|it) (?:will be|is going to be|ll be|is) (?:the|my) last (?:thing|message|time|words?) (?:i|ill|youll|you will|anyone)",
        r"(?:not|never) (?:going to |gonna )(?:be )?(?:here|around) (?:much longer|anymore|any more|for long|soon)",
        r"so (?:nobody|no one) (?:finds|will find|can find|would find) me", r"tonights the night",
        r"said (?:my|our|his|her) goodbyes", r"said goodbye to (?:everyone|my|all|the|his|her)", r"goodbye (?:letters?|notes?|messages?|texts?|videos?)",
        r"(?:wrote|written|writing|left|leaving) (?:\w+ ){0,3}(?:letters?|notes?|cards?) (?:to|for) (?:each of )?(?:my|each|everyone|all|his|her)(?! (?:doctor|gp|surgeon|nurse|dermatologist|consultant|specialist|pharmacist|school|teacher|boss|work|employer|mp|council))",
        r"left (?:a|me a) (?:note|letter|message) (?:saying|that said|to say) (?:\w+ ){0,3}(?:sorry|goodbye|love)",
        r"(?:sent|texted|messaged|wrote|posted|left) (?:\w+ ){0,3}(?:saying|to say|that said) (?:\w+ ){0,2}(?:goodbye|sorry for everything|bye forever)",
        r"(?:post|message|text|note|status|story) (?:\w+ )?(?:said|says|saying) (?:\w+ )?(?:goodbye|bye forever|sorry for everything)",
        r"(?:instructions|plans|arrangements|wishes) for my funeral", r"(?:planned|arranged|organised|organized|sorted) my (?:own )?funeral",
        r"(?:written|wrote) (?:a letter |letters |a note |notes )?to (?:each of )?(?:my (?:kids|children|family|wife|husband|son|daughter|sons|daughters|parents|mum|mom|dad|grandchildren|grandkids|partner|friends|loved ones)|everyone)",
        r"(?:gave|giving|give|given|gives) (?:away|out) (?:all |most )?(?:of )?(?:my|his|her|their) (?:things|stuff|belongings|possessions|clothes|jewel\w*|games|\w+ collection)",
        r"(?:gave|giving|given|gives) (?:\w+ ){1,3}away(?! (?:to charity|the game|because|as they|since|cos))", r"sold (?:all |most )?(?:of )?(?:my|his|her) (?:stuff|things|belongings|possessions)",
        r"(?:gave|given|giving) (?:my|his|her) (?:\w+ ){0,2}to (?:my|his|her|a) (?:\w+ )?(?:brother|sister|friend|mum|mom|dad|neighbour|neighbor|son|daughter|cousin)",
        r"hand\w* (?:out|over) (?:all )?(?:of )?(?:my|his|her|their) (?:\w+ )?(?:things|stuff|clothes|belongings|possessions|phone|games|jewel\w*)",
        r"(?:put|got|getting|putting|sorted|sorting) (?:my|his|her) affairs (?:in order|out)", r"(?:im|i am|i will|ill) not coming back",
        r"and (?:not|never) (?:coming|come) back", r"deleted (?:all )?(?:my|his|her) (?:accounts|social media|profiles)",
        r"(?:arranged|found|sorted) (?:for )?(?:someone|a (?:home|friend|neighbour|neighbor)) (?:\w+ ){0,2}(?:my|his|her) (?:dog|cat|pets?|kids|children)",
        r"(?:found|find|finding) (?:a )?(?:new )?home for (?:my|his|her) (?:dog|cat|pets?)", r"rehom\w* (?:my|his|her) (?:dog|cat|pets?)",
        r"(?:wont|will not|dont|do not) (?:be )?need(?:ing)? (?:anything|any of (?:it|this|them|my things)|my (?:things|stuff|belongings)|them|it) (?:anymore|any more|any longer|after (?:this|today|tonight|this week)|where im going)",
        r"(?:wont|will not|dont|do not) (?:be )?need(?:ing)? (?:\w+ ){0,3}where im going",
        r"(?:not|wont|will not|never) (?:going to )?(?:be |being )?(?:here|around) (?:much longer|anymore|any more|for long|for much longer|for (?:christmas|her birthday|his birthday|my birthday|the summer))",
        r"wont be (?:here|around) (?:much )?(?:longer|anymore|for long)", r"made (?:my|his|her) peace with (?:not|dying|going|leaving)",
        r"(?:walk\w*|jump\w*|step\w*|driv\w*|throw\w* (?:my|him|her)self) (?:into|off|in front of|under) (?:a |the )?(?:sea|ocean|river|lake|water|bridge|train|traffic|cliff|building|roof|car|bus|lorry|truck)",
    ), True),
    # Gathering means or planning: needs no context at all.
    # Giving up things because the hands no longer manage them is loss, not farewell.
    "practical_reason": ((
        r"had to", r"because (?:of )?(?:my|his|her|they|it|the|i)", r"(?:dont|doesnt|didnt|no longer|wont) fit", r"(?:cant|couldnt|can no longer) (?:play|use|wear|hold|do)",
        r"to charity", r"for now", r"thanks? (?:you )?for (?:the|your|all the) (?:info|information|help|answers?|advice)",
    ), False),
    "settling": ((
        r"cancel\w* (?:all )?(?:my|the) (?:\w+ )?(?:appointments|phone|contract|subscriptions?|insurance|direct debits|gym|rent|lease)",
        r"paid off (?:all )?(?:my|the) (?:debts?|bills|loans?)", r"(?:sorted|sorting|sort) (?:out )?(?:all )?(?:my|the) (?:paperwork|finances|affairs|accounts|bills|will)",
        r"(?:made|written|wrote|updated|done|sorted|finished) (?:out )?(?:my|a) will", r"sold (?:\w+ ){0,2}(?:my|his|her) (?:stuff|things|car|belongings|furniture)",
        r"(?:made sure|sorted|arranged) (?:that )?(?:the|my) (?:cat|dog|pets?|kids|children) (?:\w+ ){0,3}(?:looked after|taken care of|cared for)",
        r"told (?:work|my boss|my manager|the office|school) (?:im|i am|i wont be|that im) not coming back", r"(?:nearly|almost|all|everything is|everythings) sorted",
        r"(?:everything|all) (?:is )?in order", r"(?:returned|gave back) (?:everything|all the things) i (?:borrowed|owed)",
        r"(?:gave|given|handed in) (?:my )?(?:notice|resignation)", r"quit my job", r"gave notice on (?:my|the) (?:flat|house|room|tenancy)",
        r"made (?:all the |the )?arrangements for (?:my|the|when)",
        r"gave (?:the|my) (?:cat|dog|pets?|kids) to", r"(?:just )?a few (?:more )?things (?:left )?to sort", r"(?:nearly|almost) done sorting",
    ), True),
    "sudden_calm": ((
        r"(?:feel|feeling|felt) (?:so |really |strangely |oddly )?(?:calm|peaceful|at peace|relieved|light|settled)", r"(?:ready|at peace) now",
        r"for the first time in (?:years|ages|months)", r"(?:wont|will not|dont) need (?:\w+ ){0,3}(?:any more|anymore|again|after)", r"its time",
    ), False),
    "method": ((
        r"(?:ways|way|how|best way|easiest way|painless way|quickest way|surest way|most painless way) to (?:die|go|kill (?:my|your|one)self|end (?:it|my life|your life|things)|commit suicide|not wake up|do it)(?! (?:to|for|with|about|in|at|on|home|out))",
        r"(?:painless|quickest|easiest|surest|quick|fastest) way (?:to go|out|to die|to do it)",
        r"take to (?:die|kill me|not wake|end it)", r"enough to (?:die|kill me|not wake|end it|do it)",
        r"would (?:it )?take to (?:not )?(?:wake|die|kill me|end)",
        r"(?:saving|saved|stockpil\w*|hoard\w*|stash\w*|storing|stored|squirrel\w*|accumulat\w*|gather\w*|amass\w*|built up|building up) (?:up |back )?(?:\w+ ){0,3}" + MEDS + r"(?! from| at the| for (?:my|the) (?:holiday|trip))",
        r"(?:keeping|kept|holding) (?:\w+ ){0,3}back instead of taking", r"instead of taking (?:it|them|mine)",
        r"(?:keeping|saving|storing|hiding) (?:them|it|my \w+) for (?:later|when|the right time|one day|a reason)",
        r"(?:putting|put|setting|set) aside (?:\w+ ){0,2}" + MEDS, r"(?:googl\w*|look\w* up|search\w*|research\w*|reading about) (?:\w+ ){0,2}(?:how|ways) to (?:overdose|od|die|kill|end)",
        r"(?:going|gonna|about|plan|planning) to take (?:them|the lot|all of them|all of it|it all|all my \w+) (?:tonight|today|now|later|soon|when)",
        r"(?:decided|know|planned|worked out|figured out) (?:\w+ ){0,2}(?:how|when|where) (?:i|im|i am|ill) (?:\w+ ){0,2}(?:going to |gonna )?do it",
        r"(?:know|decided|planned) (?:\w+ ){0,2}(?:when and how|how and when|where and when|when and where)",
        r"worked out (?:the|how much|how many|what) (?:\w+ )?(?:dose|amount|pills|tablets|i need)",
        r"(?:im|i am) (?:on|at) the (?:bridge|edge|cliff|roof|platform|train tracks|railway|tracks)",
        r"(?:drive|driving|crash|crashing|steer\w*) (?:\w+ ){0,2}(?:into|off) (?:a |the )?(?:wall|tree|bridge|cliff|lorry|truck|oncoming)",
        MEDS + r" (?:\w+ ){0,2}(?:saved|stashed|hidden|put by)(?! for (?:my|the) (?:holiday|trip))",
        r"collect\w* (?:\w+ ){0,3}(?:instead of taking|for (?:weeks|months|a while)|up)", r"collecting mine",
        r"(?:been |started )collect\w* (?:\w+ ){0,2}" + MEDS + r"(?! from| at| for (?:my|the|a))", MEDS + r" i (?:didnt|havent|never|dont) (?:take|taken)",
        r"(?<!had )enough (?:\w+ ){0,3}(?:now|saved|ready|to do it|to end it)", r"(?:ill|i will) have enough",
        MEDS + r" (?:\w+ ){0,3}(?:in front of me|lined up|laid out|counted out|ready to take)",
        r"(?:out|ready|lined up) in front of me", r"(?:know|knows) (?:\w+ )?(?:what|how much|how many) (?:it|they|that) would do",
        r"(?:bought|got|have|tied|made) (?:a|the) (?:rope|noose)", r"(?:rope|noose) (?:is )?ready",
        r"(?:standing|stood|sitting|sat) (?:on|at) the (?:bridge|edge|cliff|roof|platform)", r"(?:jump|jumping) off (?:a |the )?(?:bridge|building|cliff|roof|multi)",
        r"looking up (?:ways|how) to (?:die|kill|end|overdose|do it)", r"(?:ways|how) (?:i|id|i would|i could) (?:\w+ ){0,2}do it", r"planning (?:it|how i|when i)",
        r"(?:vodka|whisky|whiskey|wine|alcohol|gin|booze) (?:\w+ ){0,4}(?:pills|tablets|oxycodone|morphine|codeine|tramadol|paracetamol|meds)",
        r"(?:pills|tablets|oxycodone|morphine|codeine|tramadol|paracetamol|meds) (?:\w+ ){0,4}(?:vodka|whisky|whiskey|wine|alcohol|gin|booze)",
    ), False),
    # Asking how much would kill: a crisis when it names someone ("how many of my tablets").
    "lethal_question": ((
        r"(?:lethal|fatal|deadly|killing) (?:dose|amount|overdose|number|quantity)",
        r"how (?:many|much) (?:\w+ ){0,4}(?:would|will|could|to|does it take to|do i need to|would i need to) (?:it )?(?:take to )?(?:kill|die)",
    ), False),
    "took_overdose": ((r"(?:took|taken|take|taking|had|done|did) an? overdose", r"overdosed", r"just (?:od|oded|overdosed)"), True),
    "accidental": ((
        r"by mistake", r"accidentally", r"accidental", r"by accident", r"misread", r"mixed up", r"wrong (?:pills|tablets|dose|strength|bottle|box|medicine)",
        r"thought (?:they|it) (?:were|was)", r"forgot (?:i|he|she) (?:had )?(?:already )?taken", r"instead of", r"double dosed",
    ), False),
    "on_purpose": ((r"on purpose", r"deliberately", r"intentionally", r"to end it", r"so (?:i|he|she) (?:wont|wouldnt|dont) wake", r"to make (?:it|everything|the pain|it all) stop"), False),
    "self_harm": ((
        r"self[- ]?harm\w*",
        r"(?:harm|harming|harmed|cutting|burning|starving|punching|hitting) (?:my ?self|myslef|him ?self|her ?self)",
        r"(?:hurt|hurting|cut|cuts|burn|burns|burnt|burned|hit|punch|punched|starve|starved) (?:my ?self|him ?self|her ?self) (?:again|on purpose|deliberately|to (?:cope|feel|punish|make)|when (?:it|things|i)|because|every|most|a lot|all the time|regularly)",
        r"(?:started|start|been|keep|keeps) (?:\w+ )?(?:hurting|cutting|harming|burning) (?:my|him|her) ?self",
        r"(?:been|started|keep|keeps|stop|cant stop|back to) cutting(?! (?:down|back|out|my hair|the|it|them))", r"cutting again",
        r"bang\w* (?:my|his|her) head (?:against|on|into) (?:the )?(?:wall|floor|door)",
        r"hurting (?:my|his|her) (?:arms|legs|skin|wrists|thighs)", r"(?:scratch\w*|claw\w*) (?:at )?(?:my|his|her) (?:arms|skin|wrists) (?:\w+ ){0,3}(?:bleed|raw|on purpose)",
        r"(?:cutting|cut|slashing|slashed|slit|slitting) (?:my|his|her) (?:arms?|wrists?|legs?|thighs?|skin|stomach)",
        r"(?:razor|blade|scalpel|knife|glass|lighter) (?:\w+ ){0,8}(?:on|into|across) (?:my|his|her) (?:arms?|wrists?|legs?|thighs?|skin|stomach)",
        r"(?:dig|digging|dug|pick|picking|picked|scratch|scratching|tear|tearing) (?:at )?(?:\w+ ){0,3}(?:on purpose|till (?:they|it) bleeds?|until (?:they|it) bleeds?|to feel)",
        r"(?:doing|does|did|do) (?:it|this|that|these things) to (?:herself|himself|myself|themselves|themself)", r"(?:hurting|harming|cutting) (?:her|him|them) ?sel(?:f|ves)",
    ), True),
    "harm_act": ((
        r"(?:burn|burning|burnt|burned|cut|cutting|hit|hitting|punch|punching|bang|banging|scratch|scratching|bite|biting|hurt|hurting|pinch|pinching) (?:\w+ ){0,2}(?:my|myself|his|him|her|herself)",
        r"(?:lighter|cigarette|match|razor|blade|scalpel|knife|compass)", r"make (?:\w+ ){0,3}bleed",
        r"(?:pick|picking|dig|digging|scratch\w*|squeez\w*|tear\w*|rip\w*) (?:at )?(?:\w+ ){0,3}(?:lumps?|skin|scars?|scabs?|arms?|legs?|deposits?)",
    ), True),
    "harm_motive": ((
        r"(?:so|to|just to) (?:that )?(?:i )?(?:can )?feel (?:something|anything|real|better|in control)", r"to cope", r"to punish (?:my|him|her)self",
        r"on purpose", r"deliberately", r"because i hate (?:my ?self|me|my body|my skin|how i look)", r"to make (?:the|it) (?:pain|feeling) stop", r"release",
        r"i deserve (?:it|the pain|to hurt|to suffer)", r"to punish", r"punish (?:my|him|her)self", r"(?:and )?it help(?:s|ed)",
        r"makes? me feel (?:better|something|calm|in control)", r"(?:until|till|til) (?:it hurts|i bleed|it bleeds|they bleed|i cant feel|they bruise|it bruises|i bruise)",
    ), False),
    "take_all": ((
        r"(?:took|taken|swallowed|downed|necked|have had|just had) (?:(?:his|her|my|their) )?(?:all|every|whole|the whole|a whole|an entire|the rest|loads|lots|a lot|a load|a bunch|a handful) (?:of )?(?:\w+ ){0,3}" + MEDS + r"(?! (?:a day|every|each|daily|per))",
        r"(?:take|taking|swallow|swallowing) (?:(?:his|her|my|their) )?(?:all|every|the whole|a whole|the rest) (?:of )?(?:\w+ ){0,3}" + MEDS + r" (?:at once|in one go|tonight|now)",
        r"(?:took|taken|taking|swallowed) (?:\w+ ){0,4}" + MEDS + r" (?:at once|in one go|all at once)",
        r"(?:took|taken|taking|swallowed|had) (?:a |an |two |\w+ )?(?:weeks?|months?|days?)s? (?:worth|supply)",
        r"(?:took|taken|swallowed) (?:\w+ ){0,3}(?:bottle|packet|pack|box|strip)s? of",
    ), False),
    # A pet's emergency is the vet's: "my cat had a seizure".
    "animal": ((r"(?:my|our|the|his|her) (?:dog|cat|puppy|kitten|pet|horse|rabbit|hamster|parrot|budgie)s?", r"(?:dog|cat|puppy|kitten)s? (?:has|had|is|ate|swallowed)"), False),
    "overdose_word": ((r"overdos\w*", r"od", r"oded", r"(?:i|ive|he|she|hes|shes|just|accidentally|nearly) odd"), False),
    # Taking one's tablets the usual way is not an overdose.
    "as_usual": ((
        r"as (?:usual|normal|prescribed|directed|always)", r"like (?:normal|usual|i always do|every day)", r"with (?:my )?(?:breakfast|dinner|lunch|food)",
        r"every (?:morning|evening|day|night)", r"each (?:morning|evening|day|night)", r"(?:a|per) day", r"daily",
    ), False),
    # ---------------------------------------------------------------- emergency
    "chest_pain": ((
        r"chest (?:\w+ ){0,4}(?:pain|pains|hurts?|hurting|ache|aches|aching|tight|tightness|pressure|heavy|heaviness|crushing|crushed|squashed|squeez\w*|burning|discomfort|on fire)",
        r"(?:pain|pains|ache|aching|pressure|tightness|tight|heaviness|heavy|squeez\w*|crushing|crush|weight|elephant|band|vice|discomfort) (?:\w+ ){0,5}(?:chest|breastbone|sternum)",
        r"(?:clutch|grip|grabb|grab|clasp|hold)\w* (?:at )?(?:his|her|my|their|the) chest",
        r"(?:having|is having|hes having|shes having|im having|think (?:\w+ ){0,3}|is this|is it|could this be|might be|just had) (?:a )?heart attack",
        r"heart attack (?:right now|now|symptoms now)", r"cardiac arrest",
        r"(?:think|worried|scared|afraid|maybe|might have|may have|could have) (?:\w+ ){0,3}(?:has |have )?(?:just )?had (?:a )?heart attack",
        r"(?:has|have|hes|shes) just had (?:a )?heart attack",
    ), True),
    "ache": ((r"ache\w*", r"aching", r"pain", r"pains", r"hurts?", r"numb\w*", r"heavy", r"heaviness", r"tight\w*", r"pressure", r"tingl\w*"), True),
    "ha_site": ((r"(?:left )?arms?", r"jaw", r"shoulders?", r"neck", r"(?:my|his|her|the|upper) back", r"tummy", r"stomach", r"upper belly"), False),
    "autonomic": ((r"sweat\w*", r"clammy", r"drenched", r"grey", r"gray", r"ashen", r"pale and", r"diaphoretic", r"perspir\w*"), True),
    "breathing": ((
        r"(?:cant|cannot|couldnt|unable to|struggling to|struggles to|struggled to|fighting to|battling to|barely) (?:\w+ )?(?:breathe|breath|breathing|get (?:my|his|her|a|their|any) breath|catch (?:my|his|her|their) breath|get (?:any |enough )?air)",
        r"(?:gasping|fighting|struggling|desperate|gulping) for (?:air|breath)", r"(?:hardly|barely) (?:breathe|breath|breathing)",
        r"gasping(?! for (?:a )?(?:cuppa|coffee|tea|drink|pint))", r"catch a breath", r"(?:chest|ribs) (?:is |are )?(?:heaving|sucking in)", r"not breathing", r"stopped breathing",
        r"isnt breathing", r"(?:lips|lip|face|tongue|mouth) (?:\w+ ){0,2}(?:blue|grey|gray)", r"turning blue", r"blue (?:\w+ ){0,2}(?:lips|mouth|face)",
        r"(?:cant|cannot|couldnt) (?:finish|complete|say) (?:a |his |her |my )?(?:sentence|sentences|words)",
        r"choking", r"choked", r"chokes", r"choke",
    ), True),
    "breathless": ((
        r"breathless\w*", r"short of breath", r"shortness of breath", r"out of breath", r"wheez\w*", r"panting", r"puffing",
        r"(?:trouble|difficulty|problems|hard to|hard) (?:\w+ )?(?:breathing|breathe|breath)",
        r"breathing (?:is |has been )?(?:really |very |so )?(?:bad|awful|terrible|laboured|labored|noisy|rattly|shallow)", r"suffocat\w*",
        r"breathing (?:very |really |so )?(?:fast|quickly|rapidly|hard|heavily|funny|strangely|noisily)",
    ), True),
    "severity": ((
        r"(?:cant|cannot|couldnt) (?:talk|speak|lie down|lie flat|sleep|finish|cry|cough|walk)", r"sitting still", r"at rest",
        r"(?:can )?(?:barely|hardly) (?:talk|speak|walk|move|stand|say)", r"ribs", r"sucking in",
        r"even (?:sitting|lying|resting)", r"all of a sudden", r"sudden(?:ly)?", r"getting worse", r"tonight", r"right now",
        r"blue", r"worst", r"very bad", r"really bad", r"severe\w*", r"at all",
    ), False),
    "allergy": ((
        r"anaphyla\w*", r"allergic", r"allergy", r"hives", r"stung", r"sting", r"bee", r"wasp", r"nuts?", r"peanuts?",
        r"cashews?", r"almonds?", r"walnuts?", r"hazelnuts?", r"pistachios?", r"pecans?", r"sesame", r"prawns?", r"shrimp", r"latex",
        r"contrast", r"dye", r"antibiotics?", r"amoxicillin", r"hummus", r"after eating",
        r"penicillin", r"penicilin", r"shellfish", r"epi-?pen", r"injection", r"jab", r"new (?:medicine|medication|tablets|drug)",
        r"(?:itch\w*|rash) (?:\w+ ){0,2}(?:all over|everywhere|spreading|whole body)", r"whole body (?:is )?itch\w*",
    ), False),
    "swelling_airway": ((
        r"(?:lips?|tongue|throat|mouth) (?:\w+ ){0,2}(?:swell\w*|swollen|puff\w*|huge|thick|tight|closing|blow\w* up|ballooning)",
        r"throat (?:is |feels )?(?:closing|tight|swelling)", r"swelling (?:of|in) (?:my|his|her|the) (?:lips?|tongue|throat|mouth)",
        r"(?:eyes?|face) (?:\w+ ){0,2}swollen shut",
    ), True),
    "allergy_symptom": ((
        r"throat (?:\w+ ){0,2}(?:funny|itchy|scratchy|tight|closing|swollen|swelling|weird)", r"hives", r"(?:itch\w*|rash) (?:\w+ ){0,2}(?:all over|everywhere|spreading|whole body)",
        r"whole body (?:is )?itch\w*", r"(?:lips?|face|tongue|eyes?|mouth) (?:\w+ ){0,3}(?:swell\w*|swollen|puff\w*|tingl\w*|itch\w*|huge|thick|fat)",
        r"wheez\w*", r"dizzy", r"faint", r"light ?headed", r"vomit\w*", r"being sick", r"(?:voice|throat) (?:\w+ )?(?:hoarse|croaky|strange|weird|funny)", r"cough\w*",
        r"(?:hard|difficult|trouble) to (?:swallow|breathe)", r"blotch\w*", r"red (?:and )?(?:blotchy|raised) (?:skin|rash)",
    ), True),
    "swelling_face": ((
        r"(?:face|cheeks?|eyelids?|eyes) (?:\w+ ){0,3}(?:swell\w*|swollen|puff\w*|huge|blow\w* up|ballooning)",
        r"(?:lips?|mouth|tongue) (?:\w+ ){0,2}(?:tingl\w*|itch\w*)", r"hives",
        r"(?:cant|cannot|hard to|trouble|difficulty|struggling to|unable to) (?:swallow|swallowing)",
    ), True),
    "stroke": ((
        r"(?:face|smile|mouth|eye|eyelid|lip) (?:\w+ ){0,3}(?:droop\w*|wonky|lopsided|crooked|dropped|fallen|sagging|uneven|twisted|slipped)(?! when| as| at)",
        r"droop\w* (?:face|mouth|smile|on one side)", r"slurr\w*",
        r"(?:talking|speaking|saying) (?:\w+ )?(?:nonsense|gibberish|jibberish|rubbish|funny|strangely|weird|words wrong)",
        r"(?:cant|cannot|couldnt) (?:get (?:his|her|my|the) words out|find (?:his|her|my|the) words|speak properly|talk properly|understand (?:us|me|what))",
        NONSENSE,
        r"(?:one|left|right) side of (?:my|his|her|their|the) (?:face|body) (?:\w+ ){0,2}(?:numb|weak|droop\w*|dead|heavy|gone)",
        r"(?:cant|cannot|couldnt|wont|unable to) (?:lift|raise|move|grip|hold|feel) (?:\w+ ){0,2}(?:arm|leg|hand|cup|anything)",
        r"(?:cant|cannot|couldnt) see out of (?:one|my|his|her|the) (?:left |right )?eye", r"lost (?:the )?(?:sight|vision) in",
        r"sudden(?:ly)? (?:\w+ ){0,3}(?:blind|numb|weak|cant see|cant speak|cant walk|cant move)",
        r"(?:arm|leg|hand|face)s? (?:\w+ ){0,4}one side (?:\w+ ){0,3}(?:weak|numb|gone|heavy|droop\w*|limp|dead)",
        r"one side (?:of (?:her|his|my|their) body )?(?:is |has )?(?:gone |going )?(?:weak|numb|paralysed|paralyzed|dead|heavy|limp)",
        r"(?:having|is having|hes having|shes having|im having|having another|think (?:\w+ ){0,3}(?:is )?having|is this|is it|could this be|just had) (?:a )?(?:stroke|mini[- ]stroke|tia)(?! of)",
        r"(?:think|worried|scared|afraid|maybe|might have|may have|could have) (?:\w+ ){0,3}(?:has |have )?(?:just )?had (?:a )?(?:stroke|mini[- ]stroke)(?! of)",
        r"(?:has|have|hes|shes) just had (?:a )?(?:stroke|mini[- ]stroke)(?! of)",
    ), True),
    "face_droop": ((
        r"(?:face|smile|mouth|eye|eyelid|lip) (?:\w+ ){0,3}(?:droop\w*|wonky|lopsided|crooked|dropped|fallen|sagging|uneven|twisted|slipped|numb|funny)",
        r"droop\w*", r"one side of (?:my|his|her|their|the) (?:face|mouth)", r"(?:dribbl\w*|drool\w*) (?:\w+ ){0,3}(?:side|corner)",
    ), True),
    "limb_weak": ((
        r"(?:arm|arms|leg|legs|hand|side) (?:\w+ ){0,2}(?:weak|limp|numb|heavy|dead|floppy|useless|gave way|wont work|flop\w*)",
        r"(?:cant|cannot|couldnt|wont|unable to) (?:lift|raise|move|grip|hold|use) (?:\w+ ){0,2}(?:arm|arms|leg|hand|cup|anything)",
        r"lost (?:the )?use of (?:his|her|my|their) (?:\w+ )?(?:arm|leg|hand|side)",
        r"(?:weak|numb|weakness|numbness) (?:\w+ ){0,3}(?:one side|left side|right side|arm|leg)",
    ), True),
    "speech_problem": ((
        r"speech (?:\w+ ){0,3}(?:weird|strange|funny|slurred|garbled|jumbled|wrong|gone|odd|off|muddled|slow)", r"slurr\w*",
        r"(?:talking|speaking) (?:\w+ )?(?:nonsense|gibberish|jibberish|rubbish|funny|strangely|weird|oddly)",
        r"(?:cant|cannot|couldnt) (?:get (?:his|her|my|the) words out|find (?:his|her|my|the) words|speak (?:properly|clearly|at all)|talk (?:properly|clearly|at all))",
        r"(?:he|she|hes|shes) (?:cant|cannot|doesnt|does not) (?:understand|speak|talk)",
        r"words (?:\w+ ){0,2}(?:jumbled|muddled|wrong|mixed up|slurred)",
    ), True),
    "clinical_alarm": ((
        r"(?:query|suspected|possible|likely) (?:sepsis|stroke|mi|heart attack|anaphylaxis|meningitis|cardiac arrest|pe|overdose)",
        r"(?<=\?)(?:sepsis|stroke|mi|anaphylaxis|meningitis|overdose)",
        r"(?:left|right|one)[- ]sided (?:weakness|numbness|paralysis|facial droop)", r"dysphasia", r"aphasia", r"facial droop", r"hemipar\w*", r"hemipleg\w*",
        r"(?:sats|oxygen|o2|spo2) (?:\w+ ){0,2}(?:[5-8]\d|9[0-2])", r"gcs (?:of |is |was )?(?:[3-9]|1[0-3])", r"unrousable", r"(?:cant|wont|cannot) (?:be )?rous\w*",
        r"haemorrhag\w*", r"hemorrhag\w*", r"diaphoretic", r"(?:having|had) a (?:funny|strange|weird|bad) turn and", r"status epilepticus",
        r"fast (?:positive|\+ve|test positive)", r"post[- ]?ictal", r"(?:loss of consciousness|\bloc\b)", r"(?:rr|resp rate|resps) (?:of |is )?(?:[3-6]\d)",
        r"(?:hr|heart rate|pulse) (?:of |is )?(?:1[3-9]\d|2\d\d)", r"(?:bp|blood pressure) (?:of |is )?(?:[4-8]\d)/",
    ), True),
    "balance_vision": ((
        r"(?:cant|cannot|couldnt) (?:walk|stand) (?:straight|properly|up)", r"(?:blurred|blurry|double|lost) (?:his |her |my )?vision",
        r"(?:cant|cannot) see properly", r"(?:falling|veering|leaning) to one side", r"(?:lost|losing) (?:his|her|my) balance",
    ), True),
    "confusion": ((
        CONFUSED, r"disorientat\w*", r"disoriented", r"doesnt know where (?:she|he|they|i) (?:is|are|am)",
        NONSENSE, r"muddled", r"talking nonsense", r"doesnt recogni[sz]e", r"not (?:her|him|your|my)self", r"not with it",
        r"away with the fairies", r"doesnt know (?:who|what|where)",
    ), True),
    "sudden": ((
        r"suddenly", r"sudden", r"acutely", r"all of a sudden", r"since (?:this morning|lunch|last night|yesterday|an hour)",
        r"this morning", r"today", r"tonight", r"right now", r"was fine", r"new(?:ly)? (?:onset )?confus\w*", r"new onset", r"(?:hes|shes|he is|she is|theyre|they are|seems|gone|become|became|getting) (?:\w+ )?(?:very|really|so|all)",
    ), False),
    "collapse": ((
        r"collapsed", r"collapses", r"collapsing", r"keeled over", r"lost consciousness", r"losing consciousness",
        r"unconscious", r"unresponsive(?! to)", r"not responding(?! to)", r"not responsive(?! to)", r"wont respond(?! to)", r"doesnt respond(?! to)",
        r"isnt responding(?! to)", r"cant wake (?:him|her|them|up)", r"wont wake(?: up)?", r"not waking(?: up)?", r"isnt waking",
        r"wont come round", r"not coming round", r"slumped", r"(?:wont|not|isnt) answer(?:ing)? (?:us|me|when)",
        r"eyes (?:are )?(?:half open|rolled|rolling)", r"went limp", r"gone limp", r"floppy", r"(?:is|seems|feels|looks) (?:\w+ )?limp",
        r"(?:dropped|fell|slumped|collapsed|crumpled) (?:down )?(?:to|on|onto) the (?:floor|ground)",
        r"(?:isnt|is not|wont|hasnt been|not) (?:moving|stirring)(?! (?:my|his|her|the|it|them|fingers?|hands?|arms?|legs?))",
    ), True),
    # Fainting once and coming round is not an emergency; again and again, or with other signs, it is.
    "faint_event": ((r"passed out", r"passes out", r"passing out", r"fainted", r"fainting", r"faints", r"blacked out", r"blacking out", r"black out"), True),
    "faint_worse": ((
        r"twice", r"again", r"keep", r"keeps", r"several times", r"three times", r"(?:wont|not|isnt|hasnt|didnt) (?:\w+ )?(?:come round|come to|wake|waking|respond)",
        r"still (?:out|unconscious|not)", r"chest", r"heart", r"breath\w*", r"blood", r"bleed\w*", r"head", r"fit\w*", r"seizure", r"pulse",
        r"pregnant", r"grey", r"blue",
    ), False),
    "seizure": ((
        r"(?:having|is having|hes having|shes having|had|just had|has had|started having|another|in the middle of) (?:a |another |two |three )?(?:seizures?|siezures?|fits?)(?! (?:disorder|medication|meds|tablets|drugs|of))",
        r"(?:seizure|siezure|fit) (?:\w+ ){0,2}(?:isnt|wont|is not|not|hasnt|doesnt) stop\w*", r"(?:seizure|siezure|fit) (?:for|lasting) (?:\w+ )?(?:minutes|mins)",
        r"(?:seizures?|siezures?|fits) (?:\w+ )?(?:one after another|back to back|in a row|in an hour)", r"(?:is|hes|shes|keeps) (?:\w+ )?(?:seizing|seizeing)",
        r"convulsing", r"convulsions?", r"(?:is|hes|shes|started|keeps?|keeps on) fitting",
        r"(?:having|had|has|is having|another) (?:a )?fit(?! of)", r"(?:another|two|three|several|multiple|more|repeated) fits", r"fit (?:isnt|wont|is not|not) stop\w*", r"jerking",
        r"(?:been|was) fitting",
        r"shaking (?:all over|uncontrollably)", r"twitching all over", r"foaming", r"frothing", r"epileptic fit",
    ), True),
    "bleeding": ((
        r"(?:bleeding|bleed|bleeds|bled|blood) (?:\w+ ){0,4}(?:wont stop|will not stop|not stopping|isnt stopping|doesnt stop|cant stop|keeps coming|everywhere|pouring|gushing|spurting|pumping|through (?:\w+ ){0,2}(?:dressings?|bandages?|towels?|plasters?|gauze|pads?|clothes))",
        r"(?:heavy|heavily|severe|uncontrolled|uncontrollable|massive|a lot of|lots of|loads of|so much|huge amount of) (?:\w+ )?(?:bleeding|blood)",
        r"bleeding (?:heavily|badly|profusely|loads|a lot)", r"blood (?:is )?(?:pouring|gushing|spurting|pumping|streaming|everywhere)",
        r"(?:vomit\w*|throw\w* up|threw up|sick|cough\w* up|spit\w* up|spat up|spitting) (?:\w+ ){0,3}blood",
        r"blood in (?:my|his|her) (?:vomit|sick)", r"black tarry", r"lost (?:a lot of|lots of|so much|loads of) blood",
        r"soak\w* through (?:\w+ ){0,2}(?:dressings?|bandages?|towels?|plasters?|gauze|pads?)", r"(?:keeps|keep|still|wont stop) bleeding",
        r"black (?:\w+ )?(?:poo|poos|stool|stools|poop)",
        r"(?:cant|cannot|wont|couldnt) stop (?:the |it |him |her )?bleeding",
    ), True),
    "bleed_any": ((r"bleed\w*", r"bled", r"blood"), True),
    "child": ((CHILD,), False),
    "ingested": ((
        r"swallowed", r"swallow", r"ate", r"eaten", r"eating", r"drank", r"drunk", r"drinking", r"got into", r"got hold of",
        r"chewed", r"chewing", r"took", r"taken", r"has had", r"licked", r"sucked", r"missing", r"gone", r"emptied",
        r"empty", r"(?:bottle|packet|pot|tub|box) (?:\w+ ){0,2}open",
    ), True),
    "meds": ((MEDS,), False),
    "supplement": ((SUPPLEMENT,), False),
    "too_much": ((
        r"(?:took|taken|taking|swallowed|had|been taking) (?:about |around |like |maybe |over )?(?:[5-9]|\d{2,}|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|a dozen|double|twice|three times|too many|too much|a whole|the whole|an entire|loads|extra)",
        r"(?:double|triple|extra|wrong) (?:dose|doses|strength|pills|tablets|amount)", r"\d+ times (?:the|my|his|her) (?:dose|amount)",
        r"ten times (?:the|my|his|her) (?:dose|amount)", r"twice (?:a day|daily|today|over|by mistake) instead of once",
        r"(?:as well as|on top of) (?:today|yesterday|this mornings|last nights)",
        r"mixed up (?:his|her|my|their) (?:\w+ )?(?:pills|tablets|bottles|meds|medicines)",
        r"by mistake", r"accidentally", r"by accident", r"misread", r"instead of (?:his|her|my|their)", r"in one go",
        r"(?:given|gave|give|took|taken|had|has taken) (?:\w+ ){0,3}(?:twice|double|two doses|an extra dose|a second dose)",
        r"overdos\w*", r"\d+ (?:of (?:my|his|her|their) )?(?:\w+ )?(?:tablets|pills|capsules) (?:a day|in one go|at once)",
    ), False),
    # Many tablets at once, or days of them: an emergency whatever the tablets.
    "big_count": ((
        r"(?:took|taken|taking|swallowed|had|downed) (?:about |around |like |maybe |over |nearly |almost )?(?:[5-9]|\d{2,}|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|a dozen|a handful|a whole (?:pack|packet|box|bottle|strip|week)|the whole (?:pack|packet|box|bottle|strip)) (?:of )?(?:\w+ ){0,3}" + MEDS + r"(?! a day| daily| every| each| per| for (?:years|months|ages))",
        r"\d+ times (?:the|my|his|her) (?:dose|amount)", r"ten times (?:the|my|his|her) (?:dose|amount)",
        r"(?:took|taken|taking|swallowed|had) (?:a |an |two |\w+ )?(?:weeks?|months?|days?)s? (?:worth|supply)",
        r"(?:took|taken|taking|swallowed|had) (?:way )?too (?:many|much) (?:of )?(?:my |his |her )?(?:painkillers?|paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|codeine|co-?codamol|tramadol|morphine|oxycodone|insulin|sleeping (?:pills|tablets)|heart (?:pills|tablets)|blood thinners?|warfarin|pills|tablets|meds)",
        r"(?:[5-9]|\d{2,}) (?:\w+ )?(?:paracetamol|acetaminophen|tylenol|ibuprofen|painkillers|co-?codamol|codeine|tramadol|sleeping (?:pills|tablets)|tablets|pills) (?:today|tonight|this morning|in one go|at once|in an hour)",
    ), False),
    # Medicines whose extra dose needs advice the same day (supplements do not).
    "prescribed": ((
        r"(?:heart|blood pressure|bp|sleeping|diabetes|epilepsy|seizure|water|thyroid) (?:pills?|tablets?|meds|medicines?|medications?)",
        r"insulin", r"warfarin", r"blood thinners?", r"diltiazem", r"nifedipine", r"amlodipine", r"digoxin", r"metformin", r"gliclazide",
        r"morphine", r"oxycodone", r"codeine", r"tramadol", r"paracetamol", r"acetaminophen", r"methotrexate", r"lithium", r"opioids?",
        r"beta[- ]blockers?", r"sedatives?", r"antidepressants?", r"amitriptyline", r"sleeping (?:pills|tablets)", r"prednisolone", r"steroids?",
        r"calcitriol", r"alfacalcidol", r"colchicine", r"bisphosphonates?", r"sodium thiosulfate",
    ), False),
    "toxic_signs": ((
        CONFUSED, r"drowsy", r"sleepy", r"cant (?:stay|keep) awake", r"cant keep anything down", r"vomit\w*", r"being sick",
        r"throwing up", r"threw up", r"irregular", r"pulse",
        r"heart (?:\w+ ){0,2}(?:racing|jumping|skipping|pounding|fluttering|all over|beating (?:fast|strangely|oddly|irregularly)|going (?:really |very |so )?fast)",
        r"been sick", r"sick (?:all|three|twice|several|again)", r"barely conscious", r"hardly conscious", r"dizzy",
        r"shak(?:y|ing)", r"sweat(?:y|ing)", r"clammy", r"(?:very|so|really) (?:weak|pale|cold)", r"(?:cant|cannot|can barely|can hardly) (?:stand|get up|walk)",
        r"breathing (?:very |really )?slow(?:ly)?", r"slow breathing", r"pinpoint pupils", r"not (?:her|him|my)self", r"acting (?:strange|strangely|weird|oddly)",
        r"collaps\w*", r"fainted", r"passed out", r"unconscious", r"slurr\w*", r"faint", r"feel (?:awful|terrible|really ill|very ill)", r"slow", r"bruised", r"bleeding gums", r"gums (?:are )?bleeding", r"thirsty",
        r"muddled", NONSENSE, r"unwell",
    ), True),
    "severe_weakness": ((
        r"(?:cant|cannot|can barely|can hardly|unable to) (?:stand|get up|walk|lift (?:her|his|my) head)", r"(?:very|so|really|extremely) weak",
        r"(?:legs|body) (?:\w+ )?(?:gave way|gone to jelly)", r"too weak to",
    ), True),
    "persistent_vomiting": ((
        r"(?:cant|cannot|couldnt) keep (?:anything|any food|food|water|fluids|drinks?) down", r"(?:keeps|keep|kept) (?:on )?(?:being sick|vomiting|throwing up)",
        r"(?:vomiting|being sick|throwing up) (?:all|every|non ?stop|for (?:hours|two days|days|\w+ hours))", r"vomit\w* (?:\w+ ){0,2}(?:times|x\d)",
    ), True),
    "sleepy": ((r"drowsy", r"sleepy", r"cant (?:stay|keep) awake", r"hard to wake", r"very tired", r"(?:barely|hardly|semi|half) ?conscious", r"wont stay awake"), True),
    "fever": ((
        r"fever\w*", r"temperature", r"temp", r"burning (?:up|hot)", r"high temp\w*",
        r"37[.,][5-9]\s?(?:c|degrees)?", r"3[89](?:[.,]\d)?\s?(?:c|degrees)?", r"4[0-2](?:[.,]\d)?\s?(?:c|degrees)?", r"10[0-5](?:[.,]\d)?\s?(?:f|degrees)?",
    ), True),
    "high_fever": ((r"high (?:fever|temperature|temp)", r"(?:39|40|41|42)(?:[.,]\d)?", r"10[2-5](?:[.,]\d)?", r"burning (?:up|hot)"), True),
    "sepsis_signs": ((
        r"shiver\w*", r"rigors?", r"shaking", r"the shakes", r"mottled", r"blotchy", r"(?:purple|blue|grey) (?:\w+ ){0,2}skin",
        r"skin (?:\w+ ){0,3}(?:mottled|blotchy|purple|blue)", r"breathing (?:very |really )?(?:fast|quickly|rapidly)",
        r"not (?:passing|peeing|weeing) (?:urine|much|at all)", r"havent (?:passed urine|peed|weed)", r"drowsy",
        r"(?:unable to|cant|cannot|couldnt) (?:pass|passed) (?:any )?(?:urine|water)",
        CONFUSED, NONSENSE, r"vomit\w*", r"cold and clammy", r"sepsis", r"septic",
    ), True),
    "infection": ((r"infected", r"infection", r"cellulitis", r"abscess", r"septic", r"sepsis", r"gangren\w*", r"uti", r"pneumonia"), True),
    "sepsis_strong": ((
        r"drowsy", CONFUSED, NONSENSE, r"breathing (?:very |really |so )?(?:fast|quickly|rapidly)", r"mottled", r"blotchy",
        r"not (?:her|him|my)self", r"not with it", r"(?:really|very|extremely) (?:unwell|poorly|ill)", r"(?:cant|cannot) stop (?:shaking|shivering)",
        r"cold and clammy", r"cold to (?:the )?touch", r"not (?:passing|peeing|weeing) (?:urine|much|at all)", r"havent (?:passed urine|peed|weed)",
        r"shiver\w* (?:uncontrollably|all over|violently|and shaking)", r"rigors?", r"the shakes", r"shaking (?:uncontrollably|all over|violently)", r"cant (?:stay|keep) awake", r"very (?:sleepy|unwell|ill)",
        r"(?:purple|blue|grey) (?:\w+ ){0,2}skin", r"skin (?:\w+ ){0,3}(?:mottled|blotchy|purple|blue)",
    ), True),
    "non_blanching": ((
        r"(?:rash|spots|blotches|marks|dots) (?:\w+ ){0,3}(?:that |which )?(?:doesnt|does not|dont|do not|wont|will not|arent|isnt|not) (?:fade|fading|blanch\w*|go away when (?:pressed|i press))",
        r"non-?blanching",
        r"(?:rash|spots) (?:\w+ ){0,3}(?:doesnt|does not|dont|wont|not) (?:fade|go away|disappear) (?:\w+ ){0,4}(?:glass|press)",
        r"glass test", r"(?:press|pressed|pressing|roll|rolled) a glass",
    ), False),
    "red_streak": ((r"red (?:line|lines|streak|streaks)", r"red (?:\w+ )?right up to"), True),
    "head_injury": ((r"(?:hit|banged|bumped|knocked|smacked|cracked) (?:his|her|my|their) head", r"head injury", r"fell (?:\w+ ){0,3}head"), False),
    "anticoagulant": ((r"blood thinners?", r"warfarin", r"apixaban", r"rivaroxaban", r"edoxaban", r"dabigatran", r"anticoagula\w*", r"clopidogrel"), False),
    "headache": ((
        r"worst headache", r"thunderclap", r"sudden (?:\w+ ){0,2}headache", r"(?:blinding|explosive|excruciating) headache",
        r"head (?:\w+ ){0,3}(?:exploded|explode|exploding|explosion)",
        r"headache (?:\w+ ){0,6}(?:stiff neck|neck is stiff|light hurts|cant (?:stand|bear) (?:the )?light)",
        r"(?:stiff neck|neck is stiff) (?:\w+ ){0,6}(?:headache|light)",
    ), True),
    "palpitations": ((
        r"heart (?:\w+ ){0,2}(?:racing|pounding|skipping|jumping|fluttering|all over the place|beating (?:fast|strangely|oddly|irregularly)|going (?:really |very |so )?(?:fast|funny|crazy))",
        r"palpitations?", r"irregular (?:heart ?beat|pulse)", r"pulse (?:is |feels )?(?:\w+ )?(?:irregular|all over|racing|very fast|very slow)",
    ), True),
    "faint_feeling": ((r"feel (?:\w+ )?faint", r"(?:going|about|gonna) to (?:pass out|faint|black out)", r"light ?headed", r"dizzy"), True),
    "dying": ((r"(?:think|feel like|feels like|scared|afraid) (?:im|i am|hes|shes|he is|she is|theyre|they are|were) dying",
        r"(?:feel|feels|feeling) like (?:im|i am|hes|shes|he is|she is) (?:going to|gonna|about to) die", r"(?:im|i am|hes|shes|he is|she is) dying (?:please|help|call|right now|what do)"), False),
    # ---------------------------------------------------------------- urgent: see a doctor today
    "lump": ((LUMP,), False),
    "inflamed": ((
        r"red", r"redder", r"reddish", r"redness", r"pink", r"warm" + _NOT_WEATHER, r"hot" + _NOT_WEATHER, r"swollen", r"swelling",
        r"tender", r"throbbing", r"inflamed", r"angry", r"infected", r"infection", r"sore", r"painful", r"more pain\w*", r"hurts",
        r"hurting", r"cellulitis",
    ), True),
    "progressing": ((
        r"getting (?:\w+ )?(?:worse|bigger|redder|more|hotter|sorer|angrier|larger)", r"gone (?:\w+ )?(?:red|hot|swollen|pink|angry)",
        r"(?:has|have) (?:become|turned|got) (?:\w+ )?(?:red|hot|swollen|pink|sore|painful|angry|inflamed)", r"spread\w*", r"worse",
        r"every day", r"each day", r"by the (?:day|hour)", r"redder", r"bigger", r"more (?:red|painful|sore|swollen)",
        r"since (?:yesterday|this morning|last night|the weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\w+ days ago)",
        r"(?:no|hasnt got a|havent got a|doesnt have a|dont have a|without a|not got a|no sign of a?) ?(?:fever|temperature|temp)",
        r"all of a sudden", r"suddenly", r"(?:new|started) (?:\w+ )?(?:this|last) (?:morning|week|night)",
        r"now (?:\w+ )?(?:red|warm|hot|swollen|sore|painful|tender|pink|inflamed|angry)",
        r"(?:is|im|i am|she is|shes|he is|hes|feel|feels|seems|otherwise) (?:\w+ )?(?:fine|okay|ok|well|normal) (?:otherwise|in (?:my|him|her)self)",
        r"(?:her|his|my) normal self", r"well in (?:my|him|her)self",
    ), False),
    "infected_sign": ((
        r"red", r"redder", r"reddish", r"redness", r"pink", r"warm" + _NOT_WEATHER, r"hot" + _NOT_WEATHER, r"inflamed", r"angry",
        r"infected", r"infection", r"throbbing", r"cellulitis", r"swollen", r"puffy",
    ), True),
    "recent": ((
        r"now", r"since", r"today", r"this morning", r"tonight", r"yesterday", r"this week", r"last (?:week|night)", r"suddenly",
        r"all of a sudden", r"started", r"just", r"new", r"never (?:done|had|happened) (?:that|this|before)", r"first time",
    ), False),
    # Chalky white paste is what calcinosis lumps let out; pus, colour and smell are infection.
    "recent_or_progressing": ((
        r"now", r"since", r"today", r"this morning", r"tonight", r"yesterday", r"this week", r"last night", r"suddenly",
        r"all of a sudden", r"started", r"just", r"new", r"never (?:done|had|happened) (?:that|this|before)", r"first time", r"getting",
        r"spread\w*", r"worse", r"every day", r"each day", r"redder", r"bigger", r"otherwise", r"in (?:my|him|her)self", r"normal self",
        r"(?:no|not|hasnt|havent|doesnt|dont|without) (?:got |have |a |any )?(?:fever|temperature|temp)", r"gone", r"turned",
    ), False),
    "discharge": ((
        r"pus", r"pussy", r"green (?:stuff|gunk|fluid|liquid|discharge)", r"greenish", r"yellow (?:stuff|gunk|fluid|liquid|head|pus|discharge)",
        r"yellowish", r"smell\w*", r"stinks", r"foul", r"cloudy",
    ), True),
    "oozing": ((r"(?:oozing|oozes|leaking|leaks|weeping|discharge|fluid)(?! (?:\w+ ){0,2}(?:chalk\w*|white|paste|gritty|toothpaste|calcium))",), True),
    # A lump that has just opened (an event) or an open sore that is changing.
    "ulcer_event": ((
        r"opened up", r"broken open", r"burst open", r"split open", r"broke open", r"(?:has |had |just )?burst", r"ulcerated",
        r"opened (?:up )?into (?:a |an )?(?:sore|wound|ulcer|hole)",
        r"new sore", r"(?:skin|it) (?:has )?broken", r"brok\w* down", r"breaking down",
    ), True),
    "ulcer": ((r"open sore", r"open wound", r"ulcer\w*", r"wont heal", r"isnt healing", r"not healing", r"raw"), True),
    "ischaemia": ((
        r"(?:fingers?|fingertips?|toes?|thumb) (?:\w+ ){0,3}(?:white|pale|waxy|blue|purple|black|dark|cold)",
        r"(?:white|pale|waxy|blue|purple|black|dark) (?:\w+ ){0,2}(?:fingers?|fingertips?|toes?)",
    ), False),
    "necrosis": ((r"(?:turned|turning|gone|going|went) (?:\w+ )?(?:dark|black|purple)", r"(?:dark|black|purple) and (?:\w+ )?(?:painful|sore|cold)"), True),
    # A whole hand, foot, arm or leg suddenly cold and white (not a fingertip): the blood supply is cut off.
    "limb_ischaemia": ((
        r"(?:whole |entire )?(?:hand|foot|leg|arm) (?:\w+ ){0,3}(?:white|pale|blue|cold|mottled) (?:and |, ?)(?:\w+ ){0,2}(?:cold|numb|painful|white|pale|cant move|agony)",
        r"(?:cant|cannot) (?:move|feel) (?:my|his|her) (?:foot|leg|hand)(?: \w+){0,3} (?:and )?(?:it is|its|it's|is) (?:\w+ )?(?:white|cold|pale|blue)",
    ), True),
    "ischaemia_time": ((
        r"for ages", r"long time", r"(?:stayed|stays|staying) (?:\w+ ){0,2}(?:white|pale|cold|blue)", r"(?:wont|not|didnt|isnt) (?:come|coming) back",
        r"hours", r"more often", r"slow to (?:recover|come back)", r"still (?:white|pale|blue|black|cold)", r"turned black", r"gone black",
        r"took (?:ages|hours|a long time|forever)", r"(?:wont|not|didnt) (?:warm up|go back|come back)",
    ), False),
    "nerve": ((r"numb\w*", r"tingl\w*", r"pins and needles", r"lost (?:the )?feeling", r"cant feel"), True),
    "digit": ((r"fingers?", r"fingertips?", r"thumbs?", r"toes?", r"hand", r"hands", r"foot", r"feet"), False),
    "many_new": ((
        r"(?:\d+|three|four|five|six|seven|eight|nine|ten|twelve|a dozen|dozens|lots|loads|many|several|a bunch|a load|a few|bunch) (?:of )?(?:\w+ )?new (?:\w+ )?(?:lumps|bumps|deposits|nodules|spots)",
        r"new (?:\w+ )?(?:lumps|bumps|deposits|nodules|spots) (?:\w+ ){0,3}(?:popped|popping|appeared|appearing|keep|overnight|all over)",
        r"(?:lots|loads|several|many|\d+|a few|a bunch|heaps) (?:more|extra) (?:\w+ )?(?:lumps|bumps|deposits|nodules|spots)",
        r"(?:lumps|bumps|deposits|nodules) (?:\w+ ){0,2}(?:popping up|coming up|appearing) (?:everywhere|all over)",
    ), False),
    "quickly": ((r"this week", r"suddenly", r"overnight", r"days", r"popped up", r"woke up with", r"since (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|yesterday)", r"werent there", r"at once"), False),
    "pain": ((r"hurts?", r"hurting", r"sore", r"painful", r"pain", r"agony", r"tender"), True),
    "calciphylaxis_skin": ((r"(?:purple|dark|black|violet|mottled|net-?like|lacy|lace-?like|web-?like) (?:\w+ ){0,3}(?:patch|patches|skin|lesions?|areas?|marks?|rash|lumps?|nodules?|sores?)",), False),
    "kidney": ((r"dialysis", r"kidney failure", r"renal failure", r"kidneys? (?:have )?failed", r"ckd", r"kidney disease"), False),
    "mild_high_calcium": ((
        r"thirst\w*", r"tired\w*", r"constipat\w*", r"(?:weeing|peeing|urinating) (?:a lot|loads|all the time|more)",
        r"going to the (?:toilet|loo|bathroom) (?:a lot|loads|all the time)", r"tummy ache", r"aching bones", r"weak", r"nause\w*",
        r"off (?:her|his|my) food", r"not eating",
    ), True),
    # ---------------------------------------------------------------- cues: a word of the tier's world, which
    # the semantic check needs before it may raise a message to that tier (similarity alone is not enough)
    "cue_crisis": ((
        r"die", r"dying", r"dead", r"death", r"suicid\w*", r"kill\w*", r"end", r"ending", r"alive", r"live", r"living",
        r"life", r"wake", r"goodbyes?", r"bye", r"letters?", r"notes?", r"burden", r"better off", r"without me", r"disappear\w*",
        r"gone", r"pills?", r"tablets?", r"meds", r"overdos\w*", r"hurt\w*", r"cut\w*", r"harm\w*", r"worthless", r"hopeless",
        r"pointless", r"point", r"give up", r"giving up", r"go on", r"carry on", r"keep going", r"nothing left", r"over", r"last",
        r"final", r"peace", r"plan\w*", r"rope", r"bridge", r"jump\w*", r"sorry", r"forever", r"anymore", r"any more", r"here",
        r"around", r"exist\w*", r"unaliv\w*", r"kms", r"done", r"enough", r"blade", r"razor", r"bleed\w*", r"hate (?:my ?self|me)",
        r"nobody", r"no one", r"everyone", r"everybody", r"stash\w*", r"sav(?:e|ed|ing)", r"hoard\w*", r"away",
        r"ready", r"tired", r"reasons?", r"weight", r"drain", r"relieved", r"happier", r"easier", r"without", r"bother",
        r"alone", r"sleep", r"collect\w*", r"scratch\w*", r"pick\w*", r"hate", r"useless", r"vanish\w*", r"fight\w*",
        r"finished", r"letters?", r"cards?", r"will", r"funeral", r"affairs", r"notice", r"calm", r"decided", r"worth",
    ), True),
    "cue_emergency": ((
        r"chest", r"heart", r"breath\w*", r"air", r"blue", r"chok\w*", r"swallow\w*", r"swell\w*", r"swollen", r"puff\w*",
        r"lips?", r"tongue", r"throat", r"droop\w*", r"slurr\w*", r"speech", r"words", r"weak", r"numb", r"collaps\w*",
        r"faint\w*", r"pass(?:ed|ing)? out", r"black(?:ed|ing)? out", r"unconscious", r"wake", r"respond\w*", r"seizures?",
        r"fits?", r"fitting", r"jerk\w*", r"shak\w*", r"bleed\w*", r"bled", r"blood\w*", r"ate", r"eaten", r"drank", r"drunk",
        r"pills?", r"tablets?", r"overdos\w*", r"doses?", r"confus\w*", r"drowsy", r"sleepy", r"vomit\w*", r"sick", r"fever\w*",
        r"temp\w*", r"shiver\w*", r"rash", r"headache", r"head", r"pulse", r"dizzy", r"ambulance", r"emergency", r"help",
        r"999", r"911", r"112", r"allerg\w*", r"sting", r"stung", r"wheez\w*", r"gasp\w*", r"clammy", r"sweat\w*", r"pale",
        r"floor", r"fell", r"fall", r"stroke", r"attack", r"dying", r"poison\w*", r"bleach", r"battery", r"sepsis", r"septic",
        r"face", r"arms?", r"legs?", r"speech", r"grey", r"gray", r"purple", r"blotch\w*", r"mottled", r"cold", r"limp", r"floppy",
        r"stiff", r"jerk\w*", r"twitch\w*", r"nuts?", r"peanuts?", r"ambulance", r"999", r"911", r"112", r"blue", r"lips?",
        r"tongue", r"throat", r"swallow\w*", r"choke\w*", r"drowsy", r"sleepy", r"confus\w*", r"muddled", r"pulse", r"heart\w*",
        r"gasp\w*", r"wheez\w*", r"rash", r"glass", r"fever\w*", r"shiver\w*", r"vomit\w*", r"collaps\w*", r"wake",
    ), True),
    "cue_urgent": ((
        r"red\w*", r"warm", r"hot", r"swollen", r"swelling", r"sore", r"tender", r"pus", r"ooz\w*", r"leak\w*", r"weep\w*",
        r"open\w*", r"ulcer\w*", r"numb\w*", r"tingl\w*", r"white", r"pale", r"dark", r"black", r"purple", r"new", r"thirst\w*",
        r"infect\w*", r"fever\w*", r"temp\w*", r"spread\w*", r"burst", r"broke\w*", r"smell\w*", r"throbb\w*", r"painful",
    ), True),
    # ---------------------------------------------------------------- sadness without danger: a kind line
    # Words of feeling only: "down" (cut down on), "alone" (can calcium alone...), "failure"
    # (kidney failure), "stare" and "cope" alone also name things and put a condolence
    # before a plain question.
    "sad": ((
        r"sad", r"sadder", r"upset", r"cry", r"cried", r"crying", r"tears", r"lonely", r"all alone", r"isolated",
        r"embarrass\w*", r"ashamed", r"shame", r"self-?conscious", r"ugly", r"hate (?:how|the way|what) (?:\w+ ){0,2}look",
        r"hate (?:my|these|the) (?:\w+ )?(?:hands|skin|lumps|body|arms|legs|fingers)", r"fed up", r"sick of", r"worn out", r"exhausted",
        r"miss (?:my|her|him|the way|being)", r"let (?:\w+ ){0,2}down", r"wits end", r"griev\w*", r"depress\w*", r"anxious", r"anxiety",
        r"scared", r"frightened", r"teased", r"bullied", r"mocked", r"feel bad", r"guilty", r"frustrat\w*",
        r"hopeless", r"struggling", r"cant cope", r"heartbroken", r"miserable", r"nobody understands", r"no one understands",
        r"tired of", r"got me down", r"gets me down", r"feel (?:so |really )?(?:low|awful|rubbish)",
        r"overwhelm\w*", r"devastat\w*", r"gutted", r"breaks? my heart", r"(?:its|it is) (?:just )?(?:a lot|too much)",
        r"hard to (?:cope|deal|accept|live)", r"freak", r"monster", r"disgusting", r"gross", r"hideous", r"insecure", r"confidence",
        r"hide (?:my|them|it|away)", r"dread\w*", r"nervous", r"terrified", r"upsetting", r"lonel\w*", r"left out",
        r"no one (?:gets|cares)", r"nobody (?:gets|cares)", r"fed up", r"can(?:no)?t (?:stand|bear) (?:the way|how|looking)",
        r"weird (?:kid|one|girl|boy)", r"people (?:stare|look|laugh|point)", r"(?:laugh|laughed|laughing) at (?:me|him|her)",
        r"(?:miss|missing) (?:my|the) (?:old|normal)", r"(?:used to|cant) (?:love|enjoy|play|wear|go|do)", r"lost (?:my|all my)",
        r"worn down", r"at my wits", r"(?:at )?the end of my (?:tether|rope)", r"hopeless\w*", r"useless", r"worthless",
    ), True),
}


@dataclass(frozen=True)
class Rule:
    """A tier reached when every concept occurs within ``window`` words; ``guards`` can call it off."""

    name: str
    tier: Tier
    concepts: tuple[str, ...]
    window: int = 12
    guards: frozenset[Guard] = frozenset({"past", "chronic", "hypothetical", "general"})
    unless: tuple[str, ...] = ()  # concepts that, within the window, call the rule off


_ALL: frozenset[Guard] = frozenset({"past", "chronic", "hypothetical", "general"})
_PAST_ONLY: frozenset[Guard] = frozenset({"past"})
_NOT_GENERAL: frozenset[Guard] = frozenset({"past", "general"})
_NONE: frozenset[Guard] = frozenset()


def _r(
    name: str, tier: Tier, *concepts: str, window: int = 12, guards: frozenset[Guard] | None = None,
    unless: tuple[str, ...] | None = None,
) -> Rule:
    """A rule; emergencies are called off for a pet ("my cat had a seizure") unless told otherwise."""
    if unless is None:
        unless = ("animal",) if tier == "emergency" else ()
    return Rule(name, tier, concepts, window, guards if guards is not None else _ALL, unless)


# Crisis rules ignore the general-question guard on purpose: "how many of my tablets
# would it take to not wake up" is a question and a crisis.
RULES: tuple[Rule, ...] = (
    _r("suicidal thoughts", "crisis", "suicide", guards=_NOT_GENERAL),
    _r("wish to kill oneself", "crisis", "kill_self", guards=_PAST_ONLY),
    _r("wish to die or not to wake", "crisis", "death_wish", guards=_PAST_ONLY),
    _r("feeling a burden", "crisis", "burden", guards=_PAST_ONLY),
    _r("hopelessness", "crisis", "hopeless", guards=_PAST_ONLY),
    _r("goodbyes or giving things away", "crisis", "farewell", guards=_PAST_ONLY, unless=("practical_reason",)),
    _r("settling affairs", "crisis", "settling", "settling", window=40, guards=_PAST_ONLY),
    _r("settling affairs", "crisis", "settling", "sudden_calm", window=40, guards=_PAST_ONLY),
    _r("means or plan", "crisis", "method", guards=_NONE),
    _r("means or plan", "crisis", "lethal_question", guards=_NOT_GENERAL),
    _r("self-harm", "crisis", "self_harm", guards=_PAST_ONLY),
    _r("overdose on purpose", "crisis", "on_purpose", "take_all", window=16, guards=_PAST_ONLY),
    _r("overdose on purpose", "crisis", "took_overdose", window=20, guards=_PAST_ONLY, unless=("accidental", "as_usual")),
    # A child who swallowed a handful of tablets is poisoned, not in crisis: the emergency rules below.
    _r("overdose of all one's tablets", "crisis", "take_all", window=20, guards=_NOT_GENERAL,
       unless=("accidental", "as_usual", "child")),
    _r("overdose of all one's tablets", "crisis", "take_all", "on_purpose", window=20, guards=_NOT_GENERAL),
    _r("self-harm", "crisis", "harm_act", "harm_motive", window=10, guards=_PAST_ONLY),
    _r("overdose on purpose", "crisis", "on_purpose", "meds", window=10, guards=_PAST_ONLY),
    _r("chest pain", "emergency", "chest_pain"),
    _r("heart attack signs", "emergency", "ha_site", "ache", "autonomic", window=20),
    _r("breathing", "emergency", "breathing"),
    _r("breathing", "emergency", "breathless", "severity", window=12),
    _r("anaphylaxis", "emergency", "swelling_airway"),
    _r("anaphylaxis", "emergency", "swelling_face", "allergy", window=25),
    _r("anaphylaxis", "emergency", "allergy", "allergy_symptom", "allergy_symptom", window=25),
    _r("anaphylaxis", "emergency", "swelling_face", "breathless", window=25),
    _r("anaphylaxis", "emergency", "swelling_face", "breathing", window=25),
    _r("anaphylaxis", "emergency", "allergy", "faint_feeling", window=20),
    _r("anaphylaxis", "emergency", "allergy", "breathless", window=20),
    _r("stroke signs", "emergency", "stroke"),
    _r("stroke signs", "emergency", "face_droop", "limb_weak", window=25),
    _r("stroke signs", "emergency", "face_droop", "speech_problem", window=25),
    _r("stroke signs", "emergency", "speech_problem", "limb_weak", window=25),
    _r("stroke signs", "emergency", "speech_problem", "sudden", window=8),
    _r("stroke signs", "emergency", "confusion", "limb_weak", window=25),
    _r("stroke signs", "emergency", "balance_vision", "sudden", window=10),
    _r("sudden confusion", "emergency", "confusion", "sudden", window=8),
    _r("collapse", "emergency", "collapse"),
    _r("collapse", "emergency", "faint_event", "faint_worse", window=14),
    _r("seizure", "emergency", "seizure"),
    _r("heavy bleeding", "emergency", "bleeding"),
    _r("bleeding with faintness", "emergency", "bleed_any", "faint_feeling", window=12),
    _r("poisoning of a child", "emergency", "child", "ingested", "meds", window=16),
    _r("overdose", "emergency", "take_all", unless=("as_usual", "animal")),
    _r("overdose", "emergency", "overdose_word"),
    _r("overdose", "emergency", "too_much", "meds", "toxic_signs", window=40),
    _r("overdose", "emergency", "big_count"),
    _r("extra dose of a medicine", "urgent", "too_much", "prescribed", window=8),
    _r("hypercalcaemia crisis", "emergency", "supplement", "toxic_signs", "sleepy", window=40),
    _r("hypercalcaemia crisis", "emergency", "supplement", "confusion", window=40),
    _r("hypercalcaemia crisis", "emergency", "supplement", "palpitations", window=40),
    _r("sepsis signs", "emergency", "non_blanching"),
    _r("sepsis signs", "emergency", "fever", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "infection", "sepsis_strong", window=30),
    # A sign of a local infection with the whole body unwell is sepsis until shown otherwise.
    _r("sepsis signs", "emergency", "infected_sign", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "discharge", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "ulcer_event", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "ulcer", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "infected_sign", "high_fever", window=30),
    _r("hypercalcaemia crisis", "emergency", "supplement", "persistent_vomiting", window=40),
    _r("hypercalcaemia crisis", "emergency", "supplement", "severe_weakness", window=40),
    _r("sepsis signs", "emergency", "calciphylaxis_skin", "sepsis_strong", window=30),
    _r("a cold, white limb", "emergency", "limb_ischaemia"),
    _r("sepsis signs", "emergency", "high_fever", "inflamed", window=30),
    _r("sepsis signs", "emergency", "high_fever", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "red_streak", "sepsis_signs", window=30),
    _r("sepsis signs", "emergency", "red_streak", "fever", window=30),
    _r("head injury", "emergency", "head_injury", "anticoagulant", window=30),
    _r("head injury", "emergency", "head_injury", "toxic_signs", window=30),
    _r("sudden severe headache", "emergency", "headache"),
    _r("palpitations with faintness", "emergency", "palpitations", "faint_feeling", window=20),
    _r("palpitations with faintness", "emergency", "palpitations", "collapse", window=20),
    _r("feels like dying", "emergency", "dying"),
    _r("named emergency", "emergency", "clinical_alarm"),
    _r("infection around a lump", "urgent", "inflamed", "lump", "progressing", window=16),
    _r("infection around a lump", "urgent", "infected_sign", "infected_sign", "lump", "recent_or_progressing", window=10),
    _r("infection around a lump", "urgent", "inflamed", "fever", window=12),
    _r("discharge from a lump", "urgent", "discharge", "lump", window=12),
    _r("discharge from a lump", "urgent", "oozing", "infected_sign", window=12),
    _r("new ulcer", "urgent", "ulcer_event", "pain", window=16),
    _r("new ulcer", "urgent", "ulcer_event", "recent_or_progressing", window=16),
    _r("new ulcer", "urgent", "ulcer", "recent_or_progressing", window=16),
    _r("spreading redness", "urgent", "red_streak"),
    _r("poor circulation in a finger or toe", "urgent", "ischaemia", "ischaemia_time", window=20),
    _r("poor circulation in a finger or toe", "urgent", "digit", "necrosis", window=8),
    _r("pressure on a nerve", "urgent", "nerve", "digit", "recent", window=12),
    _r("many new lumps at once", "urgent", "many_new", "quickly", window=16),
    _r("possible calciphylaxis", "urgent", "calciphylaxis_skin", "kidney", "pain", window=30),
    _r("possible calciphylaxis", "urgent", "calciphylaxis_skin", "pain", window=8),
    _r("high calcium symptoms", "urgent", "supplement", "mild_high_calcium", "mild_high_calcium", window=30),
)

# ------------------------------------------------------------------ context

# Idioms that contain a concept's words but describe no danger; blanked before matching.
IDIOMS = re.compile(
    r"\b(?:"
    r"(?:nearly |almost |practically )?(?:gave|give|giving|gives) (?:me|him|her|us) a heart attack|(?:nearly|almost) had a heart attack"
    r"|(?:will|would|gonna|going to|d) (?:have|throw) (?:a )?fit|had a fit when|throw a fit|having kittens"
    r"|choked up|choke back|choking back|take (?:my|your) breath away|breathtaking|out of breath (?:from|after) (?:laughing|running|the stairs)"
    r"|dying to|(?:literally |actually |nearly |almost )?died (?:laughing|of laughter|lol|lmao|haha)|i (?:literally|actually|just) died|(?:lol|lmao|haha) i died"
    r"|dead on my feet|sick to death|bored to death|scared to death|worried sick"
    r"|(?:die|dying|died) of (?:embarrassment|shame|boredom|curiosity|laughter|laughing|cringe)|bleeding money|bleeding me dry|pain in the (?:neck|backside|arse|butt)"
    r"|killing me|kill for|could kill (?:him|her|them|you)|ill kill (?:him|her|them|you)|killed it|drop dead gorgeous"
    r"|break a leg|heart sank|jaw dropped|over the moon|at the end of my rope"
    r"|(?:nearly|almost|about|practically|could have|couldve|could of) (?:fainted|passed out|collapsed|died|choked|had a heart attack|had a stroke|had a fit|keeled over|blacked out)"
    r"|(?:embarrass\w*|mortified|ashamed|cringe\w*|awkward) (?:\w+ ){0,4}(?:wanted|want|could have|couldve|could) (?:to )?(?:die|died|disappear)"
    r"|wanted the (?:ground|floor|earth) to swallow me(?: up)?|(?:couldnt|cant|could not) (?:breathe|breath) (?:for|from|with) laugh\w*"
    r"|breathless with \w+|stroke of (?:luck|genius)|(?:chest|heart|stomach|throat) (?:\w+ ){0,2}(?:tightens|tightened|tight|closing up|closes up|closed up|flutters|fluttered|races|raced|pounds|pounded|sank|sinks) (?:\w+ ){0,2}(?:with|from) (?:anxiety|nerves|worry|fear|stress|dread|excitement|panic)"
    r"|(?:face|heart|stomach) (?:dropped|fell|sank)(?= when| as| at| the moment)"
    r"|gasping for (?:a )?(?:cuppa|coffee|tea|drink|pint)"
    r")\b"
)
# Every idiom above contains one of these, so a message without any skips that regex
# (a new idiom must bring its danger word here).
IDIOM_KEYS = (
    "heart", "fit", "kitten", "chok", "breath", "die", "dying", "dead", "death", "sick", "bleed", "pain", "kill", "break",
    "sank", "jaw", "moon", "rope", "faint", "passed out", "collaps", "swallow", "blacked", "keeled",
)
# Said in the sentence of a sign, these put it in the past.
PAST = re.compile(
    r"\b(?:\w+ (?:years?|months?|decades?) ago|years ago|months ago|ages ago|long ago|(?:a )?long time ago|\w+ed once|once before|"
    r"when (?:i|he|she|they|we) (?:was|were) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|\w+teen|little|young|small|a baby|a toddler|a kid|a child|a teenager|at school|in school|pregnant)|last (?:year|christmas|summer|winter|spring|autumn|fall|easter)"
    r"|in (?:19|20)\d\d|back in|when (?:i|he|she|they|we) (?:was|were) (?:a |younger|little|small|at|in|\d+)|as a (?:kid|child|teen|teenager|baby|student)"
    r"|in (?:my|his|her) (?:teens|twenties|youth|childhood)|years back|had (?:a |an )?\w+ once|once as|used to"
    r"|nothing since|none since|(?:hes|shes|im|theyre|were|i am|she is|he is) (?:fine|ok|okay|well|better|doing well|doing fine|recovered) now"
    r"|fully recovered|doing (?:well|fine|great|better) now|died (?:of|from|after|following)|passed (?:away|on)|passed (?:from|of)|in the summer|the other year|previously"
    r"|when (?:i|he|she|we) (?:was|were|got) (?:first )?diagnosed|at first|now (?:im|i am|hes|shes|were|they are|theyre) (?:fine|ok|okay|well|better|good|doing (?:well|fine|better|ok))"
    r"|in (?:my|his|her|their) (?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|\d0s)|during (?:lockdown|covid|the pandemic|(?:my|her) pregnancy)"
    r"|(?:been|was|is|were) (?:fine|ok|okay|alright|well|better) (?:ever )?since|(?:and|but) (?:was|is|were) (?:fine|ok|okay|alright|well) (?:after|afterwards|in the end)?"
    r"|before (?:i|he|she) (?:was|got) diagnosed|before (?:my|his|her|the) diagnosis|a while (?:back|ago)|some time ago|(?:the )?last time (?:i|he|she|we)"
    r"|at (?:my|his|her) \d+(?:st|nd|rd|th)|(?:he|she|i|they) (?:was|were) fine|(?:since|ever since) then"
    r"|when (?:my|his|her|our) (?:\w+ ){0,2}(?:was|were) (?:\w+ )?(?:a |an |little|young|small|baby|toddler|kid|child|teenager|\d+|at|in|pregnant|born)"
    r"|(?<!since )last (?:week|month)|earlier this year|back when|one time|(?<!at )(?<!of )once(?= *[,.?!]| *$)|(?<!that )(?<!this )(?<!ever )(?<!it )before(?= *[,.?!]| *$)"
    r"|survived|recovered|pulled through|made a (?:full )?recovery|(?:in|last) (?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|(?:in|at) (?:primary|secondary|high|middle|boarding) school|at uni(?:versity)?|in college|when (?:i|he|she) was at school"
    r"|(?:at|aged|age) \d+ (?:years)?|(?:\d+|two|three|four|five|six|ten) years? (?:back|before))\b"
)
# A long-standing pattern ("I get chest pain sometimes") is a question for a doctor, not an emergency.
CHRONIC = re.compile(
    r"\b(?:sometimes|occasionally|now and (?:then|again)|on and off|every so often|from time to time|every (?:winter|summer)"
    r"|for (?:years|months|ages|a long time)|all my life|always|(?:tends|tend) to|over (?:the )?(?:last |past )?(?:few )?(?:years|months)"
    r"|(?<!even )(?:when|whenever) (?:i|he|she) (?:exercise|exercises|walk|walks|climb|climbs|bend|bends|knock|knocks|lean|leans)"
    r"|(?<!even )(?:when|whenever|every time|each time) (?:i|im|he|hes|she|shes|we|they|you) (?:eat|eats|drink|drinks|get|gets|go|goes|have|has|take|takes|am|is|feel|feels|wake|wakes|stand|stands|sit|sits|lie|lies|touch|touches|wear|wears|see|sees|laugh|cough)"
    r"|in the (?:evenings|mornings|afternoons|night)|at night|most (?:days|nights|evenings)|dementia|alzheimers"
    r"|(?:gets?|goes|go) (?:a bit |really |very |quite |so )?(?:confused|breathless|dizzy|slurred|numb|wheezy|swollen|puffy|faint|tingly|muddled))\b"
)
# Said anywhere in the message, these close a past crisis ("when I was 16 I self-harmed; I'm 30 now and doing well").
RECOVERED = re.compile(
    r"\b(?:doing (?:well|fine|better|ok|okay|great|good)|(?:fine|better|well|happy|ok|okay|good) now|recovered|in a (?:good|better) place"
    r"|no longer|not since|havent since|never since|(?:years|months) clean|clean (?:for|since)|(?:its|thats|all) (?:behind me|in the past)|got help|had (?:therapy|counselling|help)"
    r"|much better|long (?:time )?ago|used to|these days|(?:now|today) (?:and|but) (?:happy|well|fine|ok|good)|happy and well"
    r"|(?:im|i am) (?:\d+|in my \w+) now|years ago|decades ago|as a (?:kid|child|teen|teenager|student|young \w+)"
    r"|when i was (?:younger|little|a (?:kid|child|teen|teenager)|at school|\d+|\w+teen)|(?:at|aged) \d+|in my (?:teens|twenties|thirties|youth)|growing up)\b"
)
# ...unless the message says it is happening now.
NOW = re.compile(
    r"\b(?:right now|just now|at the moment|currently|this minute|this second|(?:\d+|few|ten|twenty|thirty) (?:mins?|minutes?|hours?) ago"
    r"|(?:for|in) the (?:last|past) (?:\d+|few|ten|twenty|thirty|an?|half an?) (?:mins?|minutes?|hours?)|(?:\d+|an?) (?:mins?|minutes?|hours?) now"
    r"|an hour ago|tonight|this morning|this afternoon|this evening|today|again|keeps|happening now|is having|hes having|shes having"
    r"|still (?:bleeding|unconscious|not|fitting|shaking|confused|drowsy|vomiting|going|there|happening|out|swelling|spreading|blue|white)"
    r"|im having|having another|since (?:this morning|last night|yesterday|lunch)"
    r"|last night|wont stop|isnt stopping|not stopping|what do i do|what should i do now|please help|help me|help us"
    r"|getting (?:\w+ )?(?:worse|redder|bigger|hotter|sorer|more)|been (?:vomiting|sick|confused|drowsy|bleeding|fitting|unconscious|getting worse))\b"
)
# Before a sign in its sentence, these make it a hypothetical.
HYPOTHETICAL = re.compile(
    r"\b(?:what if|suppose|supposing|imagine|lets say|say (?:i|he|she|someone)|(?<!know )(?<!tell )(?<!sure )(?<!check )(?<!see )(?<!wonder )(?<!ask )if (?:i|my|he|she|they|a|an|the|one|it|you|your|someone|somebody|we|there|any|ever|someones)|in case|in advance"
    r"|would it|would (?:that|this) (?:be|mean)|what would|how would|should (?:i|we) (?:watch|look) out|for a (?:patient )?(?:leaflet|talk|project|essay|class)"
    r"|red flags?|warning signs?|how (?:do|can|would) (?:i|you|we) (?:know|tell)|when should|hypothetically|just curious|out of interest|in general"
    r"|ever be|could (?:it|they|these|this|that) ever|(?:worried|worry|worries|scared|afraid|frightened|concerned|nervous) (?:about|of|that)"
    r"|risks? of|chances? of|likely to|more likely|prevent|avoid|(?:can|could|does|do|will|would|might|may|is|are) (?:\w+ ){0,4}(?:cause|causes|give|lead to|trigger|increase|raise|result in|bring on|linked to|related to|connected to|a sign of|a symptom of|make|makes|mean|explain))\b"
)
# Anywhere in the message, these make every sign hypothetical.
HYPOTHETICAL_MESSAGE = re.compile(
    r"\b(?:just curious|out of interest|in advance|for a (?:patient )?leaflet|hypothetically|asking for a (?:project|class|essay|leaflet)"
    r"|(?:for|asking for) (?:a|my|our) (?:school |uni |university |college |work )?(?:project|class|essay|assignment|leaflet|presentation|homework|course)"
    r"|on (?:tv|telly|the news|the radio|youtube|tiktok)|in (?:a|the) (?:film|movie|show|book|programme|program|series|documentary))\b"
)
# Asking what to do now is a call for help, not a general question.
HELP_REQUEST = re.compile(r"\b(?:what now|what do (?:i|we) do|what should (?:i|we) do|advice|help|please|urgent|asap|quick)\b")
QUESTION_START = re.compile(
    r"(?:^|[.!?,;]\s*)(?:can|could|does|do|is|are|will|would|might|may|what|whats|how|hows|why|when|which|should|shall|are there|is there|any)\b"
)
# Someone in particular: a pronoun, "my son", "grandma's", or a person named first ("toddler swallowed...").
# "a child" or "someone" in a question is anyone: "could a child get sick from eating a tablet?"
PERSONAL = re.compile(
    rf"\b(?:i|im|ive|id|me|my|myself|mine|we|our|us|he|hes|him|his|himself|she|shes|her|hers|herself)\b"
    rf"|\b\d{{1,3}} ?(?:m|f|yo|y/o|year old|years old)\b|\b(?:nurse|carer|paramedic|doctor|gp|pharmacist|warden) here\b"
    rf"|\b(?:my|our|his|her|their) (?:\w+ )?{PERSON}\b|\b{PERSON}s\b|^(?:\w+ )?{PERSON}\b"
)
SENTENCE_END = re.compile(r"[.!?;\n]+|\s-\s")
NEGATOR = re.compile(rf"\b{NEGATORS}\W+(?:\w+\W+){{0,2}}$")
