"""Show notes for the feed and the pages: topics, a link to every source, people credited.

Everything here comes from ``script.json`` (untrusted text from the threads), so every
piece is escaped with :func:`html.escape` and only http(s) links become ``href``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..artifacts import Script, SourceRef

_REDDIT_KINDS = ("reddit_post", "reddit_comment")
_NOBODY = {"", "[deleted]", "[removed]", "automoderator"}


@dataclass
class SourceLink:
    id: str
    title: str
    url: str
    author: str
    kind: str


@dataclass
class TopicNotes:
    title: str
    sources: list[SourceLink] = field(default_factory=list)


@dataclass
class ShowNotes:
    topics: list[TopicNotes]
    people: list[str]
    hosts: list[str]


def safe_url(url: str) -> str:
    """``url`` if it is an http(s) URL, else ``""`` (no ``javascript:`` links)."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


def handle(ref: SourceRef) -> str:
    """How a person is credited: ``u/name`` for Reddit, the plain name otherwise."""
    return f"u/{ref.author}" if ref.kind in _REDDIT_KINDS else ref.author


def _link(sid: str, ref: SourceRef) -> SourceLink:
    title = ref.title or ("comment" if ref.kind == "reddit_comment" else sid)
    return SourceLink(sid, title, safe_url(ref.url), handle(ref), ref.kind)


def build_notes(script: Script) -> ShowNotes:
    """Topics with every source they cite (segment sources and turn citations)."""
    topics: list[TopicNotes] = []
    seen_people: dict[str, None] = {}
    for seg in script.segments:
        if seg.kind != "topic":
            continue
        ids = list(
            dict.fromkeys(seg.source_ids + [c for t in script.turns_of(seg.id) for c in t.cites])
        )
        links = [_link(i, script.sources[i]) for i in ids if i in script.sources]
        topics.append(TopicNotes(seg.title, links))
        for link in links:
            if script.sources[link.id].author.strip().lower() not in _NOBODY:
                seen_people[link.author] = None
    return ShowNotes(topics, list(seen_people), script.host_names())


def notes_html(notes: ShowNotes) -> str:
    """An HTML fragment for ``content:encoded`` and the episode page."""
    parts: list[str] = []
    for topic in notes.topics:
        parts.append(f"<h3>{html.escape(topic.title)}</h3><ul>")
        for s in topic.sources:
            label = html.escape(s.title)
            a = f'<a href="{html.escape(s.url, quote=True)}">{label}</a>' if s.url else label
            parts.append(f"<li>{a} by {html.escape(s.author)}</li>")
        parts.append("</ul>")
    if notes.people:
        people = ", ".join(html.escape(p) for p in notes.people)
        parts.append(f"<p>Thanks to everyone credited in this episode: {people}.</p>")
    if notes.hosts:
        parts.append(f"<p>Hosts: {html.escape(' and '.join(notes.hosts))}.</p>")
    return "".join(parts)


def notes_text(notes: ShowNotes) -> str:
    """A plain-text summary for ``description`` and ``itunes:summary``."""
    topics = "; ".join(t.title for t in notes.topics)
    text = f"Topics: {topics}." if topics else ""
    if notes.people:
        text += f" Credited: {', '.join(notes.people)}."
    if notes.hosts:
        text += f" Hosts: {' and '.join(notes.hosts)}."
    return text.strip()
