"""What the other host says after a point: a reaction that fits the words just quoted.

A wrong reaction is worse than none, so each kind is conditional on a real feature of
the quote (see :func:`features`), checked in this order:

====================  =====================================================  ============
feature               detected by                                            pool
====================  =====================================================  ============
question              the quote ends in ``?`` (or ``?!``)                    REACT_QUESTION
pushback              starts with "No", "Nah", "Actually"..., or says        REACT_PUSHBACK
                      "I disagree", "overhyped", "I doubt"...                (CONTRAST when
                                                                             it answers a
                                                                             quoted person)
humour                "lol", "lmao", "haha", "/s", ":)", "bruh", "jk"...     REACT_HUMOUR
figure                a number with a unit ("14 tok/s", "48 GB", "$1,050",   REACT_NUMBERS
                      "2x", "250 W", "15M parameters", "30%")                (says the figure)
strong claim          "best", "never", "useless", "obsolete", "SOTA"...      REACT_STRONG
                                                                             (says the word)
advice                "you should", "try", "install", "enable"...            REACT_ADVICE
shared name           a name-like term ("Qwen3", "MLX", "Kimi") that an      LINK_EARLIER
                      earlier speaker also used, or the topic's title        LINK_TITLE
otherwise             --                                                     NEUTRAL or
                                                                             nothing
====================  =====================================================  ============

Reactions that name a person (LINK_EARLIER, CONTRAST) cite that person's source, so every
``@handle`` stays grounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..artifacts import KeyPoint
from ..planning.text import STOPWORDS
from . import phrases as P

_QUESTION_END = re.compile(r"\?[?!.\s'\")]*$")
_PUSHBACK_START = re.compile(
    r"^(no\b|nope|not really|not\b|i disagree|hard disagree|but\b|actually\b|that's not|"
    r"this is not|that isn't|wrong|meh|i doubt|eh\b|nah)",
    re.IGNORECASE,
)
_PUSHBACK_ANY = re.compile(
    r"\b(i disagree|not true|i doubt|overhyped|overrated|misleading|i'm skeptical|"
    r"i am skeptical|don't buy it|not convinced)\b",
    re.IGNORECASE,
)
_HUMOUR = re.compile(
    r"\b(lol|lmao|lmfao|rofl|haha\w*|hehe\w*|bruh|jk|xd|kek)\b|(?<!\w)/s\b|[:;]-?[)dp](?!\w)|"
    r"\bjust kidding\b",
    re.IGNORECASE,
)
_UNIT = (r"%|x\b|×|(?:tok|tokens?|t)/s(?:ec)?\b|tokens? (?:per|a) second\b|tps\b|"
         r"[kmgt]i?b\b|gigs?\b|w\b|watts?\b|ms\b|seconds?\b|minutes?\b|hours?\b|"
         r"[kmbt]\b(?: (?:context|parameters?|params|tokens?))?|k context\b|"
         r"(?:billion|million|trillion)\b(?: parameters?)?|parameters?\b|params\b|"
         r"bits?\b|dollars?\b|bucks\b|fps\b|tokens?\b|layers?\b|experts?\b|gpus?\b")
_FIGURE = re.compile(
    rf"(?<![\w.\-/])(?:\$\s?\d[\d,]*(?:\.\d+)?\s?[kmb]?\b|\d[\d,]*(?:\.\d+)?\s?(?:{_UNIT}))",
    re.IGNORECASE,
)
_STRONG = re.compile(
    r"\b(best|worst|always|never|nobody|insanely|insane|amazing|incredible|"
    r"game[- ]changer|destroyed|destroys|useless|obsolete|dead|perfect|perfectly|"
    r"impossible|nailed|revolutionary|SOTA|unbeatable|flawless)\b(?!-)",
    re.IGNORECASE,
)
_ADVICE = re.compile(
    r"\b(you should|you need to|try|check out|install|enable|turn on|i'd recommend|"
    r"i recommend)\b",
    re.IGNORECASE,
)
_NAME_LIKE = re.compile(r"\b[A-Za-z][\w.+-]*\b")
_GENERIC_NAMES = frozenset(
    "i i'm i've i'd ok okay lol lmao imo imho tl dr tldr ai llm llms api gpu gpus cpu ui "
    "edit eta fyi btw pc os it's".split()
)


@dataclass(frozen=True)
class Features:
    """What a quote contains that a reaction may refer to."""

    question: bool = False
    pushback: bool = False
    humour: bool = False
    figure: str | None = None
    strong: str | None = None
    advice: bool = False


_NESTED_QUOTE = re.compile(r"(?<!\w)'[^']{3,}'(?!\w)|“[^”]*”")


def _figure(text: str) -> str | None:
    """The first figure with a unit; percentages above 100 are hyperbole, not data."""
    for m in _FIGURE.finditer(text):
        value = re.sub(r"[^\d.]", "", m.group(0).split("%")[0])
        if m.group(0).rstrip().endswith("%") and float(value or 0) > 100:
            continue
        return " ".join(m.group(0).split())
    return None


def features(text: str) -> Features:
    """The reaction-relevant features of a quoted excerpt. Strong words inside a quote
    within the quote ("Altman said 'amazing'") are someone else's, so they do not count."""
    strong = _STRONG.search(_NESTED_QUOTE.sub(" ", text))
    return Features(
        question=bool(_QUESTION_END.search(text.rstrip(". "))),
        pushback=bool(_PUSHBACK_START.match(text.lstrip("'\" ")) or _PUSHBACK_ANY.search(text)),
        humour=bool(_HUMOUR.search(text)),
        figure=_figure(text),
        strong=strong.group(0) if strong else None,
        advice=bool(_ADVICE.search(text)),
    )


