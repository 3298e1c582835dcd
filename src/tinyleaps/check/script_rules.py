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
from collections.abc import Iterator, Mapping

from ..artifacts import Script, SourceRef, Turn
from .problems import Problem

MIN_HOST_SHARE = 0.30
#: source kinds that start a thread (a comment or transcript turn never does)
ROOT_KINDS = ("reddit_post", "article", "feed_item")
#: source kinds whose authors are people credited by name, not by ``@handle``
NAMED_KINDS = ("transcript_turn", "article", "feed_item")
#: authors that name nobody: they cannot be credited and are never required
ANONYMOUS = frozenset({"", "[deleted]", "[removed]", "deleted", "anonymous", "unknown",
                       "na", "n/a", "none", "null", "unknown speaker", "ai voice"})
# placeholder speaker labels: "Speaker 1", "SPEAKER_00", "spk2", "Guest 3"
_GENERIC_LABEL = re.compile(r"^(speaker|spk|voice|guest|participant)[\s_-]*\d+$",
                            re.IGNORECASE)

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
    return (name.lower() in ANONYMOUS or not any(c.isalnum() for c in name)
            or bool(_GENERIC_LABEL.match(name)))


def credits(text: str, author: str, kind: str = "") -> bool:
    """Does ``text`` credit ``author``: as ``@author``/``u/author`` for a Reddit user
    name, by name (case-insensitively) for a real name like ``Jane Doe`` and for any
    speaker or author of a transcript, article or feed item (``kind``)?"""
    if is_handle(author) and kind not in NAMED_KINDS:
        return author.lower() in {h.lower() for h in find_handles(text)}
    if kind in NAMED_KINDS:
        return re.search(rf"(?<![\w@/]){re.escape(author)}(?!\w)", text, re.IGNORECASE) \
            is not None or author.lower() in {h.lower() for h in find_handles(text)}
    return author.lower() in text.lower()


def main_speaker(authors: list[str]) -> str | None:
    """The speaker of most turns among ``authors`` (one entry per turn, in order; ties go
    to whoever spoke first); anonymous and ``Speaker 1``-style labels never count."""
    counts: dict[str, int] = {}
    for name in authors:
        if not is_anonymous(name):
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else None


def segment_op(script: Script, segment_id: str) -> tuple[str, str] | None:
    """(source id, author) of the original poster of a topic segment (see
    :func:`segment_op_ids`)."""
    seg = next((s for s in script.segments if s.id == segment_id), None)
    if seg is None:
        return None
    return segment_op_ids(script.sources, seg.source_ids)


def segment_op_ids(sources: Mapping[str, SourceRef], source_ids: list[str]
                   ) -> tuple[str, str] | None:
    """(source id, author) of the original poster among ``source_ids``.

    For a segment led by a transcript (its first known source is a transcript turn) that
    is the main speaker (:func:`main_speaker` over its transcript turns) and their first
    turn; otherwise the author of the first thread-starting source among its
    ``source_ids`` (else its first known source). ``None`` when the segment has no known
    source or the author is anonymous."""
    known = [sid for sid in source_ids if sid in sources]
    if not known:
        return None
    if sources[known[0]].kind == "transcript_turn":
        turns = [sid for sid in known if sources[sid].kind == "transcript_turn"]
        speaker = main_speaker([sources[sid].author for sid in turns])
        if speaker is None:
            return None
        return next(sid for sid in turns if sources[sid].author == speaker), speaker
    roots = [sid for sid in known if sources[sid].kind in ROOT_KINDS]
    chosen = (roots or known)[0]
    author = sources[chosen].author.strip()
    return None if is_anonymous(author) else (chosen, author)


def op_credited(script: Script, text: str, op: tuple[str, str]) -> bool:
    """Does ``text`` name the original poster ``op`` the way its source kind wants?"""
    sid, author = op
    ref = script.sources.get(sid)
    return credits(text, author, ref.kind if ref else "")


# --------------------------------------------------------------------------- names

_NAME_TOKEN = r"(?:[A-Z][a-z]*['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:[A-Z]\.\s+)?{_NAME_TOKEN}){{1,3}}"
_CREDIT_VERBS = (
    r"said|says|put it|puts it|argued|argues|pointed out|points out|asked|asks|explained|"
    r"explains|noted|notes|wrote|writes|added|adds|mentioned|mentions|suggested|suggests|"
    r"claimed|claims|told|tells|replied|replies|answered|answers|reckons|thinks|thought|"
    r"believes|warned|warns|joked|admitted|chimed in|jumped in|pushed back|recommended|"
    r"recommends|reported|reports|observed|insisted|countered|described|describes"
)
_CREDIT_RES = (
    re.compile(rf"({_NAME})\s+(?:also\s+|then\s+)?(?:{_CREDIT_VERBS})\b"),
    re.compile(rf"\b(?i:according to)\s+({_NAME})"),
    re.compile(rf"({_NAME}),\s+who\b"),
    re.compile(rf"\b(?i:article|post|piece|essay|write-up|blog post|newsletter|talk|interview|"
               rf"conversation|story|comment|reply|question|point|thread)\s+(?:by|from)\s+"
               rf"({_NAME})"),
    re.compile(rf"\b(?i:thank(?:s|-you| you)\s+(?:go(?:es)? )?(?:to\s+)?)({_NAME})"),
)
#: capitalized words that start a sentence or a phrase but are never part of a name
_NOT_NAME_WORDS = frozenset("""
the this that these those and but so then now here there also and or our my your his her
their its one another both most many some someone everyone nobody anyone people folks
last next first tonight today yesterday honestly meanwhile still even again well okay oh
yes no sure really plus over in on at for from with as like how when while after before
if because since though although reddit thread threads comment comments post article
listeners listener everybody somebody team folks guest guests host hosts show episode
monday tuesday wednesday thursday friday saturday sunday""".split())
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d")


def credited_names(text: str) -> list[str]:
    """Capitalized person names the text credits ("as Jane Doe put it", "according to
    Jane Doe", "Jane Doe, who ...", "an article by Jane Doe", "thanks to Jane Doe").
    Text inside double quotes (a quotation) is skipped; a single word never counts (it
    may be a company: "Meta says"); leading non-name words are dropped ("Then Jane Doe
    said" -> "Jane Doe")."""
    text = _QUOTED.sub(" ", text)
    names: list[str] = []
    for pattern in _CREDIT_RES:
        for m in pattern.finditer(text):
            words = m.group(1).split()
            while words and words[0].lower().strip("'’") in _NOT_NAME_WORDS:
                words.pop(0)
            if len([w for w in words if not w.endswith(".")]) >= 2:
                names.append(" ".join(words))
    return list(dict.fromkeys(names))


def _name_matches(name: str, people: list[str]) -> bool:
    """``name`` is one of ``people``: equal, or all its words among one person's words
    ("Maya Okafor" for "Dr. Maya Okafor"), or a trailing part of it is ("Then Jun Park")."""
    words = [w.lower().strip(".") for w in name.split()]
    for person in people:
        have = [w.lower().strip(".,") for w in person.split()]
        for start in range(len(words) - 1):
            if all(w in have for w in words[start:]):
                return True
    return False


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
        if not _name_matches(name, people):
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


__all__ = [
    "ANONYMOUS",
    "MIN_HOST_SHARE",
    "NAMED_KINDS",
    "ROOT_KINDS",
    "check_script",
    "check_segment",
    "credited_names",
    "credits",
    "main_speaker",
    "op_credited",
    "find_handles",
    "is_anonymous",
    "is_handle",
    "segment_op",
    "segment_op_ids",
]

