"""Rewriting a speaker's sentence for a host to report: first person to third
("I run my 3090s" -> "they run their 3090s"), tidied (openers, fillers, asides and
unbalanced quotes out), its first word lowercased when it is no name."""

from __future__ import annotations

import re

from ..text.clean import squash
from ..text.words import wordlist

MIN_CLAUSE_WORDS = 5


#: spoken openers a report does not need ("Yeah, I think ..." -> "I think ..."); words
#: that also start real sentences ("So much for...") only with a comma after them
_DISCOURSE = re.compile(
    r"^(?:(?:(?:yeah|yes|yep|ok|okay|oh|dude|damn|wow|honestly|tbh|imo|imho|lol|lmao|"
    r"haha\w*|hmm+|ah|pfft|ugh|meh|ngl|fwiw|not gonna lie|i mean|to be fair|edit)\b[,.!:;]?"
    r"|(?:well|so|man|also|plus|and|but|or|actually|basically|anyway|right|no|nah|"
    r"guess what|fun fact|funny enough)[,:;!]|(?:or|and|but|also|plus)\b(?= you| i\b| we\b))"
    r"\s+)+",
    re.IGNORECASE,
)


#: spoken fillers inside a sentence
_FILLER = re.compile(r"(?:,\s*)?\b(?:uhm+|umm*|uh|erm|idk|ngl|tbh|imo|imho|lol|lmao)\b"
                     r"|\blike,\s", re.IGNORECASE)


_HEDGE = re.compile(r"^(?:i (?:don't|do not) know (?:how to say this|about you|why),?\s+but\s+|"
                    r"(?:the|my|serious|genuine|honest|real) question(?: is)?\s*[:,]\s*|"
                    r"question\s*:\s*|hot take\s*:\s*|unpopular opinion\s*:\s*)",
                    re.IGNORECASE)


ASIDE = re.compile(r"\s*\((?:[^()]{0,60})\)")


_TRAILING = re.compile(r"(?:\s*(?:(?<!\w)/s|lol|lmao|haha\w*|xd|:\)|:d|;\)|<3|\^+))+\s*([.!?]?)$",
                       re.IGNORECASE)


QUOTED = re.compile(r"(?<![\w])'(?=\S)(?:[^']|'(?=\w))*?(?<=\S)'(?!\w)|\"[^\"]*\"|“[^”]*”|"
                     r"‘[^’]{2,}’")


#: a quotation opened but not closed before the end of the text
UNCLOSED = re.compile(r"(?:(?<=[\s:(])|^)['\"“‘](?=\w)(?!.*['\"”’](?!\w))")


# first person -> third person (singular "they"); "am"/"was" agree with "they"
_PRONOUNS = {
    "i": "they", "me": "them", "my": "their", "mine": "theirs", "myself": "themselves",
    "we": "they", "us": "them", "our": "their", "ours": "theirs", "ourselves": "themselves",
    "i'm": "they're", "i've": "they've", "i'd": "they'd", "i'll": "they'll",
    "we're": "they're", "we've": "they've", "we'd": "they'd", "we'll": "they'll",
    "im": "they're", "ive": "they've",
}


_PRONOUN_RE = re.compile(
    r"(?<![\w'’/-])(" + "|".join(sorted(map(re.escape, _PRONOUNS), key=len, reverse=True))
    + r")(?![\w'’/-])", re.IGNORECASE)


_AGREE = re.compile(r"\b(they|They)\s+(am|was|'m)\b")


_AGREE_NEG = re.compile(r"\b(they|They)\s+(wasn't|was not)\b")


#: words that start a sentence but are not names, so a report may lowercase them
_COMMON = frozenset("""
a about after all also an and another any anyone are as at be because been before being
both but by can could did do does doing don't even every everyone everything for from
had has have having he her here his how however i if in into is isn't it it's its just
let's like many may maybe more most much my no nobody none not nothing now of on once
one only or other our out over people please probably quite rather really same she
should since so some someone something still such than that that's the their them then
there there's these they they're this those though to too under until up us very was
we were what what's when where whether which while who whole why will with without would
yet you your you're they've they'd they'll their them gotta gonna wanna considering looks
seems sounds imagine another
next first last every whatever whoever honestly apparently definitely interesting
interestingly funny funnily sadly luckily unfortunately fortunately clearly obviously
today tonight yesterday now basically literally totally absolutely surprisingly two three
four five six seven eight nine ten here's if less particularly especially""".split())


