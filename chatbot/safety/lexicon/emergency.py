"""The emergency concepts: the red flags of telephone triage (NHS 111, 911 dispatch cards).

Chest pain and heart-attack signs, breathing, anaphylaxis, stroke, collapse,
seizures, heavy bleeding, a child who swallowed something, an overdose,
hypercalcaemia, sepsis, a head injury, a sudden severe headache: worded the way
patients and relatives write them. Several concepts are signs that reach the
emergency tier only together (see ``rules``).
"""

from __future__ import annotations

from chatbot.safety.lexicon.fragments import CHILD, MEDS, SUPPLEMENT, Concepts

# "confused about the types" is a question, not a sign.
CONFUSED = r"(?:confus\w*|confussed)(?! (?:about|by|with|as to|between|why|what|how|which|when|if|over))"
# "he's not making sense" is a sign; "the leaflet is not making sense" is not.
NONSENSE = r"(?:(?:hes|shes|he is|she is|theyre|they are|im|i am|hes just|shes just|and|but|now|keeps|kept|was|is) (?:\w+ )?not|isnt|wasnt) making (?:any )?sense"

EMERGENCY: Concepts = {
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
        r"(?:gasping|fighting|struggling|desperate|gulping) for (?:air|breath)", r"(?:getting|becoming|its getting|its|it is|now) (?:really |very |so )?(?:hard|difficult|harder) (?:for (?:me|him|her|them) )?to (?:breathe|breath|get (?:a|my|his|her) breath)", r"(?:hardly|barely) (?:breathe|breath|breathing)",
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
    # Signs of a reaction beyond the skin (airway, breathing, circulation, gut): with a trigger, anaphylaxis.
    "allergy_symptom": ((
        r"throat (?:\w+ ){0,2}(?:funny|itchy|scratchy|tight|closing|swollen|swelling|weird)",
        r"(?:lips?|face|tongue|eyes?|mouth) (?:\w+ ){0,3}(?:swell\w*|swollen|puff\w*|tingl\w*|itch\w*|huge|thick|fat)",
        r"wheez\w*", r"dizzy", r"faint", r"light ?headed", r"vomit\w*", r"being sick", r"(?:voice|throat) (?:\w+ )?(?:hoarse|croaky|strange|weird|funny)", r"cough\w*",
        r"(?:hard|difficult|trouble) to (?:swallow|breathe)",
    ), True),
    # Skin signs alone (hives, an itchy rash all over): an allergic reaction to see a doctor about today,
    # an emergency only with a sign beyond the skin.
    "allergy_skin": ((
        r"hives", r"welts", r"(?:itch\w*|rash) (?:\w+ ){0,2}(?:all over|everywhere|spreading|whole body)", r"whole body (?:is )?itch\w*",
        r"blotch\w*", r"red (?:and )?(?:blotchy|raised) (?:skin|rash)",
    ), True),
    "swelling_face": ((
        r"(?:face|cheeks?|eyelids?|eyes) (?:\w+ ){0,3}(?:swell\w*|swollen|puff\w*|huge|blow\w* up|ballooning)",
        r"(?:lips?|mouth|tongue) (?:\w+ ){0,2}(?:tingl\w*|itch\w*)",
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
        r"unconscious", r"unresponsive(?! to)", r"(?:barely|hardly|only just|not really) (?:responding|responsive|conscious|rousable)(?! to)", r"not responding(?! to)", r"not responsive(?! to)", r"wont respond(?! to)", r"doesnt respond(?! to)",
        r"isnt responding(?! to)", r"(?:cant|cannot|couldnt) get (?:a word|any sense|a response|a reaction|anything) out of (?:him|her|them)", r"cant wake (?:him|her|them|up)", r"wont wake(?: up)?", r"not waking(?: up)?", r"isnt waking",
        r"wont come round", r"not coming round", r"slumped", r"(?:wont|not|isnt) answer(?:ing)? (?:us|me|when)",
        r"eyes (?:are )?(?:half open|rolled|rolling)", r"went limp", r"gone limp", r"floppy", r"(?:is|seems|feels|looks) (?:\w+ )?limp",
        r"(?:dropped|fell|slumped|collapsed|crumpled) (?:down )?(?:to|on|onto) the (?:floor|ground)",
        r"(?:isnt|is not|wont|hasnt been|not) (?:moving|stirring)(?! (?:my|his|her|the|it|them|fingers?|hands?|arms?|legs?))",
    ), True),
    # Fainting once and coming round is not an emergency; again and again, or with other signs, it is.
    "faint_event": ((r"passed out", r"passes out", r"passing out", r"fainted", r"fainting", r"faints", r"blacked out", r"blacking out", r"black out"), True),
    "faint_worse": ((
        r"twice", r"again", r"keep", r"keeps", r"several times", r"three times", r"(?:wont|not|isnt|hasnt|didnt) (?:\w+ )?(?:come round|come to|wake|waking|respond)",
        r"still (?:out|unconscious|not)", r"chest", r"heart", r"breath\w*", r"bleed\w*", r"head", r"fit\w*", r"seizure", r"pulse",
        # Fainting at a blood test or at the sight of blood is a common faint, not a bleed.
        r"(?<!took )(?<!taking )(?<!takes )(?<!gave )(?<!giving )(?<!of )(?<!see )(?<!saw )(?<!seeing )blood(?! (?:test|tests|taken|draw|sample|samples|donation|pressure)\b)",
        r"pregnant", r"grey", r"blue",
    ), False),
    "seizure": ((
        r"(?:having|is having|hes having|shes having|had|just had|has had|started having|another|in the middle of) (?:a |another |two |three )?(?:seizures?|seizur|seizrue|siezures?|siezur|fits?)(?! (?:disorder|medication|meds|tablets|drugs|of))",
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
        r"(?:keeps|keep|kept|still) soaking (?:through|it)", r"(?:filled|filling|soaked|full) (?:up )?with blood", r"dripping (?:\w+ ){0,3}(?:on ?to|onto|on|all over) the floor", r"bleeding (?:a ?lot|so much|like mad)",
    ), True),
    "bleed_any": ((r"bleed\w*", r"bled", r"blood"), True),
    "child": ((CHILD,), False),
    "ingested": ((
        r"swallowed", r"swallow", r"ate", r"eaten", r"eating", r"drank", r"drunk", r"drinking", r"got into", r"got hold of",
        r"chewed", r"chewing", r"took", r"taken",
        # "has had some of my tablets", not "has had little white bumps since he was a baby"
        r"has had (?:some|a few|a couple|loads|lots|a lot|a handful|handfuls|\d+|one|two|three|four|five|several|all|most|half|the rest|a bottle|a packet|a tub|a box|his|her|my|your|some of)\b(?! (?:\w+ ){0,2}(?:bumps?|lumps?|spots?|deposits?|nodules?|rash|marks?|patch(?:es)?)\b)",
        r"licked", r"sucked", r"missing", r"gone", r"emptied",
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
        r"fever\w*", r"temperature(?! (?:is|was|s|has been|seems) (?:\w+ )?(?:normal|fine|ok|okay|down|good))", r"temp(?! (?:is|was|s) (?:\w+ )?(?:normal|fine|ok|okay|down|good))", r"burning (?:up|hot)", r"high temp\w*",
        r"(?:shaking|shivering|shaky|trembling|freezing) (?:\w+ ){0,2}(?:chills|cold sweats?)", r"(?:chills|cold sweats?) (?:and|with) (?:shaking|shivering|rigors|sweats|sweating)",
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
        r"cold,? (?:and )?clammy", r"cold to (?:the )?touch", r"shaking (?:\w+ ){0,2}(?:high )?(?:fever|temperature)", r"not (?:passing|peeing|weeing) (?:urine|much|at all)", r"havent (?:passed urine|peed|weed)",
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
    # Potassium climbs when dialysis is missed: with heart or muscle signs it can stop the heart.
    "missed_dialysis": ((r"(?:missed|skipped|didnt go to|did not go to|havent been to|not been to) (?:\w+ ){0,3}dialysis", r"dialysis (?:\w+ ){0,2}(?:missed|skipped)"), False),
    "palpitations": ((
        r"heart (?:\w+ ){0,2}(?:racing|pounding|skipping|jumping|fluttering|all over the place|beating (?:fast|strangely|oddly|irregularly)|going (?:really |very |so )?(?:fast|funny|crazy))",
        r"palpitations?", r"irregular (?:heart ?beat|pulse)", r"pulse (?:is |feels )?(?:\w+ )?(?:irregular|all over|racing|very fast|very slow)",
    ), True),
    "faint_feeling": ((r"feel (?:\w+ )?faint", r"(?:going|about|gonna) to (?:pass out|faint|black out)", r"light ?headed", r"dizzy"), True),
    "dying": ((r"(?:think|feel like|feels like|scared|afraid) (?:im|i am|hes|shes|he is|she is|theyre|they are|were) dying",
        r"(?:feel|feels|feeling) like (?:im|i am|hes|shes|he is|she is) (?:going to|gonna|about to) die", r"(?:im|i am|hes|shes|he is|she is) dying (?:please|help|call|right now|what do)"), False),
}
