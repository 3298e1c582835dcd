"""What the beat planner reads off a rundown segment: the story's spoken name, the
follow-up line for a story told before, points in reply order, figures worth setting side
by side, the summary without its title; and the episode's moment."""

from __future__ import annotations

import re
from datetime import datetime

from ..artifacts import KeyPoint, RundownSegment, SourceRef
from ..errors import ArtifactError
from ..grounding.kinds import family
from ..timephrase import parse_when, spoken_date
from .features import figure_kind
from .naming import spoken_name, trim_name
from .speakable import clean
from .third_person import lower_first


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", clean(text).lower()) if len(w) > 3}


def already_told(text: str, opened: set[str]) -> bool:
    """Has the open already said this point (most of its words)?"""
    words = content_words(text)
    return bool(words) and len(words & opened) >= 0.7 * len(words)


def story_name(rs: RundownSegment, ref: SourceRef | None) -> str:
    kind = ref.kind if ref else "reddit_post"
    if family(kind) != "reddit" and clean(rs.spoken_title):
        return trim_name(clean(rs.spoken_title).split(":")[0])
    image = bool(re.search(r"\b(?:an? (?:image|video)|image gallery)\b", rs.summary[:200],
                           re.IGNORECASE))
    flair = ""
    m = re.search(r"\bflair[:=]\s*([^;|]+)", rs.why or "")
    if m:
        flair = m.group(1).strip()
    return spoken_name(rs.title, summary=rs.summary, image=image, flair=flair,
                       comments=[p.text for p in rs.points])


def follow_up_line(rs: RundownSegment) -> str:
    """"Last time, on Tuesday, July 22nd, we covered the Qwen3-Coder release; this is
    where it went next." for a story an earlier episode covered."""
    fu = rs.follow_up
    if fu is None:
        return ""
    try:
        when = spoken_date(datetime.fromisoformat(fu.date)).rsplit(",", 1)[0]
    except ValueError:
        when = fu.date
    covered = clean(fu.covered) or "this story"
    return f"Last time, on {when}, we covered {lower_first(covered)}; this is where it went next."


def chain_order(points: list[KeyPoint]) -> list[KeyPoint]:
    """Points in rundown order, except that a reply follows the point it answers."""
    ordered: list[KeyPoint] = []
    pending = list(points)
    while pending:
        kp = pending.pop(0)
        ordered.append(kp)
        replies = [p for p in pending if p.reply_to and p.reply_to.lower() == kp.author.lower()]
        for r in reversed(replies):
            pending.remove(r)
            pending.insert(0, r)
    return ordered


#: figures worth setting side by side (a model's size is part of its name, not a result)
COMPARABLE = ("speed", "memory", "money", "power")


_CLEAN_FIGURE = re.compile(r"^\$?\d+(?:[.,]\d+)?\s?[a-zA-Z/%]*$")


def same_unit(a: str, b: str) -> bool:
    """Two figures worth setting side by side: the same kind of measure, both single
    values ("17 tok/s", not "10-15k"), and not the same."""
    kind = figure_kind(a)
    return kind in COMPARABLE and kind == figure_kind(b) and a != b and \
        bool(_CLEAN_FIGURE.match(a)) and bool(_CLEAN_FIGURE.match(b))


def without_title(summary: str, title: str) -> str:
    """The summary without a leading copy of the title (planners and posters often
    repeat it, quoted or not)."""
    text = clean(summary)
    head = re.findall(r"[a-z0-9]+", clean(title).lower())
    if not head:
        return text
    words = text.split()
    for n in range(1, min(len(words), len(head) + 3) + 1):
        if re.findall(r"[a-z0-9]+", " ".join(words[:n]).lower()) == head:
            return " ".join(words[n:]).lstrip(" .!?:;,-'\"“”")
    return text


def episode_moment(recorded_at: str) -> datetime:
    try:
        return parse_when(recorded_at)
    except Exception as exc:  # InputError: the rundown was edited by hand
        raise ArtifactError(f"rundown: recorded_at {recorded_at!r} is not an ISO 8601 "
                            "date-time") from exc
