"""Reddit JSON (``/comments/<id>`` responses, subreddit listings) -> SourceItem objects.

Handles the quirks of real responses: one level of HTML escaping when fetched without
``raw_json=1``, ``"replies": ""`` on leaves, ``more`` stubs (including the empty
"continue this thread" kind), deleted/removed bodies, bots and moderator stickies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ...artifacts import SourceItem
from ...errors import SourceError
from ...text.markdown import domain_of, links_in, speakable, unescape_reddit

__all__ = [
    "MoreStub",
    "ThreadBuilder",
    "is_reddit_response",
    "is_escaped",
    "is_post",
    "parse_response",
    "BOT_AUTHORS",
]

REDDIT = "https://www.reddit.com"
DELETED = ("[deleted]", "[removed]")
# Accounts whose comments are never discussion (lower-case).
BOT_AUTHORS = frozenset(
    {
        "automoderator",
        "remindmebot",
        "sneakpeekbot",
        "wikisummarizerbot",
        "repostsleuthbot",
        "savevideo",
        "vredditdownloader",
        "twitterlinkbot",
        "b0trank",
        "exponentialpbot",
    }
)
_COMMAND = re.compile(r"^\s*(!?remindme!?|!remind me)\b", re.IGNORECASE)


@dataclass
class MoreStub:
    """A ``more`` placeholder: hidden children of ``parent`` (a fullname like t1_x)."""

    parent: str
    children: list[str]
    count: int


def is_reddit_response(data: Any) -> bool:
    """A thread (``[Listing, Listing]``) or a listing of posts (``Listing``)."""
    if isinstance(data, list):
        return len(data) == 2 and all(_is_listing(x) for x in data) and _has_post(data[0])
    return _is_listing(data) and all(is_post(c) for c in data["data"]["children"])


def is_post(thing: Any) -> bool:
    """A ``t3`` thing with its data."""
    return (isinstance(thing, dict) and thing.get("kind") == "t3"
            and isinstance(thing.get("data"), dict))


def _is_listing(x: Any) -> bool:
    return (
        isinstance(x, dict)
        and x.get("kind") == "Listing"
        and isinstance(x.get("data"), dict)
        and isinstance(x["data"].get("children"), list)
    )


def _has_post(listing: dict[str, Any]) -> bool:
    children = listing["data"]["children"]
    return bool(children) and is_post(children[0])


def is_escaped(data: Any) -> bool:
    """Was this response fetched without ``raw_json=1`` (text HTML-escaped once)?

    The ``*_html`` fields tell: escaped responses hold ``&lt;div``, raw ones ``<div``.
    Without such fields assume Reddit's default (escaped); unescaping text that holds
    no entities changes nothing.
    """
    for thing in _things(data):
        for key in ("selftext_html", "body_html"):
            html = thing.get(key)
            if isinstance(html, str) and html:
                return not html.lstrip().startswith("<")
    return True


def _things(data: Any) -> list[dict[str, Any]]:
    listings = data if isinstance(data, list) else [data]
    found = []
    for listing in listings:
        for child in listing["data"]["children"][:20]:
            if isinstance(child, dict) and isinstance(child.get("data"), dict):
                found.append(child["data"])
    return found


def iso_utc(created_utc: Any) -> str:
    """Epoch seconds -> ``2025-07-12T00:06:00+00:00`` (empty when missing)."""
    if not isinstance(created_utc, int | float) or isinstance(created_utc, bool):
        return ""
    try:
        return datetime.fromtimestamp(float(created_utc), UTC).isoformat()
    except (OverflowError, OSError, ValueError):  # NaN, or beyond year 9999
        return ""


def parse_response(data: Any, where: str, escaped: bool | None = None) -> list[SourceItem]:
    """Items of a thread or a subreddit listing; SourceError naming ``where`` otherwise."""
    if not is_reddit_response(data):
        raise SourceError(
            f"{where}: not a Reddit response (expected a /comments/ thread or a listing of posts)"
        )
    esc = is_escaped(data) if escaped is None else escaped
    if isinstance(data, list):
        builder = ThreadBuilder(data[0]["data"]["children"][0]["data"], esc)
        builder.add_tree(data[1]["data"]["children"])
        return builder.items
    return [post_item(c["data"], esc) for c in data["data"]["children"]]


# --------------------------------------------------------------------------- posts


def post_item(d: dict[str, Any], escaped: bool) -> SourceItem:
    """A ``t3`` post as a ``reddit_post`` item (link posts: title plus where it links)."""
    clean = unescape_reddit if escaped else _same
    title = " ".join(clean(str(d.get("title") or "")).split())
    author = str(d.get("author") or "[deleted]")
    selftext = clean(str(d.get("selftext") or ""))
    removed = selftext.strip() in DELETED
    text = "" if removed else speakable(selftext)
    is_self = bool(d.get("is_self", not d.get("url")))
    link = "" if is_self else clean(str(d.get("url_overridden_by_dest") or d.get("url") or ""))
    if not text:
        text = _post_fallback_text(title, link, d)
    extra: dict[str, Any] = {
        "subreddit": _text(d.get("subreddit")),
        "flair": clean(str(d["link_flair_text"])) if d.get("link_flair_text") else None,
        "num_comments": _int(d.get("num_comments")),
        "upvote_ratio": _ratio(d.get("upvote_ratio")),
        "is_self": is_self,
        "domain": _text(d.get("domain")),
        "stickied": bool(d.get("stickied")),
        "distinguished": _text(d.get("distinguished")),
        "over_18": bool(d.get("over_18")),
        "creditable": author not in DELETED,
    }
    if link:
        extra["link_url"] = link
    if not removed and (body_links := links_in(selftext)):
        extra["links"] = body_links
    if removed:
        extra["removed"] = True
    fullname = f"reddit:t3_{d.get('id')}"
    return SourceItem(
        id=fullname,
        kind="reddit_post",
        author=author,
        url=_url(d, fallback=link),
        title=title,
        text=text,
        created=iso_utc(d.get("created_utc")),
        score=_int(d.get("score")),
        thread=fullname,
        parent=None,
        extra=extra,
    )


def _post_fallback_text(title: str, link: str, d: dict[str, Any]) -> str:
    """Text of a post without a body: its title and what it links to."""
    domain = domain_of(link) if link else ""
    if d.get("is_gallery") or "/gallery/" in link:
        where = "An image gallery posted to Reddit."
    elif domain in ("i.redd.it", "i.imgur.com") or d.get("post_hint") == "image":
        where = "An image posted to Reddit." if domain == "i.redd.it" else f"An image on {domain}."
    elif domain == "v.redd.it" or d.get("is_video"):
        where = "A video posted to Reddit."
    elif domain:
        where = f"A link to {domain}."
    else:
        where = ""
    return " ".join(p for p in (_sentence_end(title), where) if p)


def _sentence_end(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _url(d: dict[str, Any], fallback: str = "") -> str:
    permalink = d.get("permalink")
    if isinstance(permalink, str) and permalink.startswith("/"):
        return REDDIT + permalink
    return fallback


def _text(x: Any) -> str | None:
    """A string field of the response (None when it is missing or not a string)."""
    return x if isinstance(x, str) else None


def _ratio(x: Any) -> float | None:
    ok = isinstance(x, int | float) and not isinstance(x, bool) and 0.0 <= x <= 1.0
    return float(x) if ok else None


def _int(x: Any) -> int | None:
    if not isinstance(x, int | float) or isinstance(x, bool) or x != x or x in (
            float("inf"), float("-inf")):
        return None
    return int(x)


def _same(text: str) -> str:
    return text


# --------------------------------------------------------------------------- comments


@dataclass
class ThreadBuilder:
    """Collects a thread's items; ``add_tree`` for nested replies, ``add_things`` for the
    flat lists ``/api/morechildren`` returns. Skipped comments (deleted, bots, mod
    stickies) pass their place to their replies: a reply's ``parent`` is its nearest
    kept ancestor."""

    post: dict[str, Any]
    escaped: bool
    items: list[SourceItem] = field(default_factory=list)
    more: list[MoreStub] = field(default_factory=list)
    _parent_of: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root = post_item(self.post, self.escaped)
        self.items.append(self.root)
        self._parent_of[f"t3_{self.post.get('id')}"] = self.root.id

    def add_tree(self, children: Any) -> None:
        for child in children if isinstance(children, list) else []:
            if not isinstance(child, dict) or not isinstance(child.get("data"), dict):
                continue
            if child.get("kind") == "more":
                self._add_more(child["data"])
            elif child.get("kind") == "t1":
                self._add_comment(child["data"])
                replies = child["data"].get("replies")
                if isinstance(replies, dict) and isinstance(replies.get("data"), dict):
                    self.add_tree(replies["data"].get("children"))

    def add_things(self, things: list[Any]) -> None:
        """Flat ``/api/morechildren`` results (parents come before their replies)."""
        self.add_tree(things)

    def _add_more(self, d: dict[str, Any]) -> None:
        raw = d.get("children")
        children = [str(c) for c in raw] if isinstance(raw, list) else []
        self.more.append(
            MoreStub(
                parent=str(d.get("parent_id") or ""),
                children=children,
                count=_int(d.get("count")) or 0,
            )
        )

    def _add_comment(self, d: dict[str, Any]) -> None:
        fullname = f"t1_{d.get('id')}"
        parent = self._parent_of.get(str(d.get("parent_id") or ""), self.root.id)
        item = None if self._skip(d) else self._comment_item(d, parent)
        if item is None or not item.text:
            self._parent_of[fullname] = parent
            return
        self._parent_of[fullname] = item.id
        self.items.append(item)

    def _skip(self, d: dict[str, Any]) -> bool:
        body = str(d.get("body") or "").strip()
        author = str(d.get("author") or "")
        return (
            not body
            or body in DELETED
            or author.lower() in BOT_AUTHORS
            or d.get("distinguished") in ("moderator", "admin")
            or bool(d.get("stickied"))
            or bool(_COMMAND.match(body))
        )

    def _comment_item(self, d: dict[str, Any], parent: str) -> SourceItem:
        clean = unescape_reddit if self.escaped else _same
        author = str(d.get("author") or "[deleted]")
        parent_removed = parent != f"reddit:{d.get('parent_id')}"
        extra: dict[str, Any] = {
            "subreddit": _text(d.get("subreddit")) or self.root.extra.get("subreddit"),
            "depth": _int(d.get("depth")),
            "is_op": bool(d.get("is_submitter"))
            or (author == self.root.author and author not in DELETED),
            "controversiality": _int(d.get("controversiality")),
            "distinguished": _text(d.get("distinguished")),
            "creditable": author not in DELETED,
        }
        if parent_removed:
            extra["parent_removed"] = True
        return SourceItem(
            id=f"reddit:t1_{d.get('id')}",
            kind="reddit_comment",
            author=author,
            url=_url(d, fallback=self.root.url),
            title=self.root.title,
            text=speakable(clean(str(d.get("body") or ""))),
            created=iso_utc(d.get("created_utc")),
            score=_int(d.get("score")),
            thread=self.root.id,
            parent=parent,
            extra=extra,
        )