def name_terms(text: str, loose: bool = False) -> list[str]:
    """Name-like words in ``text``, as written: ones with a digit or a capital after the
    first letter ("Qwen3", "MLX", "OpenAI"), and capitalized words not at a sentence
    start ("Kimi", "Drummer"), or at one too when ``loose``; generic ones ("AI", "LLM",
    "GPU") left out."""
    out: list[str] = []
    for m in _NAME_LIKE.finditer(text):
        word = m.group(0).rstrip(".-")
        before = text[: m.start()].rstrip(" '\"(")
        inner_caps = any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)
        proper = word[:1].isupper() and (loose or (before and before[-1] not in ".!?:"))
        common = word.lower() in _GENERIC_NAMES or word.lower() in STOPWORDS
        if len(word) >= 3 and (inner_caps or proper) and not common:
            out.append(word)
    return out


@dataclass(frozen=True)
class Said:
    """A point already on air: who made it (as credited on air, or None) and what."""

    point: KeyPoint
    excerpt: str
    who: str | None


@dataclass
class Reaction:
    """A reaction's pool and the fields (and citations) that fill it in."""

    pool: tuple[str, ...]
    fields: dict[str, str] = field(default_factory=dict)
    cites: list[str] = field(default_factory=list)


def choose(last: Said, earlier: list[Said], topic_terms: list[str]) -> Reaction:
    """The reaction to ``last``, given the points before it (oldest first) and the
    topic's name-like terms (title and gist). See the module docstring for the order."""
    feat = features(last.excerpt)
    if feat.question:
        return Reaction(P.REACT_QUESTION)
    if feat.pushback:
        return _pushback(last, earlier)
    if feat.humour:
        return Reaction(P.REACT_HUMOUR)
    if feat.figure:
        return Reaction(P.REACT_NUMBERS, {"fig": feat.figure})
    if feat.strong:
        word = feat.strong
        return Reaction(P.REACT_STRONG, {"word": word, "Word": word[:1].upper() + word[1:]})
    if feat.advice:
        return Reaction(P.REACT_ADVICE)
    return _link(last, earlier, topic_terms)


def _pushback(last: Said, earlier: list[Said]) -> Reaction:
    to = (last.point.reply_to or "").lower()
    parent = next((s for s in reversed(earlier) if to and s.point.author.lower() == to), None)
    if parent is not None and parent.who and last.who:
        return Reaction(P.REACT_CONTRAST, {"who": last.who, "to": parent.who},
                        [parent.point.source_id, last.point.source_id])
    return Reaction(P.REACT_PUSHBACK)


def _link(last: Said, earlier: list[Said], topic_terms: list[str]) -> Reaction:
    """A name the point shares with an earlier speaker (not the topic's own name, which
    everyone uses), else with the topic's title or gist, else a neutral bridge."""
    topic = {t.lower() for t in topic_terms}
    terms = name_terms(last.excerpt, loose=True)
    for term in (t for t in terms if t.lower() not in topic):
        for said in reversed(earlier):
            if said.who and said.point.author != last.point.author and \
                    term.lower() in {t.lower() for t in name_terms(said.excerpt)}:
                return Reaction(P.LINK_EARLIER, {"term": term, "who": said.who},
                                [said.point.source_id])
    shared = next((t for t in terms if t.lower() in topic), None)
    if shared:
        return Reaction(P.LINK_TITLE, {"term": shared})
    return Reaction(P.NEUTRAL)


def recap(said: list[Said]) -> Reaction:
    """A closing line about the people quoted in a topic: by name when two or three of
    them (citing each), else how many."""
    people: dict[str, str] = {}
    for s in said:
        if s.who and s.who.lower() not in {w.lower() for w in people.values()}:
            people[s.point.source_id] = s.who
    names = list(people.values())
    if len(names) in (2, 3):
        joined = ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]
        return Reaction(P.RECAP, {"names": joined}, list(people))
    if len(said) >= 4:
        return Reaction(P.RECAP_COUNT, {"count": str(len(said))})
    return Reaction(P.NEUTRAL)
