"""Crisis signs that count only in pairs, and what calls a goodbye off.

Each alone is ordinary ("I've sorted my will", "look after the kids", "she
won't answer"); together, within a few sentences, they are the warning signs
crisis lines teach: settling affairs with a sudden calm, parting words and then
no answer, "if anything happens to me" from someone low, giving things away
because one will not need them, a medicine "used on oneself" (``rules`` pairs
them). ``practical_reason`` and ``practical_loss`` call a goodbye or a
giving-away off: the hands no longer manage the guitar, the rings no longer fit.
"""

from __future__ import annotations

from chatbot.safety.lexicon.fragments import MEDS, Concepts, alt


def _outgrown(*also_cannot: str) -> tuple[str, ...]:
    """Things given up because they no longer fit, the hands cannot use them, or for charity.

    Written once for both ``practical_reason`` and ``practical_loss``; ``also_cannot``
    adds what else the hands "cant" do for the concept that needs it ("grip", "open").
    """
    return (
        r"(?:dont|doesnt|didnt|no longer|wont) fit",
        r"(?:cant|couldnt|can no longer) " + alt("play", "use", "wear", "hold", "do", *also_cannot),
        r"to charity",
    )


CRISIS_PAIRS: Concepts = {
    # A goodbye or a giving-away with a practical reason ("had to", "because of my hands", "for now",
    # thanks for the help) is not a farewell.
    "practical_reason": ((
        r"had to", r"because (?:of )?(?:my|his|her|they|it|the|i)", *_outgrown(),
        # Moving somewhere named is a goodbye with a reason; "leaving for good" names nowhere.
        r"(?:moving|moved|move) (?:house|home|flat|abroad|to (?:a |another |the )?(?:new )?(?:city|town|country|flat|house|area|school|job|hospital))",
        r"for now", r"thanks? (?:you )?for (?:the|your|all the) (?:info|information|help|answers?|advice)",
    ), False),
    "settling": ((
        r"cancel\w* (?:all )?(?:my|the) (?:\w+ )?(?:appointments|phone|contract|subscriptions?|insurance|direct debits|gym|rent|lease)", r"cancel\w* everything (?:in|on|from) my (?:diary|calendar)",
        r"paid off (?:all )?(?:my|the) (?:\w+ ){0,2}(?:debts?|bills|loans?)", r"(?:sorted|sorting|sort) (?:out )?(?:all )?(?:my|the|his|her) (?:paperwork|finances|affairs|accounts|bills|will)",
        r"(?:made|written|wrote|updated|done|sorted|finished) (?:out )?(?:my|a) will", r"sold (?:\w+ ){0,2}(?:my|his|her) (?:stuff|things|car|belongings|furniture)",
        r"(?:made sure|sorted|arranged) (?:that )?(?:the|my) (?:cat|dog|pets?|kids|children) (?:\w+ ){0,3}(?:looked after|taken care of|cared for)",
        r"(?:make sure|ensure|promise) (?:\w+ ){0,3}(?:is|are|gets|get) (?:looked after|taken care of|cared for) (?:when|after|once) (?:im|i am|hes|he is|shes|she is|i have) gone",
        r"told (?:work|my boss|my manager|the office|school) (?:im|i am|i wont be|that im) not coming back", r"(?:nearly|almost|all|everything is|everythings) sorted",
        r"(?:everything|all) (?:is )?in order", r"(?:returned|gave back) (?:everything|all the things) i (?:borrowed|owed)",
        r"(?:gave|given|handed in) (?:my )?(?:notice|resignation)", r"quit my job", r"gave notice on (?:my|the) (?:flat|house|room|tenancy)",
        r"made (?:all the |the )?arrangements for (?:my|the|when)",
        r"gave (?:the|my) (?:cat|dog|pets?|kids) to", r"(?:just )?a few (?:more )?things (?:left )?to sort", r"(?:nearly|almost) done sorting",
    ), True),
    # Parting words, then no answer ("she texted 'I love you, look after the kids' and won't pick up").
    "parting_words": ((
        r"i love you", r"love you all", r"(?:look after|take care of) (?:the kids|the children|mum|mom|dad|my \w+|the dog|the cat|each other|yourselves)",
        r"(?:im|i am) (?:so )?sorry for everything", r"forgive me", r"goodbye", r"bye forever", r"said (?:bye|goodbye)", r"thank you for everything",
    ), True),
    "unreachable": ((
        r"(?:wont|isnt|not|doesnt|hasnt been|stopped|never) (?:answer\w*|repl\w*|picking up|pick up|respond\w*)(?! to (?:treatment|the|my messages about))",
        r"(?:phone|mobile) (?:is )?(?:off|switched off|dead|going (?:straight )?to voicemail)", r"(?:cant|cannot|couldnt) (?:reach|get hold of|contact|find) (?:him|her|them)",
    ), False),
    "contingency": ((
        r"if (?:anything|something) (?:happens|should happen|were to happen|happened) to (?:me|her|him)", r"(?:when|once|after) (?:im|i am|hes|shes|he is|she is) gone",
    ), False),
    "low_mood": ((
        r"(?:really|very|so|quite|been) (?:\w+ )?(?:low|down|depressed|withdrawn|flat|quiet)", r"depressed", r"not (?:her|him|my)self", r"withdrawn",
        r"hopeless", r"given up", r"stopped eating", r"not eating", r"not sleeping", r"crying all the time",
    ), True),
    # Reading up on overdoses or methods, and having the means at hand: the two together are a plan.
    "death_research": ((
        r"(?:reading|read|googl\w*|research\w*|looking|looked|searching|searched|watching|watched) (?:\w+ ){0,2}(?:about|up on|into|up) (?:\w+ )?(?:overdos\w*|ods|suicide|lethal doses?|fatal doses?|ways to die|how (?:people|you) die)",
    ), False),
    "have_means": ((
        r"(?:i have|ive got|i got|i still have|i keep|got) (?:the|my|all the|all my|enough|a stash of|a stockpile of|plenty of|loads of) (?:\w+ )?" + MEDS,
        MEDS + r" (?:are|is) (?:right )?(?:here|ready|next to me|beside me|in (?:my|the) (?:bag|drawer|room|pocket))",
    ), False),
    "use_on_self": ((r"(?:use|using|used|take|taking|try|trying) (?:it|them|those|these|that|all of (?:it|them)) on (?:my|him|her)self",), True),
    # Giving things away *because one will not need them*: the two together, within a sentence or two.
    "give_away": ((r"(?:gave|given|giving|give|gives|handed|handing|passed|passing|sold|selling|left) (?:\w+ ){0,6}(?:to|away|on|out)",), False),
    "no_need": ((
        r"(?:wont|will not|wouldnt|shant) (?:be )?need(?:ing)? (?:them|it|those|these|any of (?:it|them|this)|my \w+|anything|stuff|things)(?! (?:for|until|till|while|during|now that|since (?:the|my))\b)",
        r"(?:dont|do not) need (?:them|it|anything|any of (?:it|them)) (?:anymore|any more|where im going|after (?:this|tonight|today))",
        r"(?:no|wont have any|wont have a) use for (?:them|it|any of (?:it|them)) (?:anymore|any more|where im going|soon)",
    ), False),
    # Giving up things because the hands no longer manage them, or moving house, is loss, not farewell.
    "practical_loss": ((
        *_outgrown("grip", "manage", "open"),
        r"(?:now that|since) (?:my|the|i (?:had|have|got))", r"after (?:the|my) (?:operation|surgery|op)", r"mov(?:e|ing) (?:house|home|flat|abroad|out)",
        r"downsiz\w*", r"declutter\w*", r"(?:a|my) new one", r"replac\w*", r"upgrad\w*",
    ), False),
    "sudden_calm": ((
        r"(?:feel|feeling|felt) (?:so |really |strangely |oddly )?(?:calm|peaceful|at peace|relieved|light|settled)", r"(?:ready|at peace) now",
        r"for the first time in (?:years|ages|months)", r"seems? (?:very |so |strangely |oddly |really )?(?:calm|peaceful|at peace|settled)", r"(?:wont|will not|dont) need (?:\w+ ){0,3}(?:any more|anymore|again|after)", r"its time",
    ), False),
}