def third_person(text: str) -> str:
    """First person -> third: I/my/we/our -> they/their ("I was" -> "they were"). Words
    inside quotation marks are someone else's and stay; so does "US" (the country)."""
    text = text.replace("’", "'") if "‘" not in text else text
    opened = UNCLOSED.search(text)
    if opened:  # a quotation that runs past the end: "...: 'I'm sorry, I cannot"
        return third_person(text[: opened.start()]) + text[opened.start():]
    parts = re.split(f"({QUOTED.pattern})", text)
    out = []
    for i, part in enumerate(parts):
        if part is None:
            continue
        if i % 2 == 1 or QUOTED.fullmatch(part):
            out.append(part)
            continue
        out.append(shift_pronouns(part))
    return "".join(out)


def shift_pronouns(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group(1)
        if word in ("US", "IM"):
            return word
        repl = _PRONOUNS[word.lower()]
        return repl.capitalize() if m.start() == 0 and word != "I" and word[:1].isupper() \
            else repl
    out = _PRONOUN_RE.sub(swap, text)
    out = _AGREE.sub(lambda m: f"{m.group(1)} {'were' if m.group(2) == 'was' else 'are'}", out)
    out = _AGREE_NEG.sub(lambda m: f"{m.group(1)} weren't", out)
    return re.sub(r"\bthey's\b", "they're", out)


def tidy(sentence: str) -> str:
    """A sentence without spoken openers, fillers, asides, trailing "lol"/"/s", "&",
    unbalanced quote marks and runs of punctuation."""
    s = sentence.strip()
    s = _TRAILING.sub(r"\1", s)
    s = _HEDGE.sub("", s)
    for _ in range(3):
        s = _DISCOURSE.sub("", s)
    s = _FILLER.sub("", s)
    stripped = ASIDE.sub("", s)
    if len(stripped.split()) >= MIN_CLAUSE_WORDS:
        s = stripped
    s = s.replace(" & ", " and ").replace("&", " and ").replace(" = ", " is ")
    s = re.sub(r"\.{2,}\s*(?=[a-z])|…\s*(?=[a-z])", " ", s)
    s = re.sub(r"([!?.])[!?.]+", r"\1", s)
    s = re.sub(r"\s+[-–—]+\s+", ", ", s)
    s = _balance_quotes(s)
    return squash(s).strip(" ,;:")


def _balance_quotes(s: str) -> str:
    for a, b in (("“", "”"), ('"', '"')):
        if (s.count(a) + (s.count(b) if a != b else 0)) % 2 == 1 or \
                (a != b and s.count(a) != s.count(b)):
            s = s.replace(a, "").replace(b, "")
    if not QUOTED.search(s):
        s = s.strip()
        if s[:1] in "'‘":
            s = s.lstrip("'‘")
        s = re.sub(r"(?<=[\w.!?])['’]+$", "", s)
    return s


#: names of model families, labs and tools a sentence may start with
KNOWN_NAMES = wordlist("names", "known")


def lower_first(text: str) -> str:
    """Lowercase a sentence's first word when it is a common word ("The", "It",
    "Treating", "Weights are"), never a name ("Sam Altman", "GLM", "Qwen3", "Gemini")."""
    words = text.split(" ", 2)
    first = words[0]
    word = first.lower().strip(",.'")
    plain = first[1:].islower() and first.isalpha() and word not in KNOWN_NAMES
    nxt = words[1] if len(words) > 1 else ""
    common = word in _COMMON or (plain and (word.endswith(("ing", "ly", "ed", "less")) or
                                            nxt[:1].islower()))
    if common and first != "I":
        return text[:1].lower() + text[1:]
    return text
