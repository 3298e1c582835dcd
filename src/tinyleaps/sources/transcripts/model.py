"""The in-memory transcript: turns with speaker, text, times and chapter."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...text.names import is_placeholder_label

UNKNOWN_SPEAKER = "unknown"
"""Author of turns whose speaker is not known (never credited by name)."""
AI_VOICE = "AI voice"
"""Author of turns spoken by software played on the show (never credited as a person)."""


@dataclass
class TranscriptTurn:
    """One speaker turn. Times are seconds from the start (None when unknown)."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    chapter: str = ""


@dataclass
class Transcript:
    """A parsed transcript: ``fmt`` names the detected format."""

    fmt: str
    turns: list[TranscriptTurn] = field(default_factory=list)
    title: str = ""
    date: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    merge_words: int | None = None
    """Turns are fragments (subtitle cues, console lines): cleaning joins them into
    turns of about this many words."""


def is_credited_speaker(name: str) -> bool:
    """True for real names; False for ``unknown``, ``AI voice`` and generic ``Speaker 1``
    or ``SPEAKER_00`` labels."""
    return bool(name) and name not in (UNKNOWN_SPEAKER, AI_VOICE) \
        and not is_placeholder_label(name)
