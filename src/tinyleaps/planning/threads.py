"""Reddit threads as planning candidates: which comments are usable, and the thread score.

The score formula is documented in :mod:`tinyleaps.planning` and ``docs/planner.md``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..artifacts import SourceItem, Sources
from .decency import is_fit_to_air
from .excerpts import is_mostly_links, is_one_liner

FRESH_HOURS = 48.0  # no decay within two days of `when`
HALF_LIFE_HOURS = 24.0  # after that, the score halves every day
FUTURE_GRACE = timedelta(minutes=5)  # clock skew tolerated for "created after when"
QUESTION_FLAIRS = ("question | help", "question", "help")
QUESTION_FACTOR = 0.35
HOT_VOTES = 100  # a question with this many votes or...
HOT_COMMENTS = 40  # ...this many comments is discussed like any other thread
LINK_FACTOR = 0.5  # link posts with little discussion
LINK_MIN_USABLE = 5
FULL_DISCUSSION = 6  # usable comments at which the discussion factor reaches 1
BOTS = frozenset({"automoderator", "[deleted]", "[removed]"})


@dataclass
class Thread:
    """A Reddit post, its comments, and its planning score (raw and why)."""

    post: SourceItem
    comments: list[SourceItem]
    usable: list[SourceItem] = field(default_factory=list)
    raw: float = 0.0
    why: str = ""


def is_creditable(item: SourceItem) -> bool:
    """Can this item's author be named on air? Never [deleted]/[removed] or bots."""
    if item.extra.get("creditable") is False:
        return False
    if not item.author or item.author.lower() in BOTS:
        return False
    return item.text.strip() not in ("[deleted]", "[removed]")


def is_usable_comment(item: SourceItem) -> bool:
    """A comment worth quoting: creditable, not a moderator sticky, not a one-liner, not
    mostly links or an image with a caption, and fit to air (see :mod:`.decency`)."""
    if item.extra.get("stickied") or item.extra.get("distinguished") == "moderator":
        return False
    text = item.text
    return (is_creditable(item) and not is_one_liner(text) and not is_mostly_links(text)
            and is_fit_to_air(text))


def reddit_threads(sources: Sources) -> list[Thread]:
    """Every ``reddit_post`` with its ``reddit_comment`` items and usable comments."""
    by_thread: dict[str, list[SourceItem]] = defaultdict(list)
    for item in sources.sources:
        if item.kind == "reddit_comment" and item.thread:
            by_thread[item.thread].append(item)
    threads = []
    for post in sources.sources:
        if post.kind != "reddit_post":
            continue
        comments = by_thread.get(post.id, [])
        usable = [c for c in comments if is_usable_comment(c)]
        threads.append(Thread(post=post, comments=comments, usable=usable))
    return threads


def parse_time(value: str) -> datetime | None:
    """ISO 8601 → aware datetime (naive → UTC); None when unparsable or empty."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def recency(created: str, when: datetime) -> float | None:
    """1 within two days before ``when``, halving daily beyond; None if after ``when``."""
    moment = parse_time(created)
    if moment is None:
        return 1.0
    age_h = (when - moment).total_seconds() / 3600
    if age_h < -FUTURE_GRACE.total_seconds() / 3600:
        return None
    if age_h <= FRESH_HOURS:
        return 1.0
    return float(0.5 ** ((age_h - FRESH_HOURS) / HALF_LIFE_HOURS))


def is_link_post(post: SourceItem) -> bool:
    if post.extra.get("is_self") is False:
        return True
    return not post.text.strip()


def is_question(post: SourceItem) -> bool:
    flair = str(post.extra.get("flair") or "").strip().lower()
    return flair in QUESTION_FLAIRS


def score_thread(thread: Thread, when: datetime) -> float | None:
    """The raw score (see the module docstring of :mod:`tinyleaps.planning`); None when
    the thread cannot be a topic (no usable comment, or created after ``when``)."""
    post = thread.post
    n_usable = len(thread.usable)
    if n_usable == 0:
        return None
    fresh = recency(post.created, when)
    if fresh is None:
        return None
    votes = max(post.score or 0, 0)
    comments = max(int(post.extra.get("num_comments") or 0), len(thread.comments))
    score = math.log1p(votes) + 1.5 * math.log1p(comments)
    factors = [f"{votes} votes", f"{comments} comments", f"{n_usable} usable"]
    score *= 0.5 + 0.5 * min(1.0, n_usable / FULL_DISCUSSION)
    score *= fresh
    if fresh < 1.0:
        factors.append(f"older than 2 days (x{fresh:.2f})")
    if is_question(post) and votes < HOT_VOTES and comments < HOT_COMMENTS:
        score *= QUESTION_FACTOR
        factors.append("help question")
    if is_link_post(post) and n_usable < LINK_MIN_USABLE:
        score *= LINK_FACTOR
        factors.append("link with little discussion")
    thread.raw = score
    thread.why = ", ".join(factors)
    return score
