"""Show notes for the feed and the pages, from the same data as ``shownotes.md``
(:func:`tinyleaps.publish.shownotes.render_shownotes`): per topic the main thread (title,
link, original poster) and every other cited source, then everyone credited on air
(:func:`~tinyleaps.publish.shownotes.credited_handles`).

Everything here comes from ``script.json`` (untrusted text from the threads), so every
piece is escaped with :func:`html.escape` and only http(s) links become ``href``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..artifacts import Script, SourceRef
from .shownotes import credited_handles

_REDDIT_KINDS = ("reddit_post", "reddit_comment")


@dataclass
class SourceLink:
    id: str
    title: str  # the thread's title for a main source, "comment" etc. for the others
    url: str
    author: str  # as credited: ``@name`` for Reddit, the plain name otherwise
    kind: str


@dataclass
class TopicNotes:
    title: str
    main: SourceLink | None = None
    others: list[SourceLink] = field(default_factory=list)

    @property
    def sources(self) -> list[SourceLink]:
        return ([self.main] if self.main else []) + self.others


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
    """How a person is credited (as in shownotes.md): ``@name`` for Reddit, else the name."""
    return f"@{ref.author}" if ref.kind in _REDDIT_KINDS else ref.author


def _what(ref: SourceRef) -> str:
    return "comment" if ref.kind.endswith("comment") else ref.kind.replace("_", " ")


def build_notes(script: Script) -> ShowNotes:
    """Topics (main thread first, then the other sources the topic and its turns cite)
    and the people credited on air, in order of first mention."""
    topics: list[TopicNotes] = []
    for seg in script.segments:
        if seg.kind != "topic":
            continue
        cited = seg.source_ids + [c for t in script.turns_of(seg.id) for c in t.cites]
        ids = [i for i in dict.fromkeys(cited) if i in script.sources]
        notes = TopicNotes(seg.title)
        for n, sid in enumerate(ids):
            ref = script.sources[sid]
            if n == 0:
                title = ref.title or seg.title
                notes.main = SourceLink(sid, title, safe_url(ref.url), handle(ref), ref.kind)
            else:
                notes.others.append(
                    SourceLink(sid, _what(ref), safe_url(ref.url), handle(ref), ref.kind)
                )
        topics.append(notes)
    people = [handle(_ref_of(script, name)) for name in credited_handles(script)]
    return ShowNotes(topics, people, script.host_names())


def _ref_of(script: Script, author: str) -> SourceRef:
    """A source by ``author`` (credited handles always are the author of a source)."""
    return next(r for r in script.sources.values() if r.author == author)


def _a(label: str, url: str) -> str:
    text = html.escape(label)
    return f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text


def notes_html(notes: ShowNotes) -> str:
    """An HTML fragment for ``content:encoded`` (the same notes as the episode page)."""
    parts: list[str] = []
    for topic in notes.topics:
        parts.append(f"<h3>{html.escape(topic.title)}</h3><ul>")
        if topic.main:
            m = topic.main
            parts.append(f"<li>Thread: {_a(m.title, m.url)} by {html.escape(m.author)}</li>")
        for s in topic.others:
            parts.append(f"<li>{html.escape(s.author)}: {_a(s.title, s.url)}</li>")
        parts.append("</ul>")
    if notes.people:
        people = ", ".join(html.escape(p) for p in notes.people)
        parts.append(f"<p>Everyone credited: {people}.</p>")
    if notes.hosts:
        parts.append(f"<p>Hosts: {html.escape(' and '.join(notes.hosts))}.</p>")
    return "".join(parts)


def notes_text(notes: ShowNotes) -> str:
    """A plain-text summary for ``description``."""
    topics = "; ".join(t.title for t in notes.topics)
    text = f"Topics: {topics}." if topics else ""
    if notes.people:
        text += f" Credited: {', '.join(notes.people)}."
    if notes.hosts:
        text += f" Hosts: {' and '.join(notes.hosts)}."
    return text.strip()
