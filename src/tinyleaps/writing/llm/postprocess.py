"""Deterministic clean-up of a model's turns before they are checked.

Fixes what needs no second model call: speaker labels in the wrong case or markup, a
label repeated inside the text, empty turns, handles written without ``@`` or slightly
misspelled (``@only-letterhead`` → ``@Only-Letterhead-3411``), and ``cites``: each turn
cites the sources whose authors it names, plus any valid ids the model gave.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ...artifacts import Turn
from ...check.script_rules import credits, find_handles
from ..speakable import credit, join_names
from .parse import RawTurn

#: how a small model refers to the original poster instead of naming them
OP_WORDS = re.compile(r"\b(?:[Tt]he (?:original poster|thread starter|OP)|OP)\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: the same handles ``check.script_rules.find_handles`` sees (Reddit names may end in
#: "-", like @Balance-)
HANDLE = re.compile(r"(?<![\w.+@/-])(?:@|u/)([A-Za-z0-9_-]+)(?![\w@]|\.\w|/)")
SPACES = re.compile(r"\s+")

#: author handle -> the ids of the segment's sources written by that author
Authors = dict[str, list[str]]


def clean_turns(
    raw: Iterable[RawTurn], hosts: list[str], segment: str, authors: Authors, valid_ids: set[str]
) -> tuple[list[Turn], int]:
    """Turns ready for checking, and how many empty turns were dropped."""
    turns: list[Turn] = []
    dropped = 0
    for r in raw:
        speaker = normalize_speaker(r.speaker, hosts)
        text = end_cleanly(fix_handles(clean_text(r.text, hosts), authors))
        if not text:
            dropped += 1
            continue
        cites = [c for c in r.cites if c in valid_ids]
        turns.append(Turn(speaker=speaker, text=text, segment=segment, cites=cites))
    for turn in turns:
        turn.cites = cites_for(turn, authors)
    return turns, dropped


def normalize_speaker(name: str, hosts: list[str]) -> str:
    bare = name.strip().strip("*_[]()\"'").strip().rstrip(":").strip()
    for host in hosts:
        if bare.upper() == host.upper():
            return host
    return bare


def clean_text(text: str, hosts: list[str]) -> str:
    text = SPACES.sub(" ", text).strip().strip('"').strip()
    for host in hosts:  # "KAI: KAI: hello" -> "hello"
        prefix = re.compile(rf"^\**{re.escape(host)}\**\s*:\s*", re.IGNORECASE)
        text = prefix.sub("", text)
    return text.strip()


def end_cleanly(text: str) -> str:
    """A turn cut off mid-sentence (by a length cap or max_tokens) ends at its last full
    sentence when that keeps most of it, else gets a full stop."""
    if not text or text[-1] in ".!?\u2026\"')":
        return text
    cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "))
    if cut >= len(text) * 0.4:
        return text[: cut + 1]
    return text.rstrip(",;:- ") + "."


def fix_handles(text: str, authors: Authors) -> str:
    """Add a missing ``@`` to known authors and correct near-miss handles."""
    names = sorted(authors, key=len, reverse=True)
    for name in names:
        if len(name) >= 4 and not name.isalpha():  # a bare handle like Only-Letterhead-3411
            text = re.sub(rf"(?<![\w@/-]){re.escape(name)}(?![\w-])", f"@{name}", text)
    return HANDLE.sub(lambda m: _closest(m, authors), text)


def _closest(match: re.Match[str], authors: Authors) -> str:
    handle = match.group(1)
    if handle in authors:
        return f"@{handle}"
    lower = {a.lower(): a for a in authors}
    if handle.lower() in lower:
        return f"@{lower[handle.lower()]}"
    close = difflib.get_close_matches(handle.lower(), list(lower), n=1, cutoff=0.8)
    return f"@{lower[close[0]]}" if close else match.group(0)


def cites_for(turn: Turn, authors: Authors) -> list[str]:
    """The turn's own valid cites plus every source of each author it names."""
    cites = list(turn.cites)
    by_lower = {a.lower(): sids for a, sids in authors.items()}
    for handle in find_handles(turn.text):
        for sid in by_lower.get(handle.lower(), []):
            if sid not in cites:
                cites.append(sid)
    return cites


