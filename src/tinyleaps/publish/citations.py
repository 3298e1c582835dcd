"""What each transcript line rests on, for the episode page: one card per cited source
with the passage of the comment (or post, article, transcript) the line draws on, its
author, score or time mark, and a link.

The ids come from transcript.json's ``cites`` (see :mod:`tinyleaps.captions.files`);
the author, kind and link from script.json's ``sources``; the text and score from the
episode's sources.json when it is there. Everything here is untrusted text: the page
template escapes it, and only http(s) links survive :func:`~.notes.safe_url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..artifacts import Script, SourceItem
from .notes import handle, safe_url
from .shownotes import reply_label, time_mark

PASSAGE_WORDS = 60  # the longest passage shown; a longer text shows its best window
_WORD = re.compile(r"[a-z0-9]+")
_SMALL = frozenset("the a an and or but of to in on for is it that this with was are be as "
                   "at by from i you we they he she so not".split())


@dataclass(frozen=True)
class SourceCard:
    """One source of a transcript line, ready to show."""

    id: str
    author: str  # as credited on air (``@name`` for Reddit)
    what: str  # "post", "comment", "passage at 12:34", "article"...
    title: str
    url: str  # "" unless http(s)
    passage: str  # "" when the text is not known
    score: int | None = None
    at: str = ""  # time mark of a transcript passage


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def best_passage(text: str, line: str, size: int = PASSAGE_WORDS) -> str:
    """``text`` itself when short, else the window of ``size`` words sharing the most
    content words with ``line`` (the part of a long comment a line quotes), with "…"
    where it was cut."""
    words = text.split()
    if len(words) <= size:
        return " ".join(words)
    wanted = {w for w in _words(line) if w not in _SMALL}
    hits = [len(wanted & set(_words(w))) for w in words]
    best = max(range(0, len(words) - size + 1), key=lambda i: (sum(hits[i:i + size]), -i))
    head = "… " if best else ""
    tail = " …" if best + size < len(words) else ""
    return head + " ".join(words[best:best + size]) + tail


def line_sources(cites: list[str], line: str, script: Script,
                 items: dict[str, SourceItem]) -> list[SourceCard]:
    """The cards for a line citing ``cites`` (unknown ids are skipped)."""
    cards = []
    for sid in dict.fromkeys(cites):
        ref = script.sources.get(sid)
        if ref is None:
            continue
        item = items.get(sid)
        what = "post" if ref.kind == "reddit_post" else reply_label(ref)
        cards.append(SourceCard(
            sid, handle(ref), what, ref.title, safe_url(ref.url),
            best_passage(item.text, line) if item else "", item.score if item else None,
            time_mark(ref.url) if ref.kind == "transcript_turn" else ""))
    return cards
