"""The script's grounding rules (docs/contract.md, "What tinyleaps check DIR enforces").

Every rule returns :class:`Problem` values whose message is one actionable line, e.g.
``turn 7 (ELIZA, topic-2): @foo is not the author of any source this turn cites
(cited: @bar, @baz)``. The same messages are fed back to an LLM writer for repair, so
they say what to change, not only what is wrong.

``check_script`` runs every rule on a whole script; ``check_segment`` runs the same
rules on one segment (everything except the whole-script host-share rule).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..artifacts import Script, Turn
from .kinds import NAMED_KINDS
from .people import credited_names, find_handles, is_handle, name_matches, op_credited, segment_op

MIN_HOST_SHARE = 0.30


@dataclass(frozen=True)
class Problem:
    """One violation. ``rule`` is a short stable id (``empty-turn``, ``invented-handle``,
    ``unknown-speaker``, ``op-not-credited``, ``outro-missing-op``, ``uncited-topic``,
    ``unknown-source``, ``host-share``); ``message`` is one line a human (or an LLM being
    asked to repair its output) can act on."""

    rule: str
    message: str
    segment: str | None = None
    turn: int | None = None  # index into Script.turns

    def __str__(self) -> str:
        already = self.message.startswith("turn ")
        where = f"turn {self.turn + 1}: " if self.turn is not None and not already else ""
        return f"{where}{self.message}"


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


def _indexed(script: Script, segment_id: str) -> Iterator[tuple[int, Turn]]:
    return ((i, t) for i, t in enumerate(script.turns) if t.segment == segment_id)


def _where(index: int, turn: Turn) -> str:
    return f"turn {index + 1} ({turn.speaker or '?'}, {turn.segment})"


def _at(name: str) -> str:
    return f"@{name}" if is_handle(name) else name


def _credit_form(script: Script, op: tuple[str, str]) -> str:
    ref = script.sources.get(op[0])
    return op[1] if ref is not None and ref.kind in NAMED_KINDS else _at(op[1])


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
    people = _people(script, turn)
    for name in credited_names(turn.text):
        if not name_matches(name, people):
            named = ", ".join(p for p in people if " " in p.strip()) or "none"
            add("invented-name",
                f"credits {name}, who is not a speaker or author of any source this turn or "
                f"its segment cites (named people cited: {named}); credit only them")
    return out


def _people(script: Script, turn: Turn) -> list[str]:
    """Who a turn may credit by name: the hosts, the show, and the authors of the sources
    the turn and its segment cite."""
    seg = next((s for s in script.segments if s.id == turn.segment), None)
    ids = [*turn.cites, *(seg.source_ids if seg else [])]
    authors = {script.sources[i].author for i in ids if i in script.sources}
    return [*script.host_names(), script.show, *sorted(authors)]


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
        if not any(op_credited(script, t.text, op) for t in turns):
            who = _credit_form(script, op)
            problems.append(Problem(
                "op-not-credited",
                f"segment {segment_id} never names the original poster {who}; credit "
                f"{who} when introducing the topic and cite {sid}",
                segment=segment_id))
    return problems


def _outro_rules(script: Script, segment_id: str) -> list[Problem]:
    text = " ".join(t.text for t in script.turns_of(segment_id))
    problems: list[Problem] = []
    for seg in script.segments:
        if seg.kind != "topic":
            continue
        op = segment_op(script, seg.id)
        if op is None or op_credited(script, text, op):
            continue
        who = _credit_form(script, op)
        problems.append(Problem(
            "outro-missing-op",
            f"the outro does not thank {who}, original poster of {seg.id}; thank "
            f"{who} by name and cite {op[0]}",
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