def ensure_credit(turns: list[Turn], author: str, source_id: str, sentence: str) -> str | None:
    """Make ``turns`` credit ``author`` (the original poster) and cite ``source_id``.

    A mention like "the OP" becomes their name; otherwise ``sentence`` (e.g. "@x started
    this thread.") goes after the first sentence of the first turn. Returns what was done,
    None when the model already credited them.
    """
    if not turns or any(credits(t.text, author) for t in turns):
        return None
    name = credit(author) or author
    for turn in turns:
        text, n = OP_WORDS.subn(name, turn.text, count=1)
        if n:
            turn.text = text
            _cite(turn, source_id)
            return f"named {name} where the reply said 'the OP'"
    turns[0].text = after_first_sentence(turns[0].text, sentence)
    _cite(turns[0], source_id)
    return f"inserted {sentence!r} into the first turn"


def ensure_thanks(turns: list[Turn], ops: list[tuple[str, str]]) -> str | None:
    """Make the outro thank every original poster in ``ops`` ((author, source id)): the
    missing ones are thanked in the turn that already thanks people, else the first."""
    missing = [(a, sid) for a, sid in ops if not any(credits(t.text, a) for t in turns)]
    if not turns or not missing:
        return None
    names = join_names([credit(a) or a for a, _ in missing])
    sentence = f"And a big thank you to {names} for what we talked about today."
    target = next((t for t in turns if "thank" in t.text.lower()), turns[0])
    target.text = f"{target.text.rstrip()} {sentence}"
    for _, sid in missing:
        _cite(target, sid)
    return f"thanked {names}"


def ensure_welcome(turns: list[Turn], welcome: str) -> str | None:
    """Start the intro with ``welcome`` when the model left out "another episode of"."""
    if not turns or "another episode of" in turns[0].text.lower():
        return None
    turns[0].text = f"{welcome} {turns[0].text}"
    return "inserted the welcome"


def scrub_handles(turns: list[Turn], authors: Authors, hosts: list[str]) -> list[str]:
    """Remove handles nobody in ``authors`` owns: a host's name loses its ``@``, anyone
    else becomes "someone in the thread". Returns the handles removed."""
    known = {a.lower() for a in authors}
    host_names = {h.lower(): h for h in hosts}
    removed: list[str] = []

    def fix(m: re.Match[str]) -> str:
        handle = m.group(1)
        if handle.lower() in known:
            return m.group(0)
        removed.append(handle)
        return host_names.get(handle.lower(), "someone in the thread")

    for turn in turns:
        turn.text = HANDLE.sub(fix, turn.text)
    return removed


def fix_speakers(turns: list[Turn], hosts: list[str]) -> int:
    """Give each turn spoken by a non-host to the host who did not speak just before."""
    fixed = 0
    for i, turn in enumerate(turns):
        if turn.speaker in hosts:
            continue
        before = turns[i - 1].speaker if i else hosts[-1]
        turn.speaker = next((h for h in hosts if h != before), hosts[0])
        fixed += 1
    return fixed


def after_first_sentence(text: str, sentence: str) -> str:
    parts = SENTENCE_END.split(text.strip(), maxsplit=1)
    if len(parts) == 2:
        return f"{parts[0]} {sentence} {parts[1]}"
    end = "" if text.rstrip()[-1:] in ".!?" else "."
    return f"{text.rstrip()}{end} {sentence}"


def _cite(turn: Turn, source_id: str) -> None:
    if source_id not in turn.cites:
        turn.cites.append(source_id)


def swap_hosts(turns: list[Turn], a: str, b: str) -> list[Turn]:
    """The same lines with the two hosts' labels and names exchanged."""
    pattern = re.compile(rf"\b({re.escape(a)}|{re.escape(b)})\b", re.IGNORECASE)

    def other(name: str) -> str:
        up = name.upper()
        return b if up == a.upper() else a if up == b.upper() else name

    return [
        Turn(
            speaker=other(t.speaker),
            text=pattern.sub(lambda m: other(m.group(1)), t.text),
            segment=t.segment,
            cites=list(t.cites),
        )
        for t in turns
    ]
