"""Turning source text into something a host can say: clean, quote-safe, trimmed.

Quoted material never carries ``@handle``/``u/handle`` mentions (a handle in a turn must
be the author of a source the turn cites, and a comment's own mentions are not), nor
URLs, markdown, emoji or double spaces.
"""

from __future__ import annotations

import html
import re

from ..artifacts import SourceRef
from ..grounding.kinds import family, medium
from ..text.clean import MD_LINK, URL, squash, strip_emoji
from ..text.sentences import split_sentences

_MENTION_RE = re.compile(r"(?<![\w/])(?:@|/?u/)([A-Za-z0-9_-]+)")
_MD_MARKS_RE = re.compile(r"(\*\*|__|~~|`+|^\s*#+\s*|^\s*>\s*|^\s*[-*+]\s+)", re.MULTILINE)
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve")


def clean(text: str) -> str:
    """Source text → speakable plain prose: no URLs, markdown, emoji or handle mentions;
    double quotes become single so the text can sit inside a quotation."""
    text = html.unescape(text)
    text = MD_LINK.sub(r"\1", text)
    text = URL.sub("a link", text)
    text = _MENTION_RE.sub(r"\1", text)
    text = _MD_MARKS_RE.sub(" ", text)
    text = text.replace('"', "'").replace("\u201c", "'").replace("\u201d", "'")
    text = strip_emoji(text)
    return squash(text)


def trim_words(text: str, limit: int) -> str:
    """About ``limit`` words, never stopping mid-phrase when it can help it: whole
    sentences while they fit, and while what is kept is still very short (or nothing yet)
    the next one if it fits in half as much again; only a first sentence longer than
    that is cut (at a late comma or the limit, ending '...')."""
    if len(text.split()) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for sentence in split_sentences(text):
        n = len(sentence.split())
        short = used < 6  # "Same experience." says little on its own
        if used + n > (limit * 1.5 if short else limit):
            break
        kept.append(sentence)
        used += n
    if kept:
        return " ".join(kept)
    return _cut(text, limit)


def _cut(text: str, limit: int) -> str:
    """The start of one long sentence: up to a late comma, else ``limit`` words, + '...'."""
    words = text.split()
    head = words[:limit]
    commas = [i for i, w in enumerate(head) if w.endswith((",", ";", ":")) and i >= limit // 2]
    if commas:
        head = head[: commas[-1] + 1]
    return " ".join(head).rstrip(",;:-") + "..."


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def source_phrase(ref: SourceRef) -> str:
    """The source named in passing: "the livestream 'Open Weights'", "the thread"."""
    kind = medium(ref)
    title = clean(ref.title).rstrip(".")
    if family(ref.kind) == "transcript" and title:
        return f"the {kind} '{trim_words(title, 12)}'"
    return f"the {kind}"


_T_RE = re.compile(r"[#&?]t=(\d+(?:\.\d+)?)")


def start_seconds(url: str) -> float | None:
    """The start time in a media-fragment URL (``...#t=1292``), else None."""
    m = _T_RE.search(url)
    return float(m.group(1)) if m else None


def spoken_time(seconds: float | None) -> str:
    """When something is said in a recording: 'right at the start', 'about 5 minutes in',
    'around the 46-minute mark', 'about an hour and 10 minutes in'; 'in the recording'
    when unknown."""
    if seconds is None:
        return "in the recording"
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return "right at the start"
    if minutes < 10:
        return f"about {number_word(minutes)} minute{'s' if minutes > 1 else ''} in"
    if minutes < 60:
        return f"around the {minutes}-minute mark"
    hours, rest = divmod(minutes, 60)
    hour = "an hour" if hours == 1 else f"{number_word(hours)} hours"
    return f"about {hour} in" if rest == 0 else f"about {hour} and {rest} minutes in"


def join_names(names: list[str]) -> str:
    """'a', 'a and b', 'a, b, and c'."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def spoken_origin(origin: str) -> str:
    """'r/LocalLLaMA' → 'straight from the LocalLLaMA subreddit'; 'r/LocalLLaMA, an
    article and a livestream transcript' → 'from the LocalLLaMA subreddit, an article
    and a livestream transcript'; other origins read as 'from <origin>'; an empty origin
    → 'from around the local-model community'."""
    sub_re = r"(?:(?<=^)|(?<=[\s,(]))/?r/([A-Za-z0-9_]+)"
    subs = list(dict.fromkeys(re.findall(sub_re, origin)))
    rest = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+",
                                        re.sub(sub_re, "", origin)) if p.strip()]
    if subs:
        plural = "subreddit" if len(subs) == 1 else "subreddits"
        parts = [f"the {join_names(subs)} {plural}", *(clean(p) for p in rest)]
        return ("straight " if not rest else "") + "from " + join_names(parts)
    text = clean(origin)
    return f"from {text}" if text else "from around the local-model community"
