"""Choose a story's key comments: high-scoring, diverse, creditable, speakable, and
covering distinct angles (what is new, how it performs, first-hand numbers, pushback,
open questions...; see :mod:`.angles`).

First pass: going down the best-voted comments of every thread of the story (and the posts
of its other threads), take one point per angle not yet covered, each followed by its best
reply. Second pass: fill the remaining places by votes, as before. A point has at least
``MIN_WORDS`` words; one that repeats an earlier one is skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..artifacts import KeyPoint, SourceItem
from ..text.words import jaccard, overlap, tokens
from .angles import angle_of
from .excerpts import speakable_excerpt
from .threads import Thread, is_creditable, is_link_post

REPEAT_OVERLAP = 0.6  # share of the shorter point's tokens already said
REPEAT_JACCARD = 0.35
MIN_REPLY_SCORE = 2
REPLY_SHARE = 0.15  # a reply needs at least this share of its parent's score
MIN_POINTS = 2  # below this, one author may make two points
MAX_REPLIES = 2  # reply points per topic, so top-level voices stay varied
MIN_WORDS = 8  # a point says something: "Qwen-Code" is not one
ANGLE_POOL = 16  # the best-voted comments the first pass looks at for new angles
POST_POINTS = 2  # posts of a story's other threads that may be points


@dataclass
class _Pick:
    item: SourceItem
    text: str
    role: str
    reply_to: str | None
    angle: str = "other"


def _votes(item: SourceItem) -> int:
    return item.score or 0


def _rank(items: list[SourceItem]) -> list[SourceItem]:
    return sorted(items, key=lambda c: (-_votes(c), -len(c.text), c.id))


class _Chooser:
    """Greedy selection with the diversity and one-point-per-author rules."""

    def __init__(self, threads: list[Thread], limit: int) -> None:
        self.limit = limit
        self.by_id = {c.id: c for t in threads for c in t.comments}
        self.roots = {t.post.id for t in threads}
        usable = [c for t in threads for c in t.usable]
        self.top = _rank([c for c in usable if c.parent in self.roots or c.parent is None])
        self.replies: dict[str, list[SourceItem]] = defaultdict(list)
        for c in usable:
            if c.parent and c.parent not in self.roots:
                self.replies[c.parent].append(c)
        self.rest = _rank([c for c in usable if c.parent and c.parent not in self.roots])
        self.posts = [t.post for t in threads[1:] if is_creditable(t.post)
                      and not is_link_post(t.post)]
        self.picks: list[_Pick] = []
        self.said: list[list[str]] = []

    def full(self) -> bool:
        return len(self.picks) >= self.limit

    def authors(self) -> set[str]:
        return {p.item.author for p in self.picks}

    def repeats(self, toks: list[str]) -> bool:
        for said in self.said:
            if jaccard(toks, said) >= REPEAT_JACCARD:
                return True
            if min(len(set(toks)), len(set(said))) >= 4 and overlap(toks, said) >= REPEAT_OVERLAP:
                return True
        return False

    def angles(self) -> set[str]:
        return {p.angle for p in self.picks}

    def take(self, item: SourceItem, role: str, reply_to: str | None, strict: bool,
             new_angle: bool = False) -> bool:
        if self.full() or any(p.item.id == item.id for p in self.picks):
            return False
        if strict and item.author in self.authors():
            return False
        text = speakable_excerpt(item.text)
        toks = tokens(text)
        if len(text.split()) < MIN_WORDS or text.endswith(":") or self.repeats(toks):
            return False  # too short to say anything, its link is gone, or said already
        angle = angle_of(text)
        if new_angle and angle in self.angles():
            return False
        self.picks.append(_Pick(item, text, role, reply_to, angle))
        self.said.append(toks)
        return True

    def best_reply(self, parent: SourceItem) -> None:
        if sum(p.role == "reply" for p in self.picks) >= MAX_REPLIES:
            return
        floor = max(MIN_REPLY_SCORE, REPLY_SHARE * _votes(parent))
        for reply in _rank(self.replies.get(parent.id, [])):
            if reply.author == parent.author or _votes(reply) < floor:
                continue
            if self.take(reply, "reply", parent.author, strict=True):
                return

    def deeper(self, strict: bool) -> None:
        """Replies whose parent was not chosen, still credited as answering it (only
        ones with at least ``MIN_REPLY_SCORE`` votes when ``strict``)."""
        for reply in self.rest:
            if strict and _votes(reply) < MIN_REPLY_SCORE:
                continue
            target = self.reply_target(reply)
            self.take(reply, "reply" if target else "comment", target, strict=strict)

    def reply_target(self, item: SourceItem) -> str | None:
        parent = self.by_id.get(item.parent or "")
        return parent.author if parent is not None and is_creditable(parent) else None

    def run(self) -> list[KeyPoint]:
        for comment in self.top[:ANGLE_POOL]:  # first pass: one point per angle
            if self.take(comment, "comment", None, strict=True, new_angle=True):
                self.best_reply(comment)
        for post in self.posts[:POST_POINTS]:
            self.take(post, "post", None, strict=True, new_angle=True)
        for comment in self.top:
            if self.take(comment, "comment", None, strict=True):
                self.best_reply(comment)
        self.deeper(strict=True)
        if len(self.picks) < MIN_POINTS:  # nothing else: let an author speak twice
            for comment in self.top:
                self.take(comment, "comment", None, strict=False)
            self.deeper(strict=False)
        return [
            KeyPoint(
                source_id=p.item.id,
                author=p.item.author,
                text=p.text,
                score=p.item.score,
                role=p.role,
                reply_to=p.reply_to,
                angle=p.angle,
            )
            for p in self.picks
        ]


def choose_points(threads: list[Thread], limit: int) -> list[KeyPoint]:
    """Up to ``limit`` key points from the usable comments of ``threads`` (the story's
    lead first) and the posts of its other threads (module docstring): one per angle
    first, then by score, each top-level point followed by its best reply when that reply
    scores well; one point per author unless there is nothing else."""
    return _Chooser(threads, limit).run()
