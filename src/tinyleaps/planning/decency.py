"""Keep the show listenable for a general audience: a small, documented word list.

A comment (or thread title) that uses any of these words is never quoted on air. The list
is short on purpose: explicit sexual terms, strong profanity (the f-, c- and s-words and
their starred spellings) and slurs. Mild words ("damn", "hell", "crap") are fine.
Matching is on whole words, case-insensitive, so "Scunthorpe", "Sussex" or "cocktail"
never trip it.
"""

from __future__ import annotations

import re

#: explicit sexual content
SEXUAL = ("sex", "sexy", "sexual", "porn", "porno", "nsfw", "nude", "nudes",
          "horny", "orgasm", "boobs", "tits", "dick", "cock", "pussy", "cum", "erotic",
          "erotica", "hentai", "fetish", "blowjob")
#: strong profanity
PROFANITY = (r"f[u*]ck\w*", r"f\*+k\w*", r"motherf\w+", r"c[u*]nt\w*", r"sh[i*]t\w*",
             r"bullsh[i*]t\w*", r"wtf", r"stfu")
#: slurs (common spellings with digit or symbol vowels)
SLURS = (r"n[i1]gg(?:a|as|az|er|ers)", r"f[a@]gg?[o0]?ts?", r"r[e3]t[a@]rd(?:s|ed)?",
         r"tr[a@]nn(?:y|ies)", r"k[i1]kes?")

_WORDS = re.compile(
    r"(?<![\w*])(?:" + "|".join([*SEXUAL, *PROFANITY, *SLURS]) + r")(?![\w*])",
    re.IGNORECASE,
)


def offensive_word(text: str) -> str | None:
    """The first listed word in ``text`` (lower case), or None when it is fit to air."""
    match = _WORDS.search(text)
    return match.group(0).lower() if match else None


def is_fit_to_air(text: str) -> bool:
    """True when ``text`` uses none of the listed words."""
    return offensive_word(text) is None
