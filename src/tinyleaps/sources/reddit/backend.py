"""The two Reddit source backends: saved JSON files and live fetches."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from ...artifacts import SourceItem
from ...errors import SourceError
from ...fsutil import json_value, read_text
from ..base import IngestOptions, SourceBackend
from .client import RedditClient, parse_subreddit, parse_thread_url
from .parse import ThreadBuilder, is_post, is_reddit_response, parse_response

__all__ = ["RedditFileSource", "RedditLiveSource", "read_reddit_file", "fetch_thread"]

_LOOKS_REDDIT = re.compile(rb'^\s*\[?\s*\{\s*"kind"\s*:\s*"Listing"')


class RedditFileSource(SourceBackend):
    """A saved ``/comments/<id>.json`` response or a subreddit listing ``.json``."""

    id: ClassVar[str] = "reddit-file"
    description: ClassVar[str] = "Reddit thread or subreddit listing saved as JSON"

    @classmethod
    def accepts(cls, spec: str) -> bool:
        path = Path(spec)
        if "://" in spec or path.suffix.lower() != ".json":
            return False
        if not path.exists():
            return True  # so the error names the missing file
        if not path.is_file():
            return False  # a folder, FIFO or device: opening a FIFO would block
        try:
            with path.open("rb") as fh:
                head = fh.read(256)
        except OSError:
            return True  # unreadable: let ingest() name the problem
        return not head.strip() or bool(_LOOKS_REDDIT.match(head))

    def ingest(self, spec: str, options: IngestOptions) -> list[SourceItem]:
        return read_reddit_file(spec)


def read_reddit_file(path: str | Path) -> list[SourceItem]:
    """Items of a saved thread or listing; SourceError naming the file on any problem."""
    p = Path(path)
    text = read_text(p, SourceError, encoding="utf-8-sig")
    if not text.strip():
        raise SourceError(f"{p}: file is empty")
    return parse_response(json_value(text, str(p), SourceError), str(p))


class RedditLiveSource(SourceBackend):
    """``r/<subreddit>`` or a thread URL, fetched from Reddit now."""

    id: ClassVar[str] = "reddit-live"
    description: ClassVar[str] = "live Reddit: r/<subreddit> or a thread URL"

    @classmethod
    def accepts(cls, spec: str) -> bool:
        return parse_thread_url(spec) is not None or parse_subreddit(spec) is not None

    def ingest(self, spec: str, options: IngestOptions) -> list[SourceItem]:
        with RedditClient(transport=options.transport, agent=options.user_agent) as client:
            thread_id = parse_thread_url(spec)
            if thread_id:
                return fetch_thread(client, thread_id, options.more_limit, label=spec)
            sub = parse_subreddit(spec)
            if sub is None:
                raise SourceError(f"{spec}: not a Reddit thread URL or r/<subreddit>")
            return fetch_subreddit(client, sub, options)


def fetch_subreddit(client: RedditClient, sub: str, options: IngestOptions) -> list[SourceItem]:
    """The listing's threads (stickied announcements skipped), each with its comments."""
    listing = client.listing(sub, options.sort, options.time, options.limit)
    data = listing.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    children = children if isinstance(children, list) else []
    posts = [c["data"] for c in children if is_post(c) and c["data"].get("id")]
    if not posts:
        raise SourceError(
            f"r/{sub}: the {options.sort} listing is empty (unknown or empty subreddit?)"
        )
    items: list[SourceItem] = []
    for post in posts[: options.limit]:
        if post.get("stickied"):
            continue
        if options.progress:
            options.progress(f"r/{sub}: {post.get('id')}")
        items.extend(fetch_thread(client, str(post["id"]), options.more_limit))
    return items


def fetch_thread(
    client: RedditClient, thread_id: str, more_limit: int, label: str = ""
) -> list[SourceItem]:
    """One thread with up to ``more_limit`` hidden comments expanded."""
    data = client.thread(thread_id)
    if not (isinstance(data, list) and is_reddit_response(data)):
        url = label or f"https://www.reddit.com/comments/{thread_id}"
        raise SourceError(f"{url}: Reddit's answer is not a thread ([post, comments] expected)")
    builder = ThreadBuilder(data[0]["data"]["children"][0]["data"], escaped=False)
    builder.add_tree(data[1]["data"]["children"])
    _expand_more(client, builder, more_limit)
    hidden = sum(s.count for s in builder.more)
    builder.root.extra["comments_not_fetched"] = hidden
    return builder.items


def _expand_more(client: RedditClient, builder: ThreadBuilder, more_limit: int) -> None:
    """Fetch hidden comments, biggest stubs first, until ``more_limit`` ids are asked."""
    budget = more_limit
    link = str(builder.post.get("name") or f"t3_{builder.post.get('id')}")
    while budget > 0:
        stubs = sorted((s for s in builder.more if s.children), key=lambda s: -s.count)
        if not stubs:
            return
        stub = stubs[0]
        ids = stub.children[:budget]
        stub.children = stub.children[len(ids) :]
        stub.count = max(0, stub.count - len(ids)) if stub.children else 0
        budget -= len(ids)
        things: list[Any] = client.more_children(link, ids)
        builder.add_things(things)
