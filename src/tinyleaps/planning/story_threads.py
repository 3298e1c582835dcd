"""A thread as the story clustering sees it: its model names, organisations, links,
words (tf-idf of its head and its talk), embedding and engagement."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..text.clean import clean_prose
from ..text.names import Names
from ..text.vectors import tfidf
from ..text.words import tokens
from .embed import Embedder
from .entities import ModelName, mentions
from .signature import signature
from .threads import Thread, parse_time

TOP_COMMENTS = 20  # comments that say what a thread is about
HEAD_WORDS = 60  # words of a body read with the title


@dataclass
class StoryThread:
    """One thread as the clustering sees it."""

    thread: Thread
    weight: float
    name: ModelName | None  # the subject: the first model name of the title or link
    names: list[ModelName] = field(default_factory=list)
    orgs: set[str] = field(default_factory=set)
    talk_names: Counter[str] = field(default_factory=Counter)  # key -> comments naming it
    talk_orgs: Counter[str] = field(default_factory=Counter)  # organisation -> comments
    talked: int = 0  # top comments read
    hour: float | None = None  # created, hours since the epoch
    head_keys: set[str] = field(default_factory=set)  # story keys the body's start names
    head_orgs: set[str] = field(default_factory=set)
    words: dict[str, float] = field(default_factory=dict)
    talk: dict[str, float] = field(default_factory=dict)
    embedding: np.ndarray | None = None

    @property
    def id(self) -> str:
        return self.thread.post.id

    @property
    def key(self) -> str:
        return self.name.story if self.name is not None else ""


def engagement(thread: Thread) -> float:
    """``ln(1 + votes) + 1.5 ln(1 + comments)``: how much a thread was read and discussed."""
    votes = max(thread.post.score or 0, 0)
    comments = max(int(thread.post.extra.get("num_comments") or 0), len(thread.comments))
    return math.log1p(votes) + 1.5 * math.log1p(comments)


MAX_SUBJECT_LINKS = 2  # a body with more links is a list; its links name no subject


def _links(thread: Thread) -> list[str]:
    """The links that say what a post is about: where a link post points, and the links
    of a body that has at most ``MAX_SUBJECT_LINKS``."""
    extra = thread.post.extra
    body = list(extra.get("links") or [])
    target = [extra["link_url"]] if extra.get("link_url") else []
    return target + (body if len(body) <= MAX_SUBJECT_LINKS else [])


def _head(thread: Thread) -> str:
    post = thread.post
    return " ".join(post.text.split()[:HEAD_WORDS]) if post.extra.get("is_self", True) else ""


def _top(thread: Thread) -> list[str]:
    ranked = sorted(thread.comments, key=lambda c: -(c.score or 0))[:TOP_COMMENTS]
    return [c.text for c in ranked if c.text.strip() not in ("[deleted]", "[removed]")]


def story_thread(thread: Thread, names: Names) -> StoryThread:
    """The clustering's view of one thread: its subject, names, words and talk."""
    title = mentions(thread.post.title, _links(thread), names)
    subject = next((m for m in title.models if m.story), None)
    top = _top(thread)
    talk: Counter[str] = Counter()
    talk_orgs: Counter[str] = Counter()
    for text in top:
        found = mentions(text, None, names)
        talk.update({k for m in found.models for k in m.keys() if m.story or m.version} |
                    {m.family for m in found.models})
        talk_orgs.update(found.orgs)
    head = mentions(_head(thread), None, names)
    created = parse_time(thread.post.created)
    hour = created.timestamp() / 3600 if created else None
    return StoryThread(thread, engagement(thread), subject, title.models, title.orgs, talk,
                       talk_orgs, len(top), hour, {m.story for m in head.models} - {""},
                       head.orgs)


def word_vectors(docs: Sequence[StoryThread]) -> None:
    heads = [signature(d.thread.post.title, _head(d.thread), []) for d in docs]
    talks = [signature("", "", _top(d.thread)) for d in docs]
    for d, w, t in zip(docs, tfidf(heads), tfidf(talks), strict=True):
        d.words, d.talk = w, t


def embed_threads(docs: Sequence[StoryThread], embedder: Embedder | None, limit: int) -> None:
    if embedder is None:
        return
    chosen = sorted(docs, key=lambda d: -d.weight)[:limit]
    texts = [" ".join(tokens(clean_prose(d.thread.post.title))[:16]) or d.thread.post.title
             for d in chosen]
    for d, vec in zip(chosen, embedder(texts), strict=True):
        d.embedding = np.asarray(vec, dtype=np.float32)
