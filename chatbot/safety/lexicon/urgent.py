"""The urgent concepts ("see a doctor today"): a lump that is getting infected, discharge, a new ulcer,
poor circulation in a finger or toe, pressure on a nerve, many new lumps at once, possible
calciphylaxis, mild symptoms of high calcium.
"""

from __future__ import annotations

from chatbot.safety.lexicon.fragments import LUMP, Concepts

# "hot weather" and "warm water" are not a sign of infection.
_NOT_WEATHER = r"(?! (?:weather|water|bath|baths|shower|showers|days?|summer|drinks?|tub|climate|countr\w+|sun|temperatures?|compress\w*|pack))"

URGENT: Concepts = {
    "lump": ((LUMP,), False),
    # Grown since a day or a week ago: a comparison with the past that says how it is now.
    "grown_since": ((
        r"(?:twice|double|three times|triple) (?:the|as|its) (?:size|big|large)", r"doubled in size",
        r"(?:bigger|larger|deeper|wider|worse) than (?:it was )?(?:last week|yesterday|a few days ago|the other day|on \w+day)",
        r"(?:came|come|popped|sprung|sprang|appeared|grew|grown) (?:up )?(?:in|over|within) (?:the last |the past )?(?:a |an |\d+ |one |two |three |few |a few |couple of |a couple of )?(?:days?|hours?|night|week)\b",
    ), False),
    # A lump that stops a child walking or a joint bending.
    "function_loss": ((
        r"limping", r"(?:cant|cannot|wont|doesnt|isnt|unable to) (?:walk|bend|straighten|put (?:any )?weight)(?: on it| it)?",
    ), False),
    # Vomiting that keeps the day's medicines from staying down.
    "cant_keep_down": ((
        r"(?:cant|cannot|couldnt|unable to|not able to) keep (?:\w+ ){0,3}down",
    ), True),
    # A surgical wound that has come open again (dehiscence): a doctor today, even without heavy bleeding.
    # A removal or an operation in the last days, then the place is inflamed: infection until shown otherwise.
    "recent_op": ((
        r"(?:taken out|taken off|removed|cut out|removal|surgery|operation|op|stitches|biopsy) (?:\w+ ){0,5}(?:last week|yesterday|days ago|a few days|this week|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|recently)",
        r"(?:last week|yesterday|days ago|a few days ago|this week|recently) (?:\w+ ){0,4}(?:taken out|taken off|removed|cut out|removal|surgery|operation|op|stitches|biopsy)",
    ), False),
    "wound_opened": ((
        # "could the wound split open if..." asks about the future: not a report.
        r"(?<!could the )(?<!could my )(?<!could his )(?<!could her )(?<!will the )(?<!will my )(?<!can the )(?<!can my )"
        r"(?<!might the )(?<!might my )(?<!would the )(?<!would my )"
        r"(?:wound|cut|incision|scar|stitches|op site|operation site|surgery site|where they (?:cut|removed|took)\w*(?: \w+){0,3}) "
        r"(?:(?!(?:not|never|hasnt|hadnt|didnt|isnt|wasnt|no|havent|hasn)\b)\w+ ){0,6}(?:split|splitting|burst|opened|opening|come open|came open|coming open|come apart|came apart|coming apart|popped open|pulled apart|gaping|gapes)",
        r"(?:stitches|sutures|staples) (?:\w+ ){0,2}(?:came out|come out|fell out|have come undone|came undone|burst|split|broke|snapped)",
    ), True),
    "inflamed": ((
        r"red", r"redder", r"reddish", r"redness", r"pink", r"warm" + _NOT_WEATHER, r"hot" + _NOT_WEATHER, r"swollen", r"swelling",
        r"tender", r"throbbing", r"inflamed", r"angry", r"infected", r"infection", r"sore", r"painful", r"more pain\w*", r"hurts",
        r"hurting", r"cellulitis",
    ), True),
    "progressing": ((
        r"getting (?:\w+ )?(?:worse|bigger|redder|more|hotter|sorer|angrier|larger)", r"gone (?:\w+ )?(?:red|hot|swollen|pink|angry)",
        r"(?:has|have) (?:become|turned|got) (?:\w+ )?(?:red|hot|swollen|pink|sore|painful|angry|inflamed)",
        # This concept is not negatable as a whole (it holds "no fever"), so its own words carry the negation.
        r"(?<!not )(?<!isnt )(?<!arent )(?<!hasnt )(?<!havent )(?<!wasnt )(?<!no )(?<!not any )(?<!doesnt seem to be )spread\w*", r"(?<!not )(?<!isnt )(?<!arent )(?<!hasnt )(?<!havent )(?<!wasnt )(?<!no )(?<!not any )(?<!doesnt seem to be )(?:any )?worse",
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
    # New, severe pain at a lump or a digit (not the usual ache): a doctor today.
    "severe_pain": ((
        r"(?:severe|excruciating|unbearable|agonising|agonizing|extreme|horrendous|intense|stabbing|shooting) (?:\w+ ){0,2}pain",
        r"pain (?:\w+ ){0,2}(?:is |has been )?(?:unbearable|excruciating|agonising|agonizing|horrendous)", r"in (?:absolute |total )?agony",
        r"worst pain", r"(?:screaming|crying|cant sleep|cant move it) (?:\w+ ){0,2}(?:with|from|because of) (?:the )?pain",
    ), True),
    "recent": ((
        r"now", r"since", r"today", r"sudden", r"this morning", r"tonight", r"yesterday", r"this week", r"last (?:week|night)", r"suddenly",
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
        r"pus", r"pussy", r"green\w* (?:stuff|gunk|gunge|goo|fluid|liquid|discharge|crust)", r"greenish", r"yellow\w* (?:stuff|gunk|gunge|goo|fluid|liquid|head|pus|discharge|crust)",
        # Not "yellowish" alone: the lumps themselves are "white or yellowish" (a yellowish fluid still counts).
        r"smell\w*", r"stinks", r"foul", r"cloudy",
    ), True),
    "oozing": ((r"(?:oozing|oozes|leaking|leaks|weeping|discharge|fluid)(?! (?:\w+ ){0,2}(?:chalk\w*|white|paste|gritty|toothpaste|calcium))",), True),
    # A lump that has just opened (an event) or an open sore that is changing.
    "ulcer_event": ((
        r"opened up", r"broken open", r"(?:has|have|had|just) opened(?! (?:my|the|a|an|his|her|its|their)\b)", r"burst open", r"split open", r"broke open", r"(?:has |had |just )?burst", r"ulcerated",
        r"opened (?:up )?into (?:a |an )?(?:sore|wound|ulcer|hole)",
        r"new (?:\w+ )?sore\b(?! (?:throat|back|head|eyes?|neck|muscles?))", r"(?:skin|it) (?:has )?broken", r"brok\w* down", r"breaking down",
        r"(?:starting|started|beginning|begun|begins) to break down",
    ), True),
    "ulcer": ((r"open sore", r"open wound", r"ulcer\w*", r"wont heal", r"isnt healing", r"not healing", r"raw"), True),
    "ischaemia": ((
        r"(?:fingers?|fingertips?|toes?|thumb) (?:\w+ ){0,3}(?:white|pale|waxy|blue|purple|black|dark|cold)",
        r"(?:white|pale|waxy|blue|purple|black|dark) (?:\w+ ){0,2}(?:fingers?|fingertips?|toes?)",
    ), False),
    "necrosis": ((
        r"(?:turned|turning|gone|going|went) (?:\w+ )?(?:dark|black|purple)", r"(?:dark|black|purple) and (?:\w+ )?(?:painful|sore|cold)",
        r"(?:black|dark purple) (?:spot|patch|area|mark|bit|dot)",
    ), True),
    # A whole hand, foot, arm or leg suddenly cold and white (not a fingertip): the blood supply is cut off.
    "limb_ischaemia": ((
        r"(?:whole |entire )?(?:hand|foot|leg|arm) (?:\w+ ){0,3}(?:white|pale|blue|cold|mottled)(?: and |, ?(?:and )?)(?:\w+ ){0,2}(?:cold|numb|painful|white|pale|cant move|cant feel|agony)",
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
}
