"""Words: the word lists (``wordlists.toml`` beside this file), tokens, stems and
overlaps."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources


@cache
def _lists() -> dict[str, dict[str, str]]:
    raw = resources.files(__package__).joinpath("wordlists.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


@cache
def wordlist(section: str, name: str) -> frozenset[str]:
    """One list of ``wordlists.toml``: ``wordlist("stopwords", "spoken")``."""
    return frozenset(_lists()[section][name].split())


#: words that say nothing about what a written text is about
STOPWORDS = wordlist("stopwords", "written")

_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-_][a-z0-9]+)*")


def count_tokens(text: str) -> int:
    """How many word tokens (``kimi-k2`` is one) a lower-cased ``text`` has."""
    return len(_TOKEN.findall(text.lower()))


def tokens(text: str) -> list[str]:
    """Normalized content tokens. Compound names keep their whole form and their parts:
    ``Kimi-K2`` → ``kimi-k2``, ``kimi``, ``k2`` (so "Kimi K2" and "kimi-k2" match)."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        parts = [p for p in re.split(r"[.\-_]", tok) if p]
        if len(parts) > 1:
            out.append(tok.replace(".", "").replace("_", "-"))
            out.append("".join(parts))
        for part in parts:
            if part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                out.append(part)
    return [t for t in out if t not in STOPWORDS]


def norm(text: str) -> str:
    """Lower-case words and numbers only, single-spaced: for comparing what was said."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def singular(word: str) -> str:
    """``models`` → ``model`` (not ``class``, not short words): a story term's stem."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def stem(word: str) -> str:
    """A crude stem, the same for "releases", "released", "releasing" and "release"."""
    w = word
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    for suffix in ("ing", "ed", "ly"):
        if w.endswith(suffix) and len(w) >= len(suffix) + 3:
            w = w[: -len(suffix)]
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two token sets (0 when both are empty)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Share of the smaller token set found in the other (repetition detector)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))
