"""Cue words per tier and the words of sadness: concepts no rule uses.

A cue is a word of the tier's world, which the semantic check needs before it
may raise a message to that tier (similarity alone is not enough):
``cue_crisis``, ``cue_emergency``, ``cue_urgent``. ``sad`` marks a message that is
sad without danger, so its answer opens with a kind line.
"""

from __future__ import annotations

from chatbot.safety.lexicon.fragments import Concepts

# Cues: a word of the tier's world, which the semantic check needs before it may
# raise a message to that tier (similarity alone is not enough).
CUES: Concepts = {
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
        # Crisis words are often negated ("not wake up", "no reason to live"): a cue that starts with
        # its negator is not itself negated.
        r"(?:not|never|didnt|dont|wont|wouldnt|no longer|doesnt|cant|cannot|couldnt) (?:\w+ ){0,2}(?:wake|be here|be around|exist|need|hear|care|see|make it|matter|live|alive|go on|carry on|take|face|mind)",
        r"no (?:point|reason|future|hope|way out|one|use|more)", r"nothing (?:left|matters|to live)", r"empty", r"numb",
        r"trapped", r"escape", r"lighter", r"nails", r"punish\w*", r"heaven", r"signing off", r"innings", r"wish\w*", r"sick of",
        r"take it", r"(?:my|him|her|them)sel(?:f|ves)", r"look\w* after", r"happens to", r"might do", r"sea", r"river", r"train",
        r"heights?",
        # Indirect: a lethal amount, a car, a weapon, "it's time", "a good run", God taking them, being found.
        r"(?:large|big|lethal|fatal) amounts?", r"too many", r"wheel", r"steer\w*", r"brak\w*", r"crash\w*",
        r"lord", r"god", r"good run", r"(?:its|it is) time", r"shotgun", r"guns?", r"cartridges", r"ammo",
        r"finds? me", r"in time", r"fault", r"permanent\w*", r"welcome", r"garage", r"sorted",
        # The medicines people overdose on (not every tablet: "which tablets help the itch" is a question).
        r"painkillers?", r"paracetamol", r"co-?codamol", r"codeine", r"tramadol", r"morphine", r"oxycodone", r"opioids?",
        r"sleeping (?:pills|tablets)", r"antidepressants?", r"amitriptyline",
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
}

# Sadness without danger: a kind line.
# Words of feeling only: "down" (cut down on), "alone" (can calcium alone...), "failure"
# (kidney failure), "stare" and "cope" alone also name things and put a condolence
# before a plain question.
SAD: Concepts = {
    "sad": ((
        r"sad", r"sadder", r"upset\w*", r"cry", r"cried", r"crying", r"tears", r"lonely", r"all alone", r"isolated",
        r"embar+as+\w*", r"(?:feeling|feel|felt) (?:\w+ ){0,2}sorry for (?:my|him|her)self", r"(?:floor|ground|earth) to swallow me", r"(?:feeling|feel|felt|been|a bit|so|really) (?:\w+ )?(?:low|down)(?= about| today| lately| these days| again|\W*$| *[.!,])",
        r"(?:hate|hating) having (?:this|it|these|them)", r"judg(?:e|es|ed|ing) me", r"it (?:really )?sucks", r"(?:feel|look) (?:so |really )?old before my time", r"ashamed", r"shame", r"self[- ]?conscious", r"ugly", r"hate (?:how|the way|what) (?:\w+ ){0,2}look",
        r"hate (?:my|these|the) (?:\w+ )?(?:hands|skin|lumps|body|arms|legs|fingers)",
        r"hate (?:looking in|seeing|being seen|going out|my reflection|the mirror|photos|mirrors)", r"fed up", r"sick of", r"worn out", r"exhausted",
        r"miss (?:my|her|him|the way|being)", r"let (?:\w+ ){0,2}down", r"wits end", r"griev\w*", r"depress\w*", r"anxious", r"anxiety",
        r"scared", r"frightened", r"teased", r"bullied", r"mocked", r"feel bad", r"guilty", r"frustrat\w*",
        r"hopeless", r"struggling", r"cant cope", r"heartbroken", r"miserable", r"nobody understands", r"no one understands",
        r"tired of", r"got me down", r"gets me down", r"feel (?:so |really |very |a bit |quite )?(?:low|awful|rubbish|down)",
        r"overwhelm\w*", r"devastat\w*", r"gutted", r"breaks? my heart", r"(?:its|it is) (?:just )?(?:a lot|too much)",
        r"hard to (?:cope|deal|accept|live)", r"freak", r"monster", r"disgusting", r"gross", r"hideous", r"insecure", r"confidence",
        r"hide (?:my|them|it|away)", r"dread\w*", r"nervous", r"terrified", r"upsetting", r"lonel\w*", r"left out",
        r"no one (?:gets|cares)", r"nobody (?:gets|cares)", r"fed up", r"can(?:no)?t (?:stand|bear) (?:the way|how|looking)",
        r"weird (?:kid|one|girl|boy)", r"people (?:stare|look|laugh|point)", r"(?:laugh|laughed|laughing) at (?:me|him|her)",
        r"(?:miss|missing) (?:my|the) (?:old|normal)", r"(?:used to|cant) (?:love|enjoy|play|wear|go|do)", r"lost (?:my|all my)",
        r"worn down", r"at my wits", r"(?:at )?the end of my (?:tether|rope)", r"hopeless\w*", r"useless", r"worthless",
        r"(?:such |a )burden", r"(?:feel|feels|felt|feeling) (?:so |really |very |completely |totally )?alone",
    ), True),
}
