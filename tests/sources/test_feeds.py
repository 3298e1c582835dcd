"""RSS/Atom feeds from files and URLs (httpx MockTransport, never the network)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tinyleaps.errors import SourceError
from tinyleaps.sources import ingest
from tinyleaps.sources.base import IngestOptions
from tinyleaps.sources.feeds import FeedSource

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Local Inference Notes</title>
  <author><name>Feed Owner</name></author>
  <entry>
    <title>Q4 vs Q5 &amp;amp; what we lost</title>
    <link href="https://notes.example.org/q4-vs-q5"/>
    <id>urn:uuid:1</id>
    <updated>2025-08-03T18:30:00Z</updated>
    <author><name>Mina Cho</name></author>
    <summary type="html">&lt;p&gt;Q5 kept &lt;b&gt;two&lt;/b&gt; more points on math.&lt;/p&gt;
    &lt;p&gt;Q4 was 18% faster.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Untitled note</title>
    <link href="https://notes.example.org/n2"/>
    <id>urn:uuid:2</id>
    <updated>2025-08-02T08:00:00Z</updated>
    <summary>Plain text summary.</summary>
  </entry>
</feed>"""


def test_atom_file_items(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text(ATOM)
    items = ingest([str(path)]).sources
    assert [(i.kind, i.author, i.title) for i in items] == [
        ("feed_item", "Mina Cho", "Q4 vs Q5 & what we lost"),
        ("feed_item", "Feed Owner", "Untitled note"),
    ]
    assert items[0].text == "Q5 kept two more points on math. Q4 was 18% faster."
    assert items[0].url == "https://notes.example.org/q4-vs-q5"
    assert items[0].created == "2025-08-03T18:30:00+00:00"
    assert items[0].extra["feed"] == "Local Inference Notes"
    assert len({i.id for i in items}) == 2


def test_real_podcast_rss_example(shared_data: Path) -> None:
    items = ingest([str(shared_data / "podcast-namespace" / "example.xml")]).sources
    assert [i.title for i in items][:1] == ["Episode 3 - The Future"]
    assert items[0].author == "John Doe"  # e-mail address removed
    assert items[0].text == ("A look into the future of podcasting and how we get to "
                             "Podcasting 2.0!")


def _transport(routes: dict[str, tuple[int, str, str]]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        status, ctype, body = routes.get(str(request.url), (404, "text/plain", "nope"))
        return httpx.Response(status, headers={"content-type": ctype}, text=body)

    return httpx.MockTransport(handler)


def test_feed_url_and_article_url_via_injected_transport() -> None:
    page = ("<html><head><title>Draft models</title><meta name='author' content='Ola N'>"
            "</head><body><article><p>" + "A draft model guesses tokens quickly. " * 8 +
            "</p></article></body></html>")
    transport = _transport({
        "https://notes.example.org/feed.xml": (200, "application/atom+xml", ATOM),
        "https://blog.example.org/draft": (200, "text/html", page),
    })
    opts = IngestOptions(transport=transport)
    feed_items = FeedSource().ingest("https://notes.example.org/feed.xml", opts)
    assert [i.author for i in feed_items] == ["Mina Cho", "Feed Owner"]
    (article,) = FeedSource().ingest("https://blog.example.org/draft", opts)
    assert (article.kind, article.author) == ("article", "Ola N")
    assert article.text.startswith("A draft model guesses tokens quickly.")


def test_reddit_urls_are_not_claimed() -> None:
    assert not FeedSource.accepts("https://www.reddit.com/r/LocalLLaMA/comments/abc/x/")
    assert FeedSource.accepts("https://notes.example.org/feed.xml")


@pytest.mark.parametrize("url, routes, problem", [
    ("https://x.example/missing", {}, "HTTP 404"),
    ("https://x.example/data", {"https://x.example/data": (200, "application/pdf", "%PDF")},
     "neither an RSS/Atom feed nor an HTML page"),
    ("https://x.example/empty", {"https://x.example/empty": (200, "application/rss+xml",
                                 "<rss version='2.0'><channel><title>t</title></channel></rss>")},
     "feed has no items"),
])
def test_url_errors_name_the_url(url: str, routes: dict, problem: str) -> None:
    with pytest.raises(SourceError) as err:
        FeedSource().ingest(url, IngestOptions(transport=_transport(routes)))
    assert str(err.value).startswith(f"{url}: ") and problem in str(err.value)


def test_connection_error_is_a_source_error() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    with pytest.raises(SourceError, match=r"https://down\.example/feed: cannot fetch"):
        FeedSource().ingest("https://down.example/feed",
                            IngestOptions(transport=httpx.MockTransport(fail)))
