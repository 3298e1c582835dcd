"""Turning source text into something a host can say: clean, quote-safe, trimmed.

Quoted material never carries ``@handle``/``u/handle`` mentions (a handle in a turn must
be the author of a source the turn cites, and a comment's own mentions are not), nor
URLs, markdown, emoji or double spaces.
"""

from __future__ import annotations

import html
import re
import unicodedata

from ..check.script_rules import is_anonymous, is_handle

_URL_RE = re.compile(r"https?://\S+|www\.\S+")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MENTION_RE = re.compile(r"(?<![\w/])(?:@|/?u/)([A-Za-z0-9_-]+)")
_MD_MARKS_RE = re.compile(r"(\*\*|__|~~|`+|^\s*#+\s*|^\s*>\s*|^\s*[-*+]\s+)", re.MULTILINE)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve")


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and trim."""
    return " ".join(text.split())


def _drop_emoji(text: str) -> str:
    keep = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Cs", "Co") or ch in "\u200d\ufe0f\ufe0e" or ord(ch) >= 0x1F000:
            continue
        keep.append(ch)
    return "".join(keep)


def clean(text: str) -> str:
    """Source text → speakable plain prose: no URLs, markdown, emoji or handle mentions;
    double quotes become single so the text can sit inside a quotation."""
    text = html.unescape(text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _URL_RE.sub("a link", text)
    text = _MENTION_RE.sub(r"\1", text)
    text = _MD_MARKS_RE.sub(" ", text)
    text = text.replace('"', "'").replace("\u201c", "'").replace("\u201d", "'")
    text = _drop_emoji(text)
    return squash(text)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_RE.split(text) if s]


def trim_words(text: str, limit: int) -> str:
    """At most ``limit`` words: whole sentences while they fit, then, if much room is
    left, the start of the next sentence (cut at a comma or the limit, ending '...')."""
    if len(text.split()) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for sentence in sentences(text):
        n = len(sentence.split())
        if used + n > limit:
            break
        kept.append(sentence)
        used += n
    room = limit - used
    if kept and room < max(6, limit // 3):
        return " ".join(kept)
    rest = " ".join(text.split()[used:])
    return " ".join([*kept, _cut(rest, room)])


def _cut(text: str, limit: int) -> str:
    """The start of one long sentence: up to a late comma, else ``limit`` words, + '...'."""
    words = text.split()
    head = words[:limit]
    commas = [i for i, w in enumerate(head) if w.endswith((",", ";", ":")) and i >= limit // 2]
    if commas:
        head = head[: commas[-1] + 1]
    return " ".join(head).rstrip(",;:-") + "..."


def end_sentence(text: str) -> str:
    """``text`` with closing punctuation (a title read as a sentence)."""
    text = text.strip()
    if not text:
        return text
    return text if text[-1] in ".!?\u2026\"'" else text + "."


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def credit(author: str) -> str | None:
    """How a host names an author: ``@handle``, a plain name, or None when anonymous."""
    name = author.strip()
    if is_anonymous(name):
        return None
    return f"@{name}" if is_handle(name) else name


def join_names(names: list[str]) -> str:
    """'a', 'a and b', 'a, b, and c'."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def spoken_origin(origin: str) -> str:
    """'r/LocalLLaMA' → 'straight from the LocalLLaMA subreddit'; other origins read as
    'from <origin>'; an empty origin → 'from around the local-model community'."""
    subs: list[str] = []
    for m in re.finditer(r"(?:^|[\s,/(])r/([A-Za-z0-9_]+)", origin):
        if m.group(1) not in subs:
            subs.append(m.group(1))
    if subs:
        plural = "subreddit" if len(subs) == 1 else "subreddits"
        return f"straight from the {join_names(subs)} {plural}"
    text = clean(origin)
    return f"from {text}" if text else "from around the local-model community"
