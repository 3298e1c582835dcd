"""Topic candidates from every kind of source, ranked together, duplicates merged."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..artifacts import FollowUp, KeyPoint, RundownSegment, SourceItem, Sources
from ..text.clean import spoken_title
from ..text.vectors import cosine, tfidf
from .decency import is_fit_to_air
from .embed import query_embedder
from .entities import model_names
from .excerpts import is_mostly_links, speakable_excerpt
from .history import FOLLOW_BOOST, follow_up_of
from .options import PlanOptions
from .points import choose_points
from .signature import signature
from .steer import Topic, steer
from .stories import Story, cluster_stories
from .substance import BASE, Substance, substance
from .threads import Thread, is_link_post, reddit_threads, score_thread

SIGNATURE_COMMENTS = 20  # top comments that say what a thread is about
GROUP_LINKS = 3  # a topic's threads that later duplicates are compared with
MERGED_POINTS = 2  # points borrowed from a merged longform candidate
STORY_THREADS = 8  # a story's threads cited (the lead and the most engaging others)
_DOMAIN_WORDS = {
    "i.redd.it": "is an image",
    "v.redd.it": "is a video",
    "i.imgur.com": "is an image",
    "imgur.com": "is an image",
    "youtu.be": "is a YouTube video",
    "youtube.com": "is a YouTube video",
}


@dataclass
class Candidate:
    """A possible topic: a Reddit story (its threads, the lead first) or a longform
    segment, score in 0..1."""

    id: str
    kind: str  # "reddit" | "longform"
    score: float
    doc: dict[str, float]  # term weights, see text.signature
    threads: list[Thread] = field(default_factory=list)
    segment: RundownSegment | None = None
    merged: list[Candidate] = field(default_factory=list)
    #: the lead thread is an image or meme ("one short lighter segment")
    light: bool = False
    why: str = ""
    story: Story | None = None
    follow_up: FollowUp | None = None

    @property
    def key(self) -> str:
        """The story key: the model the candidate is about ('' when none)."""
        if self.story is not None:
            keys = Counter(m.key for m in self.story.members if m.key)
            return self.story.key or (keys.most_common(1)[0][0] if keys else "")
        title = self.segment.title if self.segment else ""
        return next((n.story for n in model_names(title) if n.story), "")


def scored_threads(sources: Sources, options: PlanOptions) -> list[Thread]:
    """Threads that can be topics: not covered, creditable OP, fit to air, with a usable
    comment, not created after ``when``; each with its raw score."""
    scored: list[Thread] = []
    for thread in reddit_threads(sources):
        comments = thread.post.extra.get("num_comments")
        if options.covered(thread.post.id, comments) or not _op_creditable(thread.post):
            continue
        if not is_fit_to_air(thread.post.title):  # see decency.py
            continue
        if score_thread(thread, options.when) is not None:
            scored.append(thread)
    return scored


def reddit_candidates(sources: Sources, options: PlanOptions) -> list[Candidate]:
    """One candidate per story (``stories.py``): score = the story's summed thread scores
    times ``0.5 + 0.5 * substance`` (its best non-meme thread's), divided by the day's
    best, so the top story is 1.0."""
    scored = scored_threads(sources, options)
    if not scored:
        return []
    stories = cluster_stories(scored, options.stories, options.story_embedder())
    cands = [_story_candidate(story) for story in stories]
    best = max(c.score for c in cands) or 1.0
    for cand in cands:
        cand.score = cand.score / best
    return cands


def _story_candidate(story: Story) -> Candidate:
    named = {m.thread.post.id for m in story.members if story.key and m.key == story.key}
    subs = {t.post.id: substance(t) for t in story.threads}
    threads = sorted(story.threads,
                     key=lambda t: (t.post.id not in named, *_lead_key(t, subs[t.post.id])))
    lead = threads[0]
    solid = [s.score for s in subs.values() if not s.meme]
    grade = max(solid) if solid else max((s.score for s in subs.values()), default=BASE)
    raw = sum(t.raw for t in threads) * (0.5 + 0.5 * grade)
    light = subs[lead.post.id].meme
    why = f"{lead.why}; {subs[lead.post.id].why()}".rstrip("; ")
    if len(threads) > 1:
        why += f"; story of {len(threads)} threads ({story.key or 'by their words'})"
    return Candidate(id=lead.post.id, kind="reddit", score=raw, doc=_thread_doc(lead),
                     threads=threads, light=light, why=why, story=story)


def _lead_key(thread: Thread, sub: Substance) -> tuple[bool, float, str]:
    """A story's lead: a thread whose title names the story's model, not a meme, then the
    best score times substance."""
    return (sub.meme, -thread.raw * (0.5 + 0.5 * sub.score), thread.post.id)


def _op_creditable(post: SourceItem) -> bool:
    return bool(post.author) and post.author not in ("[deleted]", "[removed]")


def _thread_doc(thread: Thread) -> dict[str, float]:
    top = sorted(thread.usable, key=lambda c: -(c.score or 0))[:SIGNATURE_COMMENTS]
    return signature(thread.post.title, thread.post.text, [c.text for c in top])


def longform_candidates(sources: Sources, options: PlanOptions) -> list[Candidate]:
    """Candidates from transcripts, articles and feeds (``planning/longform.py``)."""
    if not any(s.kind not in ("reddit_post", "reddit_comment") for s in sources.sources):
        return []
    from .longform import longform_candidates as build

    by_id = sources.by_id()
    out = []
    for seg in build(sources, options):
        if options.covered(seg.main_source):
            continue
        doc = signature(seg.title, seg.summary, _longform_parts(seg, by_id))
        score = min(1.0, max(0.0, float(seg.score)))
        out.append(Candidate(seg.main_source, "longform", score, doc, segment=seg))
    return out


def _longform_parts(seg: RundownSegment, by_id: dict[str, SourceItem]) -> list[str]:
    """What a longform candidate is about, as "comments" for its signature: each turn of
    a transcript segment, each paragraph of an article or feed item, and its points (a
    term many turns repeat, like a model name, weighs like one many comments repeat)."""
    items = [by_id[i] for i in seg.source_ids if i in by_id]
    parts = [p for item in items for p in re.split(r"\n\s*\n", item.text) if p.strip()]
    return parts + [p.text for p in seg.points]


def steer_candidates(cands: list[Candidate], options: PlanOptions) -> list[Candidate]:
    """``options.steering``: focus themes weigh candidates up, exclude themes drop them
    (``steer.py``)."""
    if not options.steering:
        return cands
    topics = [Topic(c.id, _steer_text(c), c.score) for c in cands]
    passage = options.story_embedder()
    kept = steer(topics, options.steering, query_embedder() if passage else None, passage)
    by_id = {t.title: t for t in kept}
    out = []
    for cand in cands:
        if cand.id in by_id:
            cand.score = by_id[cand.id].score
            if by_id[cand.id].match_focus:
                cand.why += f"; focus match {by_id[cand.id].match_focus:.2f}"
            out.append(cand)
    return out


def _steer_text(cand: Candidate) -> str:
    """What a candidate is about, for steering: titles, gist and points."""
    if cand.segment is not None:
        seg = cand.segment
        return " ".join([seg.title, seg.summary, *(p.text for p in seg.points[:4])])
    lead = cand.threads[0].post
    titles = [t.post.title for t in cand.threads[:6]]
    return " ".join([*titles, " ".join(lead.text.split()[:60])])


def follow_ups(cands: list[Candidate], options: PlanOptions) -> None:
    """Candidates continuing a story of an earlier episode (``history.py``): marked, and
    their score times ``FOLLOW_BOOST``."""
    if not options.history:
        return
    when = options.when.isoformat()
    for cand in cands:
        if cand.segment is not None:
            words = signature(cand.segment.title, cand.segment.summary, [])
        else:
            post = cand.threads[0].post
            words = signature(post.title, post.text, [])
        cand.follow_up = follow_up_of(cand.key, words, options.history, when)
        if cand.follow_up is not None:
            cand.score *= FOLLOW_BOOST
            cand.why += f"; follows the story of {cand.follow_up.date}"


def merge_duplicates(cands: list[Candidate], threshold: float) -> list[Candidate]:
    """Rank by score; a candidate whose TF-IDF cosine with a kept (higher-ranked) topic or
    one of its first merged ones is at least ``threshold`` joins that topic (a transcript
    segment on the story of a Reddit thread; two Reddit stories never merge here)."""
    ranked = sorted(cands, key=lambda c: (-c.score, c.id))
    vectors = tfidf([c.doc for c in ranked])
    groups: list[tuple[Candidate, list[dict[str, float]]]] = []
    for cand, vec in zip(ranked, vectors, strict=True):
        for keeper, members in groups:
            if keeper.kind == cand.kind == "reddit":
                continue  # stories already hold every thread of a story
            if max(cosine(vec, m) for m in members) >= threshold:
                keeper.merged.append(cand)
                if len(members) < GROUP_LINKS:
                    members.append(vec)
                break
        else:
            groups.append((cand, [vec]))
    return [c for c, _ in groups]


def select(kept: list[Candidate], topics: int) -> list[Candidate]:
    """The best ``topics`` candidates, at most one of them light (an image or meme lead);
    when both kinds exist, at least one of each."""
    ranked = sorted(kept, key=lambda c: (-c.score, c.id))
    light = [c for c in ranked if c.light][:1]
    kept = [c for c in ranked if not c.light or c in light]
    chosen = kept[: max(topics, 1)]
    if len(chosen) >= 2:
        for kind in ("reddit", "longform"):
            if any(c.kind == kind for c in chosen):
                continue
            best = next((c for c in kept if c.kind == kind), None)
            if best is not None:
                chosen[-1] = best
    return sorted(chosen, key=lambda c: (-c.score, c.id))


def build_segment(cand: Candidate, index: int, options: PlanOptions) -> RundownSegment:
    """The rundown segment of a chosen candidate, with merged duplicates as sources."""
    if cand.kind == "reddit":
        seg = _reddit_segment(cand, options)
    else:
        assert cand.segment is not None
        seg = cand.segment
        borrowed = []
        for dup in cand.merged:
            if dup.kind == "reddit":
                seg.source_ids.append(dup.id)
                borrowed.append(_borrow(seg.points, choose_points(dup.threads, MERGED_POINTS * 2)))
        seg.points = _interleave(seg.points, borrowed)
    extra = [d.segment for d in cand.merged if d.kind == "longform" and d.segment is not None]
    for other in extra:
        seg.source_ids += [i for i in other.source_ids if i not in seg.source_ids]
    seg.points = _interleave(seg.points, [_borrow(seg.points, o.points) for o in extra])
    seg.id = f"topic-{index}"
    seg.score = round(min(cand.score, 1.0), 4)
    seg.story = cand.key
    seg.follow_up = cand.follow_up
    seg.source_ids = _unique([seg.main_source, *seg.source_ids, *(p.source_id for p in seg.points)])
    return seg


def _interleave(points: list[KeyPoint], borrowed: list[list[KeyPoint]]) -> list[KeyPoint]:
    """``points`` with the points borrowed from merged sources woven in early: the first
    of each merged source right after the first point, the others every second place
    after that, so a short show still quotes the article or the livestream that joined a
    thread, not only the thread."""
    firsts = [group[0] for group in borrowed if group]
    rest = [p for k in range(1, MERGED_POINTS) for group in borrowed if k < len(group)
            for p in [group[k]]]
    out = points[:1] + firsts + points[1:]
    start = 1 + len(firsts) + 1
    for n, point in enumerate(rest):
        out.insert(min(start + 2 * n, len(out)), point)
    return out


def _borrow(have: list[KeyPoint], more: list[KeyPoint]) -> list[KeyPoint]:
    authors = {p.author for p in have}
    return [p for p in more if p.author not in authors][:MERGED_POINTS]


def _reddit_segment(cand: Candidate, options: PlanOptions) -> RundownSegment:
    """A story's segment: the lead thread's title and gist, points from every cited
    thread (the lead's first), every cited thread's post in ``source_ids``."""
    threads = cand.threads + [t for d in cand.merged if d.kind == "reddit" for t in d.threads]
    cited = _cited_threads(threads)
    main = cited[0]
    post = main.post
    points = choose_points(cited, options.points_per_topic)
    summary = post_summary(post)
    if len(cited) > 1:
        others = "; ".join(spoken_title(t.post.title).rstrip(".") for t in cited[1:3])
        summary += f" Also on this story: {others}" + ("" if others[-1:] in "?!" else ".")
    return RundownSegment(
        id="",
        title=" ".join(post.title.split()),
        spoken_title=spoken_title(post.title),
        main_source=post.id,
        source_ids=[t.post.id for t in cited],
        op=post.author,
        url=post.url,
        summary=summary,
        points=points,
        score=cand.score,
        why=cand.why or main.why,
        light=cand.light,
    )


def _cited_threads(threads: list[Thread]) -> list[Thread]:
    """The lead, then the other threads by engagement: at most ``STORY_THREADS``."""
    lead, rest = threads[0], threads[1:]
    rest = sorted(rest, key=lambda t: (-t.raw, t.post.id))
    return [lead, *rest][:STORY_THREADS]


def post_summary(post: SourceItem) -> str:
    """A speakable gist of the post: its first sentences, or title + where a link goes."""
    title = spoken_title(post.title)
    gist = speakable_excerpt(post.text) if post.text.strip() else ""
    if not is_link_post(post):
        if not gist and is_mostly_links(post.text):
            return f"{end_title(title)} The post is mostly links."
        return gist or title
    if gist and _norm(gist).startswith(_norm(title)):
        return gist  # the source backend already wrote "Title. An image posted to Reddit."
    summary = end_title(title)
    if gist:  # a caption says more than "the post is an image"
        return f"{summary} {gist}"
    where = link_target(post)
    return f"{summary} The post {where}." if where else summary


def end_title(title: str) -> str:
    """A title read as a sentence: with closing punctuation."""
    return title if title[-1:] in ".?!" else f"{title}."


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", spoken_title(text).lower()))


def link_target(post: SourceItem) -> str:
    """'is an image', 'links to github.com'... for a link post; '' when unknown."""
    domain = str(post.extra.get("domain") or "")
    link = str(post.extra.get("link") or post.extra.get("link_url") or "")
    if not domain and link:
        domain = urlparse(link).netloc
    domain = domain.lower().removeprefix("www.")
    if not domain or domain.startswith("self.") or domain == "reddit.com":
        return ""
    return _DOMAIN_WORDS.get(domain, f"links to {domain}")


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))
