"""``shownotes.md``: each story with all its threads (every thread it covers, and under
each the comments or passages quoted from it), and everyone credited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..artifacts import Script, SourceRef
from ..timephrase import spoken_date

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_HANDLE = re.compile(r"(?<![\w/])(?:@|u/)([A-Za-z0-9_-]{2,})")


def md_escape(text: str) -> str:
    """Escape untrusted text for Markdown (and so for any HTML rendered from it)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(text: str, url: str) -> str:
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{md_escape(text)}]({safe_url})" if safe_url.startswith("http") else md_escape(text)


def credited_handles(script: Script) -> list[str]:
    """Every handle said in the script, in order of first mention (authors of cited sources)."""
    authors = {ref.author.lower(): ref.author for ref in script.sources.values()}
    seen: dict[str, str] = {}
    for turn in script.turns:
        for m in _HANDLE.finditer(turn.text):
            key = m.group(1).lower()
            if key in authors and key not in seen:
                seen[key] = authors[key]
    return list(seen.values())


ROOT_KINDS = ("reddit_post", "article", "feed_item")
_TIME_MARK = re.compile(r"#t=(\d+)")


@dataclass
class ThreadGroup:
    """One thread of a story: its root (a post, article or feed item; None when the story
    quotes from it without citing the root itself, e.g. a transcript) and the comments or
    passages the story quotes from it, in order of citation."""

    title: str
    root: tuple[str, SourceRef] | None = None
    replies: list[tuple[str, SourceRef]] = field(default_factory=list)


def story_threads(script: Script, segment_id: str) -> list[ThreadGroup]:
    """Every thread a topic segment covers, in order of first citation (the segment's
    sources, then what its turns cite). A reply joins the cited root whose link starts
    its own link, else the root with its title (a comment carries its thread's title)."""
    seg = next(s for s in script.segments if s.id == segment_id)
    cited = seg.source_ids + [c for t in script.turns_of(seg.id) for c in t.cites]
    ids = [i for i in dict.fromkeys(cited) if i in script.sources]
    groups = [ThreadGroup(script.sources[i].title, (i, script.sources[i]))
              for i in ids if script.sources[i].kind in ROOT_KINDS]
    for sid in ids:
        ref = script.sources[sid]
        if ref.kind in ROOT_KINDS:
            continue
        home = _home(ref, groups)
        if home is None:
            home = ThreadGroup(ref.title)
            groups.append(home)
        home.replies.append((sid, ref))
    first = {sid: n for n, sid in enumerate(ids)}
    return sorted(groups, key=lambda g: min(first[i] for i, _ in _members(g)))


def _members(group: ThreadGroup) -> list[tuple[str, SourceRef]]:
    return ([group.root] if group.root else []) + group.replies


def _home(ref: SourceRef, groups: list[ThreadGroup]) -> ThreadGroup | None:
    by_link = [g for g in groups if g.root and g.root[1].url and ref.url.startswith(g.root[1].url)]
    by_title = [g for g in groups if g.title == ref.title]
    found = by_link or by_title
    return found[0] if found else None


def time_mark(url: str) -> str:
    """``...#t=754`` -> ``12:34`` (a transcript passage's place), else ""."""
    m = _TIME_MARK.search(url)
    if not m:
        return ""
    return clock(int(m.group(1)))


def clock(seconds: float) -> str:
    """``1:02:03`` or ``02:03``."""
    s = max(0, int(seconds))
    h, m, sec = s // 3600, s % 3600 // 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


def reply_label(ref: SourceRef) -> str:
    """What a quoted piece is called in the notes: "comment", "passage at 12:34"..."""
    if ref.kind.endswith("comment"):
        return "comment"
    if ref.kind == "transcript_turn":
        mark = time_mark(ref.url)
        return f"passage at {mark}" if mark else "passage"
    return ref.kind.replace("_", " ")


def render_shownotes(script: Script) -> str:
    when = datetime.fromisoformat(script.recorded_at)
    hosts = " and ".join(md_escape(h.name) for h in script.hosts)
    lines = [f"# {md_escape(script.title)}", "", f"*{spoken_date(when)}, with {hosts}.*", ""]
    lines += ["## Topics", ""]
    for seg in (s for s in script.segments if s.kind == "topic"):
        groups = story_threads(script, seg.id)
        if not groups:
            continue
        lines += [f"### {md_escape(seg.title)}", ""]
        for group in groups:
            lines += _thread_lines(group, seg.title)
        lines.append("")
    people = credited_handles(script)
    if people:
        lines += ["## Everyone credited", "", ", ".join(f"@{md_escape(p)}" for p in people), ""]
    lines += ["---", "", f"Made with Tiny Leaps by {md_escape(script.show)}: written by "
              f"`{md_escape(str(script.writer.get('id', 'unknown')))}`, voiced locally.", ""]
    return "\n".join(lines)


def _thread_lines(group: ThreadGroup, fallback: str) -> list[str]:
    if group.root:
        root = group.root[1]
        head = f"- Thread: {_link(root.title or fallback, root.url)} by {_person(root)}"
    else:
        head = f"- From: {md_escape(group.title or fallback)}"
    return [head] + [f"  - {_person(ref)}: {_link(reply_label(ref), ref.url)}"
                     for _sid, ref in group.replies]


def _person(ref: SourceRef) -> str:
    return f"@{md_escape(ref.author)}" if ref.kind.startswith("reddit") else md_escape(ref.author)
