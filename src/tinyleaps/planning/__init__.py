"""The planner: ``sources.json`` → ``rundown.json`` (which topics, which points, who).

Thread score (Reddit; see also ``docs/planner.md``)::

    raw = (ln(1 + votes) + 1.5 * ln(1 + comments))
          * (0.5 + 0.5 * min(1, usable / 6))        # a topic needs a discussion
          * recency                                 # 1 within 48 h of `when`, then halves daily
          * 0.35  if flair is "Question | Help" and votes < 100 and comments < 40
          * 0.5   if a link post (no body) with fewer than 5 usable comments
    score = raw / max(raw over the day)             # 0..1, the best thread is 1.0

``votes`` is the post score, ``comments`` its ``num_comments`` (or the comments present),
``usable`` the comments worth quoting: creditable author (no [deleted], no bots), not a
moderator sticky, not a one-liner ("this", "lol", "+1", a bare link). Threads created
after ``when`` (5 min grace), with no usable comment, or whose author is [deleted] are
dropped. Longform candidates (transcripts, articles, feeds, from ``longform.py``) bring
their own 0..1 score and are ranked together with the threads; when both kinds exist,
the episode gets at least one of each.

Near-duplicates: each candidate gets a term signature (1 per title term, 0.5 per term of
the body's first 120 words, plus sqrt of the share of its top 20 comments naming the term;
compound names kept whole and split: ``kimi-k2``, ``kimi``, ``k2``), weighted by smoothed
IDF and compared by cosine. At ``duplicate_threshold`` (0.3) or above with a kept topic
(or one of its first 3 threads), the lower-ranked candidate joins it: its ids join the
segment's ``source_ids`` and its comments join the pool of key points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..artifacts import Rundown, RundownSegment, SourceItem, SourceRef, Sources, source_ref
from ..errors import InputError
from ..grounding.kinds import medium
from .candidates import (
    build_segment,
    follow_ups,
    longform_candidates,
    merge_duplicates,
    reddit_candidates,
    select,
    steer_candidates,
)
from .options import PlanOptions

__all__ = ["PlanOptions", "plan", "describe_origin"]

_KIND_WORDS = {
    "transcript_turn": ("a transcript", "transcripts"),
    "article": ("an article", "articles"),
    "feed_item": ("a news feed", "news feeds"),
}


def plan(sources: Sources, options: PlanOptions | None = None) -> Rundown:
    """Choose up to ``options.topics`` topics and their key points.

    Raises :class:`InputError` naming the input when no thread has anything to discuss.
    """
    options = options or PlanOptions()
    if options.when.tzinfo is None:
        options.when = options.when.astimezone()
    cands = reddit_candidates(sources, options) + longform_candidates(sources, options)
    if not cands:
        name = ", ".join(sources.inputs) or "sources.json"
        kinds = {item.kind for item in sources.sources}
        if kinds & {"transcript_turn", "article", "feed_item"}:
            raise InputError(f"{name}: nothing long enough to discuss (a topic needs a few "
                             "minutes of talk or a few paragraphs of text)")
        raise InputError(f"{name}: no thread with comments to discuss")
    cands = steer_candidates(cands, options)
    if not cands:
        name = ", ".join(sources.inputs) or "sources.json"
        raise InputError(f"{name}: every topic matches --exclude "
                         f"{', '.join(options.steering.exclude)!r}")
    follow_ups(cands, options)
    kept = merge_duplicates(cands, options.duplicate_threshold)
    chosen = select(kept, options.topics)
    segments = [build_segment(c, i, options) for i, c in enumerate(chosen, start=1)]
    by_id = sources.by_id()
    for seg in segments:
        seg.source_ids = [i for i in seg.source_ids if i in by_id]
    cited = [by_id[i] for i in _cited_ids(segments)]
    return Rundown(
        recorded_at=options.when.isoformat(),
        origin=options.origin or describe_origin(cited),
        segments=segments,
        sources=_refs(cited),
    )


def _cited_ids(segments: list[RundownSegment]) -> list[str]:
    ids: list[str] = []
    for seg in segments:
        ids += [seg.main_source, *seg.source_ids, *(p.source_id for p in seg.points)]
    return list(dict.fromkeys(ids))


def _refs(items: Iterable[SourceItem]) -> dict[str, SourceRef]:
    return {item.id: source_ref(item) for item in items}


def describe_origin(items: Iterable[SourceItem]) -> str:
    """Where the topics come from, speakable: 'r/LocalLLaMA', 'r/LocalLLaMA and an
    article', 'two transcripts'..."""
    items = list(items)
    subs = list(dict.fromkeys(_subreddit(i) for i in items if i.kind.startswith("reddit")))
    parts = [s for s in subs if s]
    for kind, (one, many) in _KIND_WORDS.items():
        roots = {i.thread or i.id: i for i in items if i.kind == kind}
        if kind == "transcript_turn" and len(roots) == 1:
            kind_word = medium(source_ref(next(iter(roots.values()))))
            article = "an" if kind_word[:1] in "aeiou" else "a"
            one = f"{article} {kind_word} transcript" if kind_word != "conversation" else one
        if roots:
            parts.append(one if len(roots) == 1 else many)
    if not parts:
        return "the community"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _subreddit(item: SourceItem) -> str:
    sub = str(item.extra.get("subreddit") or "")
    if not sub:
        match = re.search(r"/r/([A-Za-z0-9_]+)", item.url)
        sub = match.group(1) if match else ""
    return f"r/{sub}" if sub else "Reddit"
