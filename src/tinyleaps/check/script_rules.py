"""The script's grounding rules (CONTRACT.md, "What tinyleaps check enforces").

Every rule returns :class:`Problem` values whose message is one actionable line, e.g.
``turn 7 (ELIZA, topic-2): @foo is not the author of any source this turn cites
(cited: @bar, @baz)``. The same messages are fed back to an LLM writer for repair, so
they say what to change, not only what is wrong.

``check_script`` runs every rule on a whole script; ``check_segment`` runs the same
rules on one segment (everything except the whole-script host-share rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..artifacts import Script, Turn
from .problems import Problem

MIN_HOST_SHARE = 0.30
#: source kinds that start a thread (a comment or transcript turn never does)
ROOT_KINDS = ("reddit_post", "article", "feed_item")
#: authors that name nobody: they cannot be credited and are never required
ANONYMOUS = frozenset({"", "[deleted]", "[removed]", "deleted", "anonymous", "unknown"})

_HANDLE_CHARS = r"[A-Za-z0-9_-]"
# "@name" not inside an email or a word ("me@host"), not "@ 5 tok/s"; "u/name" not in a URL
_HANDLE_RE = re.compile(
    rf"(?<![\w.+@/-])(?:@|u/)({_HANDLE_CHARS}+)(?![\w@]|\.\w|/)"
)
_HANDLE_NAME_RE = re.compile(rf"^{_HANDLE_CHARS}+$")


def is_handle(author: str) -> bool:
    """Can ``author`` be credited as ``@author`` (a Reddit-style user name)?"""
    return bool(_HANDLE_NAME_RE.match(author)) and any(c.isalpha() for c in author)


def find_handles(text: str) -> list[str]:
    """Every ``@handle`` / ``u/handle`` in ``text``, in order, without the prefix.

    Emails, ``@ 5 tok/s``, handles without a letter (``@4``) and ``reddit.com/u/x`` URL
    parts are not handles.
    """
    return [m.group(1) for m in _HANDLE_RE.finditer(text) if any(c.isalpha() for c in m.group(1))]


def is_anonymous(author: str) -> bool:
    """An author that names nobody (``[deleted]``, empty, only punctuation)."""
    name = author.strip()
    return name.lower() in ANONYMOUS or not any(c.isalnum() for c in name)


def credits(text: str, author: str) -> bool:
    """Does ``text`` credit ``author``: as ``@author``/``u/author`` for a user name,
    by name (case-insensitively) for a real name like ``Jane Doe``?"""
    if is_handle(author):
        return author.lower() in {h.lower() for h in find_handles(text)}
    return author.lower() in text.lower()


def segment_op(script: Script, segment_id: str) -> tuple[str, str] | None:
    """(source id, author) of the original poster of a topic segment: the author of the
    first thread-starting source among its ``source_ids`` (else its first known source).
    ``None`` when the segment has no known source or the author is anonymous."""
    seg = next((s for s in script.segments if s.id == segment_id), None)
    if seg is None:
        return None
    known = [sid for sid in seg.source_ids if sid in script.sources]
    roots = [sid for sid in known if script.sources[sid].kind in ROOT_KINDS]
    if not known:
        return None
    chosen = (roots or known)[0]
    author = script.sources[chosen].author.strip()
    return None if is_anonymous(author) else (chosen, author)


def check_script(script: Script) -> list[Problem]:
    """Every rule on the whole script; an empty list means the script is sound."""
    problems: list[Problem] = []
    for seg in script.segments:
        problems += _segment_rules(script, seg.id)
    problems += _orphan_turns(script)
    problems += _host_share(script)
    return problems


def check_segment(script: Script, segment_id: str) -> list[Problem]:
    """The rules for one segment (for a writer validating a segment at a time)."""
    if not any(s.id == segment_id for s in script.segments):
        known = ", ".join(s.id for s in script.segments) or "none"
        return [Problem("unknown-segment",
                        f"segment {segment_id!r} does not exist (segments: {known})",
                        segment=segment_id)]
    return _segment_rules(script, segment_id)


# --------------------------------------------------------------------------- rules


def _indexed(script: Script, segment_id: str) -> Iterator[tuple[int, Turn]]:
    return ((i, t) for i, t in enumerate(script.turns) if t.segment == segment_id)


def _where(index: int, turn: Turn) -> str:
    return f"turn {index + 1} ({turn.speaker or '?'}, {turn.segment})"


def _at(name: str) -> str:
    return f"@{name}" if is_handle(name) else name


def _segment_rules(script: Script, segment_id: str) -> list[Problem]:
    problems: list[Problem] = []
    for index, turn in _indexed(script, segment_id):
        problems += _turn_rules(script, index, turn)
    seg = next(s for s in script.segments if s.id == segment_id)
    problems += _unknown_segment_sources(script, segment_id, seg.source_ids)
    if seg.kind == "topic":
        problems += _topic_rules(script, segment_id)
    elif seg.kind == "outro":
        problems += _outro_rules(script, segment_id)
    return problems


def _turn_rules(script: Script, index: int, turn: Turn) -> list[Problem]:
    where = _where(index, turn)
    out: list[Problem] = []

    def add(rule: str, message: str) -> None:
        out.append(Problem(rule, f"{where}: {message}", segment=turn.segment, turn=index))

    hosts = script.host_names()
    if turn.speaker not in hosts:
        add("unknown-speaker",
            f"speaker {turn.speaker!r} is not a host; use one of {', '.join(hosts) or 'none'}")
    if not turn.text.strip():
        add("empty-turn", "empty turn; remove it or give it something to say")
    for sid in turn.cites:
        if sid not in script.sources:
            add("unknown-source", f"cites {sid}, which is not in sources; cite only listed ids")
    authors = {script.sources[s].author.lower(): script.sources[s].author
               for s in turn.cites if s in script.sources}
    seen: set[str] = set()
    for handle in find_handles(turn.text):
        if handle.lower() in authors or handle.lower() in seen:
            continue
        seen.add(handle.lower())
        cited = ", ".join(_at(a) for a in authors.values()) or "none"
        add("invented-handle",
            f"@{handle} is not the author of any source this turn cites (cited: {cited}); "
            "cite their source or drop the handle")
    return out


def _unknown_segment_sources(script: Script, segment_id: str, ids: list[str]) -> list[Problem]:
    return [
        Problem("unknown-source",
                f"segment {segment_id} lists source {sid}, which is not in sources",
                segment=segment_id)
        for sid in ids if sid not in script.sources
    ]


def _topic_rules(script: Script, segment_id: str) -> list[Problem]:
    turns = script.turns_of(segment_id)
    problems: list[Problem] = []
    if not any(t.cites for t in turns):
        problems.append(Problem(
            "uncited-topic",
            f"segment {segment_id} cites no sources; put the ids of the sources each turn "
            "discusses in its cites",
            segment=segment_id))
    op = segment_op(script, segment_id)
    if op is not None:
        sid, author = op
        if not any(credits(t.text, author) for t in turns):
            problems.append(Problem(
                "op-not-credited",
                f"segment {segment_id} never names the original poster {_at(author)}; credit "
                f"{_at(author)} when introducing the thread and cite {sid}",
                segment=segment_id))
    return problems


def _outro_rules(script: Script, segment_id: str) -> list[Problem]:
    text = " ".join(t.text for t in script.turns_of(segment_id))
    problems: list[Problem] = []
    for seg in script.segments:
        if seg.kind != "topic":
            continue
        op = segment_op(script, seg.id)
        if op is None or credits(text, op[1]):
            continue
        sid, author = op
        problems.append(Problem(
            "outro-missing-op",
            f"the outro does not thank {_at(author)}, original poster of {seg.id}; thank "
            f"{_at(author)} by name and cite {sid}",
            segment=segment_id))
    return problems


def _orphan_turns(script: Script) -> list[Problem]:
    ids = {s.id for s in script.segments}
    known = ", ".join(s.id for s in script.segments) or "none"
    return [
        Problem("unknown-segment",
                f"{_where(i, t)}: segment {t.segment!r} does not exist (segments: {known})",
                segment=t.segment, turn=i)
        for i, t in enumerate(script.turns) if t.segment not in ids
    ]


def _host_share(script: Script) -> list[Problem]:
    total = script.word_count()
    if total == 0:
        return []
    problems = []
    for name in script.host_names():
        words = sum(len(t.text.split()) for t in script.turns if t.speaker == name)
        share = words / total
        if share < MIN_HOST_SHARE:
            problems.append(Problem(
                "host-share",
                f"{name} speaks {share:.0%} of the words ({words} of {total}); each host needs "
                f"at least {MIN_HOST_SHARE:.0%}, so give {name} more of the points to present"))
    return problems


__all__ = [
    "ANONYMOUS",
    "MIN_HOST_SHARE",
    "ROOT_KINDS",
    "check_script",
    "check_segment",
    "credits",
    "find_handles",
    "is_anonymous",
    "is_handle",
    "segment_op",
]

