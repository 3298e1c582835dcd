"""What a thread has to tell: its substance score, and image-only and meme posts.

``substance`` is in 0..1 (see also ``docs/planner.md``)::

    substance = min(1, 0.4                  # any thread
                       + 0.25 * release     # announces or ships something (flair New Model or
                                            #   News, "released", "is here", a model link)
                       + 0.15 * numbers     # measures: %, t/s, GB, a benchmark score, a table
                       + 0.15 * howto       # a guide, a fix, commands to run
                       + 0.3  * firsthand   # top comments with first-hand numbers
                       + 0.2  * pushback)   # top comments that disagree (angles.py)
    substance *= 0.35 for a meme            # flair Funny, or an image-only post whose title
                                            #   names no model and no number

An image-only post has no words of its own: an image, video or gallery with no body. A
meme competes with news only when it dominates the day (three times the reach of the
best story), and then as one short lighter segment (``RundownSegment.light``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..artifacts import SourceItem
from .angles import angle_of
from .entities import model_names
from .threads import Thread, is_link_post

BASE = 0.4
RELEASE = 0.25
NUMBERS = 0.15
HOWTO = 0.15
FIRSTHAND = 0.3
PUSHBACK = 0.2
MEME_FACTOR = 0.35
TOP_COMMENTS = 20

_MEDIA_DOMAINS = ("i.redd.it", "v.redd.it", "i.imgur.com", "imgur.com", "imgflip.com",
                  "youtube.com", "youtu.be", "x.com", "twitter.com")
_MEDIA_TEXT = re.compile(r"^(?:an? (?:image|video|image gallery)\b|a link to )", re.IGNORECASE)
_RELEASE = re.compile(
    r"\b(?:releas(?:ed|es|ing)|launch(?:ed|es)?|is (?:here|out|live)|now (?:available|live|"
    r"supported)|drops?|dropped|announc\w*|introduc\w*|open[- ]?sourced|merged|weights)\b",
    re.IGNORECASE)
_MEASURE = re.compile(
    r"\d+(?:[.,]\d+)?\s?(?:%|percent|t/s|tok/s|tokens?/s(?:ec)?|tps|tk/s|gb|gib|mb|ms|"
    r"x faster|x slower|points?|elo)\b|\b(?:mmlu|gpqa|aime|swe-?bench|humaneval|livebench|"
    r"arena|eq-?bench|simple-?bench|aider|perplexity|pp\d+|tg\d+)\b[^.]{0,40}\d|a table\b",
    re.IGNORECASE)
_HOWTO = re.compile(r"\b(?:how to|guide|tutorial|tips|step[- ]by[- ]step|walkthrough|"
                    r"instructions|fix(?:ed|es)?|--[a-z][\w-]+)\b", re.IGNORECASE)
GUIDE_FLAIRS = ("tutorial | guide", "tutorial", "guide", "resources")
NEWS_FLAIRS = ("new model", "news")


@dataclass
class Substance:
    """The factors of a thread's substance and the resulting 0..1 score."""

    release: bool = False
    numbers: bool = False
    howto: bool = False
    firsthand: float = 0.0
    pushback: float = 0.0
    meme: bool = False
    image_only: bool = False

    @property
    def score(self) -> float:
        raw = (BASE + RELEASE * self.release + NUMBERS * self.numbers + HOWTO * self.howto
               + FIRSTHAND * self.firsthand + PUSHBACK * self.pushback)
        return round(min(1.0, raw) * (MEME_FACTOR if self.meme else 1.0), 4)

    def why(self) -> str:
        """The factors that count, for the rundown's ``why``."""
        parts = [name for name, on in (("release", self.release), ("numbers", self.numbers),
                                       ("how-to", self.howto)) if on]
        if self.firsthand:
            parts.append(f"first-hand {self.firsthand:.0%}")
        if self.pushback:
            parts.append(f"pushback {self.pushback:.0%}")
        if self.meme:
            parts.append("meme")
        elif self.image_only:
            parts.append("image only")
        return f"substance {self.score:.2f}" + (f" ({', '.join(parts)})" if parts else "")


def is_news(thread: Thread) -> bool:
    """Does the thread announce or ship something? Flair "New Model" or "News", a title
    saying released, is here, weights, merged..., or a link to a model on Hugging Face."""
    post = thread.post
    flair = str(post.extra.get("flair") or "").strip().lower()
    links = " ".join([*(post.extra.get("links") or []), str(post.extra.get("link_url") or "")])
    return flair in NEWS_FLAIRS or bool(_RELEASE.search(post.title)) or "huggingface.co/" in links


def is_image_only(post: SourceItem) -> bool:
    """An image, video or gallery with no words of its own (its text is only the title
    and "An image posted to Reddit.")."""
    if not is_link_post(post) and post.extra.get("is_self") is not False:
        return False
    domain = str(post.extra.get("domain") or "").lower().removeprefix("www.")
    link = str(post.extra.get("link_url") or "")
    media = domain in _MEDIA_DOMAINS or "/gallery/" in link
    body = post.text.strip()
    title = post.title.strip().rstrip(".!?")
    if body.lower().startswith(title.lower()):
        body = body[len(title):].lstrip(" .!?")
    return media and (not body or bool(_MEDIA_TEXT.match(body)))


def is_meme(thread: Thread) -> bool:
    """Flair "Funny", or an image-only post whose title names no model and no number."""
    post = thread.post
    flair = str(post.extra.get("flair") or "").strip().lower()
    if flair == "funny":
        return True
    if flair in NEWS_FLAIRS or not is_image_only(post):
        return False
    return not model_names(post.title) and not re.search(r"\d", post.title)


def substance(thread: Thread) -> Substance:
    """The substance factors of one thread (module docstring)."""
    post = thread.post
    flair = str(post.extra.get("flair") or "").strip().lower()
    head = " ".join(post.text.split()[:150])
    top = sorted(thread.usable, key=lambda c: -(c.score or 0))[:TOP_COMMENTS]
    return Substance(
        release=is_news(thread),
        numbers=bool(_MEASURE.search(f"{post.title} {head}")),
        howto=flair in GUIDE_FLAIRS or bool(_HOWTO.search(post.title)),
        firsthand=_share([c for c in top if angle_of(c.text) == "numbers"], top),
        pushback=_share([c for c in top if angle_of(c.text) == "pushback"], top),
        meme=is_meme(thread),
        image_only=is_image_only(post),
    )


def _share(hits: list[SourceItem], of: list[SourceItem]) -> float:
    """Share of ``of`` in ``hits``, counted fully at a third."""
    return round(min(1.0, 3 * len(hits) / len(of)), 3) if of else 0.0
