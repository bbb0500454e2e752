"""The context word lists: idioms blanked before matching, and what says a sign is past, a habit,
hypothetical, happening now, or about someone in particular.

A rule's match is called off when its sentence puts it in the past ("I had a
seizure as a kid"), makes it a habit ("my lips swell when I eat
strawberries") or a hypothetical ("what should I do if it bleeds?"), or when
the message is a question that names nobody ("can calcinosis cause
seizures?"); ``NOW`` and ``HELP_REQUEST`` say it is happening. Like the
concepts, every pattern here is bounded: no ``.*``.
"""

from __future__ import annotations

import re

from chatbot.safety.lexicon.fragments import NEGATORS, PERSON

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
    r"|for (?:years|months|ages|a long time)|all my life|all (?:his|her|their) li(?:fe|ves)|since (?:i|he|she|they) (?:was|were) (?:a baby|a toddler|little|small|born|young)|since birth|always|(?:tends|tend) to|over (?:the )?(?:last |past )?(?:few )?(?:years|months)"
    r"|(?<!even )(?:when|whenever) (?:i|he|she) (?:exercise|exercises|walk|walks|climb|climbs|bend|bends|knock|knocks|lean|leans)"
    r"|(?<!even )(?:when|whenever|every time|each time) (?:i|im|he|hes|she|shes|we|they|you) (?:eat|eats|drink|drinks|get|gets|go|goes|have|has|take|takes|am|is|feel|feels|wake|wakes|stand|stands|sit|sits|lie|lies|touch|touches|wear|wears|see|sees|laugh|cough)"
    r"|(?:when|whenever) (?:im|i am|hes|shes|its|it is|it gets|i get|he gets|she gets|they get) (?:\w+ )?(?:cold|hot|tired|stressed|anxious|nervous|upset|excited)"
    r"|in the (?:evenings|mornings|afternoons|night)|at night|most (?:days|nights|evenings)|dementia|alzheimers"
    r"|(?:gets?|goes|go) (?:a bit |really |very |quite |so )?(?:confused|breathless|dizzy|slurred|numb|wheezy|swollen|puffy|faint|tingly|muddled))\b"
)
# Said anywhere in the message, these close a past crisis ("when I was 16 I self-harmed; I'm 30 now and doing well").
RECOVERED = re.compile(
    r"\b(?:doing (?:well|fine|better|ok|okay|great|good)|(?:fine|better|well|happy|ok|okay|good) now|recovered|in a (?:good|better) place"
    r"|now (?:im|i am|hes|he is|shes|she is|were|theyre) (?:\w+ )?(?:well|fine|ok|okay|better|good|happy|stable|recovered)"
    r"|no longer|not since|havent since|never since|(?:years|months) clean|clean (?:for|since)|(?:its|thats|all) (?:behind me|in the past)|got help|had (?:therapy|counselling|help)"
    r"|much better|long (?:time )?ago|used to|these days|(?:now|today) (?:and|but) (?:happy|well|fine|ok|good)|happy and well"
    r"|(?:im|i am) (?:\d+|in my \w+) now|years ago|decades ago|as a (?:kid|child|teen|teenager|student|young \w+)"
    r"|when i was (?:younger|little|a (?:kid|child|teen|teenager)|at school|\d+|\w+teen)|(?:at|aged) \d+|in my (?:teens|twenties|thirties|youth)|growing up"
    # Asking what a past event did to the body: "I had an overdose in 2015, does that affect my kidneys?"
    r"|(?:does|did|could|can|would|might|will) (?:that|this) (?:have )?(?:affect\w*|caus\w*|damag\w*|explain\w*|mean|be why|lead|led|made|make|left|leave))\b"
)
# A crisis said in the present ("I used to cope but now I just want to die") is not history.
CRISIS_NOW = re.compile(
    r"\b(?:now|these days|lately|recently|at the moment|still)(?: i| im| i am)? (?:just |really |honestly |often |sometimes )?"
    r"(?:want|wanna|wish|keep (?:thinking|wanting)|cant stop|dont want|am (?:thinking|planning)|think about|thinking about|planning)\b"
)
# ...unless the message says it is happening now.
NOW = re.compile(
    r"\b(?:right now|just now|at the moment|currently|this minute|this second|(?:\d+|few|ten|twenty|thirty) (?:mins?|minutes?|hours?) ago"
    r"|(?:for|in) the (?:last|past) (?:\d+|few|ten|twenty|thirty|an?|half an?) (?:mins?|minutes?|hours?)|(?:\d+|an?) (?:mins?|minutes?|hours?) now"
    r"|an hour ago|tonight|this morning|this afternoon|this evening|today|(?<!myself )(?<!my self )(?<!normal )(?<!well )(?<!better )(?<!me )again|keeps|happening now|is having|hes having|shes having"
    r"|still (?:bleeding|unconscious|not|fitting|shaking|confused|drowsy|vomiting|going|there|happening|out|swelling|spreading|blue|white)"
    r"|im having|having another|since (?:this morning|last night|yesterday|lunch)"
    r"|(?:is|are|hes|shes|keeps) (?:still )?(?:fitting|seizing|convulsing|choking|unconscious|unresponsive|shaking all over|foaming|frothing|jerking)"
    r"|(?:throat|throats|lips|tongue|face) (?:is |are )?(?:\w+ )?(?:closing|swelling|puffing|puffin)(?: up)?"
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
    r"|(?:writing|doing|researching|preparing) (?:a|an|my|our) (?:\w+ )?(?:essay|assignment|article|report|paper|dissertation|thesis|leaflet|presentation|project|blog post)"
    r"|on (?:tv|telly|the news|the radio|youtube|tiktok)|in (?:a|the) (?:film|movie|show|book|programme|program|series|documentary)"
    # "what should I do if my child swallows a tablet": a present-tense "if" asks in advance.
    r"|(?:what|how) (?:should|do|would|can|must) (?:i|we|you) (?:do|react|respond|act|handle it) if (?:\w+ ){1,3}(?:swallows|eats|drinks|takes|gets|starts|stops|ever|bleeds|collapses|faints|chokes|falls|goes|turns|becomes|develops))\b"
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
    # A message that opens by telling what happened, its subject dropped as texts drop it
    # ("came out in hives since the new tablets", "been sick all night"), is about the writer.
    r"|^\W*(?:just |suddenly |now )?(?:been|got|came out|came up|woke up|started|took|taken|keep|kept|feeling|having|went|fell|broke out|coming out)\b"
)
SENTENCE_END = re.compile(r"[.!?;\n]+|\s-\s")
# A phrasing that opens with its own subject starts a new clause ("if it doesnt work im not going on"),
# unless the negator reports it ("I don't think he's having a stroke" stays negated).
NEW_CLAUSE = re.compile(r"(?:i|im|ive|ill|id|he|hes|she|shes|they|theyre|we|were)\b")
REPORTED = re.compile(r"\b(?:think|thinks|thought|believe|sure|say|says|saying|said|mean|like|that|know|feel|feels|reckon|suppose)\W+$")
# "I don't know how much longer I can go on", "not sure if...": the words after are not negated.
NEGATOR = re.compile(rf"\b{NEGATORS}(?! (?:know|sure|idea|wonder)\b)\W+(?:\w+\W+){{0,2}}$")
