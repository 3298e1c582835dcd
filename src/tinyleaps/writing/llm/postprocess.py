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
from ...check.script_rules import find_handles
from .parse import RawTurn

HANDLE = re.compile(r"(?<![\w@/])(?:@|u/)([A-Za-z0-9_-]*[A-Za-z0-9_])")
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
        text = fix_handles(clean_text(r.text, hosts), authors)
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
