"""Who a script may name, and how: the people behind its sources.

A Reddit user is credited as ``@handle``; a speaker or author of a transcript, article or
feed item by name; an anonymous author (``[deleted]``, ``Speaker 1``) never. A topic's
original poster is the author of its first thread-starting source, or the main speaker of
a transcript. Planning, writing and ``tinyleaps check`` all follow these rules, so they
live here, below all three.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..artifacts import Script, SourceRef
from ..text.names import is_placeholder_label
from ..text.words import wordlist
from .kinds import NAMED_KINDS, ROOT_KINDS

#: authors that name nobody: they cannot be credited and are never required
ANONYMOUS = frozenset({"", "[deleted]", "[removed]", "deleted", "anonymous", "unknown",
                       "na", "n/a", "none", "null", "unknown speaker", "ai voice"})

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
            or is_placeholder_label(name))


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


def credit(author: str, kind: str = "") -> str | None:
    """How a host names an author: ``@handle`` for a Reddit user name, a plain name for a
    real name and for any speaker or author of a transcript, article or feed item
    (``kind``), or None when anonymous (``[deleted]``, ``unknown``, ``Speaker 1``)."""
    name = author.strip()
    if is_anonymous(name):
        return None
    return f"@{name}" if is_handle(name) and kind not in NAMED_KINDS else name


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
_NOT_NAME_WORDS = wordlist("names", "not_name_words")
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


def name_matches(name: str, people: list[str]) -> bool:
    """``name`` is one of ``people``: equal, or all its words among one person's words
    ("Maya Okafor" for "Dr. Maya Okafor"), or a trailing part of it is ("Then Jun Park")."""
    words = [w.lower().strip(".") for w in name.split()]
    for person in people:
        have = [w.lower().strip(".,") for w in person.split()]
        for start in range(len(words) - 1):
            if all(w in have for w in words[start:]):
                return True
    return False
