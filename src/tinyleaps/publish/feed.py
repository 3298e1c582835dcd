"""``feed.xml``: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces, built with
:mod:`xml.etree.ElementTree` (text is escaped by the library, never concatenated)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import quote

from ..artifacts import Host
from .bundle import EpisodeBundle
from .ids import podcast_guid
from .notes import build_notes, notes_html, notes_text

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

#: Episode files that the feed links, with their MIME types.
TRANSCRIPTS = (
    ("transcript.vtt", "text/vtt"),
    ("transcript.srt", "application/x-subrip"),
    ("transcript.json", "application/json"),
)
CHAPTERS_TYPE = "application/json+chapters"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _q(ns: str, tag: str) -> str:
    return f"{{{NS[ns]}}}{tag}"


def clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters)."""
    return _XML_BAD.sub("", text)


@dataclass
class Channel:
    title: str
    description: str
    base_url: str
    language: str = "en"
    author: str = ""
    owner_email: str = ""
    hosts: list[Host] = field(default_factory=list)
    cover: str = "cover.png"

    @property
    def root(self) -> str:
        return self.base_url.rstrip("/")

    @property
    def feed_url(self) -> str:
        return f"{self.root}/feed.xml"

    def url(self, *parts: str) -> str:
        return "/".join([self.root, *(quote(p) for p in parts)])


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = clean(text)
    return el


def rfc2822(iso: str) -> str:
    """RFC 2822 date of an ISO 8601 timestamp (naive ones are taken as UTC)."""
    dt = datetime.fromisoformat(iso)
    return format_datetime(dt if dt.tzinfo else dt.replace(tzinfo=UTC))


def _channel(rss: ET.Element, ch: Channel, now: datetime) -> ET.Element:
    c = _sub(rss, "channel")
    _sub(c, "title", ch.title)
    _sub(c, "link", ch.root + "/")
    _sub(c, "description", ch.description)
    _sub(c, "language", ch.language)
    _sub(c, "generator", "tinyleaps")
    _sub(c, "lastBuildDate", format_datetime(now))
    _sub(c, _q("atom", "link"), href=ch.feed_url, rel="self", type="application/rss+xml")
    img = _sub(c, "image")
    _sub(img, "url", ch.url(ch.cover))
    _sub(img, "title", ch.title)
    _sub(img, "link", ch.root + "/")
    _sub(c, _q("itunes", "image"), href=ch.url(ch.cover))
    # Apple's category is an attribute named "text" (element text is not read)
    ET.SubElement(c, _q("itunes", "category"), {"text": "Technology"})
    _sub(c, _q("itunes", "explicit"), "false")
    _sub(c, _q("itunes", "author"), ch.author or ch.title)
    _sub(c, _q("itunes", "type"), "episodic")
    owner = _sub(c, _q("itunes", "owner"))
    _sub(owner, _q("itunes", "name"), ch.author or ch.title)
    if ch.owner_email:
        _sub(owner, _q("itunes", "email"), ch.owner_email)
    _sub(c, _q("podcast", "guid"), podcast_guid(ch.feed_url))
    for h in ch.hosts:
        _sub(c, _q("podcast", "person"), h.name, role="host", group="cast")
    return c


def _item(c: ET.Element, ch: Channel, b: EpisodeBundle, slug: str) -> None:
    ep = b.episode
    it = _sub(c, "item")
    _sub(it, "title", ep.title)
    _sub(it, "guid", b.guid, isPermaLink="false")
    _sub(it, "pubDate", rfc2822(ep.recorded_at))
    _sub(it, "link", ch.url("episodes", slug) + "/")
    notes = build_notes(b.script) if b.script else None
    _sub(it, "description", notes_text(notes) if notes else ep.title)
    if notes:
        _sub(it, _q("content", "encoded"), notes_html(notes))
    _sub(
        it,
        "enclosure",
        url=ch.url("episodes", slug, "episode.mp3"),
        length=str(b.mp3_bytes),
        type="audio/mpeg",
    )
    if ep.duration_s is not None:
        _sub(it, _q("itunes", "duration"), str(round(ep.duration_s)))
    _sub(it, _q("itunes", "episodeType"), "full")
    _sub(it, _q("itunes", "explicit"), "false")
    for name, mime in TRANSCRIPTS:
        if b.has(name):
            attrs = {"url": ch.url("episodes", slug, name), "type": mime, "language": ch.language}
            if name.endswith(".vtt"):
                attrs["rel"] = "captions"
            _sub(it, _q("podcast", "transcript"), **attrs)
    if b.has("chapters.json"):
        _sub(
            it,
            _q("podcast", "chapters"),
            url=ch.url("episodes", slug, "chapters.json"),
            type=CHAPTERS_TYPE,
        )
    for h in ep.hosts:
        _sub(it, _q("podcast", "person"), h.name, role="host", group="cast")


def build_feed(
    ch: Channel, items: list[tuple[EpisodeBundle, str]], now: datetime | None = None
) -> bytes:
    """The feed's bytes (UTF-8, with XML declaration). ``items`` are ``(bundle, slug)``
    pairs, newest first."""
    rss = ET.Element("rss", {"version": "2.0"})
    c = _channel(rss, ch, now or datetime.now(UTC))
    for bundle, slug in items:
        _item(c, ch, bundle, slug)
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
