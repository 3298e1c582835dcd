"""Show notes for the feed and the pages, from the same data as ``shownotes.md``
(:func:`tinyleaps.publish.shownotes.render_shownotes`): per story every thread it covers
(title, link, original poster) with the comments or passages quoted from it, then
everyone credited on air (:func:`~tinyleaps.publish.shownotes.credited_handles`).

Everything here comes from ``script.json`` (untrusted text from the threads), so every
piece is escaped with :func:`html.escape` and only http(s) links become ``href``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..artifacts import Script, SourceRef
from .shownotes import credited_handles, reply_label, story_threads

_REDDIT_KINDS = ("reddit_post", "reddit_comment")


@dataclass
class SourceLink:
    id: str
    title: str  # the thread's title for a thread, "comment", "passage at 12:34"... otherwise
    url: str
    author: str  # as credited: ``@name`` for Reddit, the plain name otherwise
    kind: str


@dataclass
class ThreadNotes:
    """One thread of a story: its root (None when only passages of it are quoted) and the
    comments or passages quoted from it."""

    title: str
    root: SourceLink | None = None
    replies: list[SourceLink] = field(default_factory=list)


@dataclass
class TopicNotes:
    title: str
    threads: list[ThreadNotes] = field(default_factory=list)

    @property
    def sources(self) -> list[SourceLink]:
        return [s for t in self.threads for s in ([t.root] if t.root else []) + t.replies]


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


def _link(sid: str, ref: SourceRef, title: str) -> SourceLink:
    return SourceLink(sid, title, safe_url(ref.url), handle(ref), ref.kind)


def build_notes(script: Script) -> ShowNotes:
    """Each story with all its threads (root, then the comments or passages quoted from
    it; see :func:`~tinyleaps.publish.shownotes.story_threads`) and the people credited on
    air, in order of first mention."""
    topics: list[TopicNotes] = []
    for seg in script.segments:
        if seg.kind != "topic":
            continue
        notes = TopicNotes(seg.title)
        for group in story_threads(script, seg.id):
            root = _link(*group.root, group.root[1].title or seg.title) if group.root else None
            notes.threads.append(ThreadNotes(
                group.title or seg.title, root,
                [_link(sid, ref, reply_label(ref)) for sid, ref in group.replies]))
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
        for thread in topic.threads:
            parts.append(_thread_html(thread))
        parts.append("</ul>")
    if notes.people:
        people = ", ".join(html.escape(p) for p in notes.people)
        parts.append(f"<p>Everyone credited: {people}.</p>")
    if notes.hosts:
        parts.append(f"<p>Hosts: {html.escape(' and '.join(notes.hosts))}.</p>")
    return "".join(parts)


def _thread_html(thread: ThreadNotes) -> str:
    if thread.root:
        r = thread.root
        head = f"Thread: {_a(r.title, r.url)} by {html.escape(r.author)}"
    else:
        head = f"From: {html.escape(thread.title)}"
    replies = "".join(f"<li>{html.escape(s.author)}: {_a(s.title, s.url)}</li>"
                      for s in thread.replies)
    return f"<li>{head}" + (f"<ul>{replies}</ul>" if replies else "") + "</li>"


def notes_text(notes: ShowNotes) -> str:
    """A plain-text summary for ``description``."""
    topics = "; ".join(t.title for t in notes.topics)
    text = f"Topics: {topics}." if topics else ""
    if notes.people:
        text += f" Credited: {', '.join(notes.people)}."
    if notes.hosts:
        text += f" Hosts: {' and '.join(notes.hosts)}."
    return text.strip()
