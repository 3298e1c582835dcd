"""WebVTT and SubRip text: cue blocks, timing lines, ``<v Name>`` voices and ``Name:``
labels read; cues written.

Two readers share these pieces: ingest (``sources/transcripts``), which reads any
caption file it is given and skips what it cannot time (:func:`lenient_cues`), and the
episode's own caption files read back for ``tinyleaps check`` (``captions.files``), which
must parse whole (:func:`timing` raises).
"""

from __future__ import annotations

import html
import re

from .records import Cue
from .timing import TIME, clock, parse_timestamp

_CUE_TIME = re.compile(rf"^({TIME})\s*-->\s*({TIME})")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
#: a SubRip cue that starts with its speaker's name: "Travis: When you first..."
_SPEAKER_LABEL = re.compile(r"^([A-Z][\w .'-]{0,40}):\s+(.*)$", re.DOTALL)


def blocks(text: str) -> list[list[str]]:
    """The blank-line separated blocks of a caption text, as lists of lines."""
    return [b.splitlines() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
            if b.strip()]


def timing(line: str) -> tuple[float, float]:
    """(start, end) of a ``00:00:01.000 --> 00:00:02.000`` line (cue settings after the
    end time are ignored); ValueError when either time does not parse."""
    left, _, right = line.partition("-->")
    return parse_timestamp(left), parse_timestamp(right.split()[0] if right.split() else "")


def is_timing(line: str) -> bool:
    """Does ``line`` start like a cue's timing line (``00:01.000 --> 00:02.000``)?"""
    return _CUE_TIME.match(line.strip()) is not None


def lenient_cues(text: str) -> list[tuple[float, float, str]]:
    """(start, end, payload) of every block with a well-formed timing line; the rest
    (the ``WEBVTT`` header, NOTE and STYLE blocks, a malformed cue) is skipped."""
    cues: list[tuple[float, float, str]] = []
    for block in blocks(text):
        lines = [ln for ln in block if ln.strip()]
        for i, line in enumerate(lines):
            m = _CUE_TIME.match(line.strip())
            if m:
                body = "\n".join(lines[i + 1:]).strip()
                cues.append((parse_timestamp(m[1]), parse_timestamp(m[2]), body))
                break
    return cues


def voice(payload: str) -> str | None:
    """The speaker a WebVTT ``<v Name>`` tag names, else None."""
    m = _VOICE.search(payload)
    return m.group(1).strip() if m else None


def strip_tags(payload: str) -> str:
    """A cue's text without its ``<v>``, ``<i>``, ``<c.x>`` tags."""
    return _TAG.sub("", payload)


def speaker_label(body: str) -> tuple[str | None, str]:
    """(speaker, rest) of a SubRip cue that starts ``Name: ``; (None, body) otherwise."""
    m = _SPEAKER_LABEL.match(body)
    return (m.group(1).strip(), m.group(2)) if m else (None, body)


def render_vtt(cues: list[Cue]) -> str:
    """A WebVTT file: each cue's speaker as a ``<v Name>`` voice, its text escaped."""
    parts = ["WEBVTT\n"]
    for c in cues:
        text = html.escape(c.text, quote=False)
        who = f"<v {html.escape(c.speaker, quote=False)}>" if c.speaker else ""
        parts.append(f"{clock(c.start)} --> {clock(c.end)}\n{who}{text}\n")
    return "\n".join(parts)


def render_srt(cues: list[Cue]) -> str:
    """A SubRip file: numbered cues, the speaker as a leading ``Name: `` label."""
    parts = []
    for i, c in enumerate(cues, 1):
        label = f"{c.speaker}: " if c.speaker else ""
        parts.append(f"{i}\n{clock(c.start, ',')} --> {clock(c.end, ',')}\n{label}{c.text}\n")
    return "\n".join(parts)
