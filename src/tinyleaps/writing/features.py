"""What a point's words do: ask, push back, joke, give a figure, claim, advise.

The beat plan uses these to choose acts (a pushback becomes a *push back* beat, a figure
can be compared) and the floor to choose its words (the question that a figure answers
is "How fast is it?", the verb for a joke is "jokes"). Each feature is a plain pattern
over the words, so a wrong guess is easy to see and to pin with a test:

====================  =====================================================
feature               detected by
====================  =====================================================
question              the text ends in ``?`` (or ``?!``)
pushback              starts with "No", "Nah", "Actually"..., or says "I disagree",
                      "overhyped", "I doubt"...
humour                "lol", "lmao", "haha", "/s", ":)", "bruh", "jk"...
figure                a number with a unit ("14 tok/s", "48 GB", "$1,050", "2x",
                      "250 W", "15M parameters", "30%")
strong                "best", "never", "useless", "obsolete", "SOTA"...
advice                "you should", "try", "install", "enable"...
====================  =====================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
#: "Actually, you make a good point": a reply that starts like a pushback and agrees
_AGREES = re.compile(
    r"^(?:actually|but|no)\W+(?:\w+\W+){0,3}(?:good point|fair point|you're right|you are "
    r"right|agreed|i agree|true|makes sense)\b", re.IGNORECASE)
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


@dataclass(frozen=True)
class Features:
    """What a point's words do (see the module docstring for how each is found)."""

    question: bool = False
    pushback: bool = False
    humour: bool = False
    figure: str | None = None
    strong: str | None = None
    advice: bool = False

    def names(self) -> list[str]:
        """The features present, as names ("figure", "pushback"...)."""
        return [n for n in ("question", "pushback", "humour", "figure", "strong", "advice")
                if getattr(self, n)]


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
    """The features of a point's words. Strong words inside a quote within the quote
    ("Altman said 'amazing'") are someone else's, so they do not count."""
    strong = _STRONG.search(_NESTED_QUOTE.sub(" ", text))
    return Features(
        question=bool(_QUESTION_END.search(text.rstrip(". "))),
        pushback=bool(_PUSHBACK_START.match(text.lstrip("'\" ")) or _PUSHBACK_ANY.search(text))
        and not _AGREES.match(text.lstrip("'\" ")),
        humour=bool(_HUMOUR.search(text)),
        figure=_figure(text),
        strong=strong.group(0) if strong else None,
        advice=bool(_ADVICE.search(text)),
    )



def figure_kind(figure: str) -> str:
    """What a figure measures: speed, memory, money, size, power, share, or count."""
    f = figure.lower()
    for kind, pattern in (
        ("speed", r"/s|per second|a second|tps|fps"), ("memory", r"\b[kmgt]i?b\b|gigs?"),
        ("money", r"\$|dollars?|bucks"), ("power", r"\bw\b|watts?"), ("share", r"%"),
        ("size", r"\b[bmt]\b|billion|million|trillion|param"), ("time", r"ms|second|minute|hour"),
        ("context", r"k context|tokens?"), ("times", r"x\b|×"),
    ):
        if re.search(pattern, f):
            return kind
    return "count"
