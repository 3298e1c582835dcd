"""Source kinds as the script speaks of them: which start a thread, which name people by
name, and what a host calls each ("thread", "livestream", "article")."""

from __future__ import annotations

import re

from ..artifacts import SourceRef

#: source kinds that start a thread (a comment or transcript turn never does)
ROOT_KINDS = ("reddit_post", "article", "feed_item")
#: source kinds whose authors are people credited by name, not by ``@handle``
NAMED_KINDS = ("transcript_turn", "article", "feed_item")


def family(kind: str) -> str:
    """A source kind's family: 'reddit', 'transcript', 'article' or 'feed'."""
    if kind.startswith("reddit"):
        return "reddit"
    return {"transcript_turn": "transcript", "feed_item": "feed"}.get(kind, "article")


_LIVE_RE = re.compile(r"\b(live\s?stream|stream(ed|ing)?|live|twitch|space)\b", re.IGNORECASE)
_SHOW_RE = re.compile(r"\b(podcast|episode|ep\.?\s*\d+|show|radio)\b", re.IGNORECASE)
_TALK_RE = re.compile(r"\b(talk|keynote|lecture|presentation|panel|meetup)\b", re.IGNORECASE)
_CLUB_RE = re.compile(r"\b(club|meeting|call|standup|office hours)\b", re.IGNORECASE)


def medium(ref: SourceRef) -> str:
    """What a source is, as a host says it: 'thread', 'livestream', 'episode', 'talk',
    'meeting', 'conversation' (a transcript, from its title), 'article', 'news item'."""
    fam = family(ref.kind)
    if fam != "transcript":
        return {"reddit": "thread", "feed": "news item"}.get(fam, "article")
    for pattern, word in ((_LIVE_RE, "livestream"), (_SHOW_RE, "episode"),
                          (_TALK_RE, "talk"), (_CLUB_RE, "meeting")):
        if pattern.search(ref.title):
            return word
    return "conversation"
