"""RSS/Atom feeds (file or URL) via feedparser: each entry is a ``feed_item``.

Feed URLs are fetched with httpx; the transport is injectable (``IngestOptions.transport``)
so tests use a ``MockTransport`` or a local server. A web URL that turns out to be an HTML
page is read as an article instead.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from ..artifacts import SourceItem
from ..errors import SourceError
from .articles import UNKNOWN_AUTHOR, article_from_html
from .base import IngestOptions, SourceBackend, read_head
from .sniff import file_date, looks_like_feed, looks_like_html

__all__ = ["FeedSource", "parse_feed", "fetch_url", "html_to_text"]

_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_EMAIL_PAREN = re.compile(r"\s*\(?[\w.+-]+@[\w-]+\.[\w.]+\)?\s*")
DEFAULT_UA = "tinyleaps/0.1 (+local podcast maker)"
MAX_BYTES = 20_000_000


def html_to_text(fragment: str) -> str:
    """Feed summary HTML -> one line of plain text."""
    text = _TAG.sub(" ", _BLOCK_TAG.sub(" ", fragment))
    return " ".join(html.unescape(text).split())


def _author(entry: Any, feed: Any) -> str:
    detail = entry.get("author_detail") or {}
    name = detail.get("name") or entry.get("author") or feed.get("author") or ""
    name = _EMAIL_PAREN.sub(" ", name).strip(" ()") if "@" in name else name
    return " ".join(html.unescape(name).split()) or UNKNOWN_AUTHOR


def _when(entry: Any, fallback: str) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return fallback
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()


def _body(entry: Any) -> str:
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary", ""))
    return html_to_text(max(candidates, key=len))


def parse_feed(data: bytes | str, where: str, fallback_date: str = "") -> list[SourceItem]:
    """Every entry of an RSS/Atom document as a ``feed_item``."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo and not parsed.feed:
            raise SourceError(f"{where}: not a readable RSS/Atom feed ({parsed.bozo_exception})")
        raise SourceError(f"{where}: feed has no items")
    feed = parsed.feed
    items = []
    for entry in parsed.entries:
        key = entry.get("id") or entry.get("link") or entry.get("title", "")
        digest = hashlib.sha256(f"{where}\n{key}".encode()).hexdigest()[:12]
        items.append(SourceItem(
            id=f"feed:{digest}", kind="feed_item", author=_author(entry, feed),
            url=entry.get("link") or where, title=html_to_text(entry.get("title", "")),
            text=_body(entry), created=_when(entry, fallback_date),
            extra={"feed": html_to_text(feed.get("title", "")), "feed_url": where},
        ))
    return items


def fetch_url(url: str, options: IngestOptions) -> httpx.Response:
    """GET ``url`` (redirects followed); SourceError naming it on any failure."""
    headers = {"User-Agent": options.user_agent or DEFAULT_UA}
    try:
        with httpx.Client(transport=options.transport, timeout=30, headers=headers,
                          follow_redirects=True) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise SourceError(
                    f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            body = bytearray()
            for chunk in response.iter_bytes():  # stop reading at the limit, not after it
                body += chunk
                if len(body) > MAX_BYTES:
                    raise SourceError(f"{url}: response larger than {MAX_BYTES} bytes")
    except httpx.HTTPError as exc:
        raise SourceError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})") from exc
    decoded = [(k, v) for k, v in response.headers.multi_items()
               if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
    return httpx.Response(response.status_code, headers=decoded, content=bytes(body),
                          request=response.request)


class FeedSource(SourceBackend):
    """An RSS/Atom feed file, or a web URL (feed, or an HTML article page)."""

    id: ClassVar[str] = "feed"
    description: ClassVar[str] = "RSS/Atom feed file or URL; a web page URL is read as an article"

    @classmethod
    def accepts(cls, spec: str) -> bool:
        if spec.startswith(("http://", "https://")):
            host = httpx.URL(spec).host
            return not (host == "reddit.com" or host.endswith((".reddit.com", "redd.it")))
        head = read_head(spec, 4096)
        return head is not None and looks_like_feed(head.decode("utf-8", errors="ignore"))

    def ingest(self, spec: str, options: IngestOptions) -> list[SourceItem]:
        if "://" not in spec:
            try:
                data = Path(spec).read_bytes()
            except OSError as exc:
                raise SourceError(f"{spec}: cannot read ({exc.strerror or exc})") from exc
            return parse_feed(data, spec, file_date(Path(spec)))
        response = fetch_url(spec, options)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        head = response.text[:4096]
        if looks_like_feed(head):
            return parse_feed(response.content, spec, now)
        if looks_like_html(head) or "html" in response.headers.get("content-type", ""):
            return [article_from_html(response.text, str(response.url), now, where=spec)]
        raise SourceError(f"{spec}: neither an RSS/Atom feed nor an HTML page")
