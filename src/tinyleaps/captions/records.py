"""The small timed records shared by mixing, mastering and the caption files: where a
turn sits in the episode, a backchannel, a chapter, a displayed cue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TurnCue:
    """Where one script turn sits in the episode audio (seconds from the start)."""

    index: int  # index into Script.turns
    speaker: str
    text: str  # the written text (what transcripts show)
    segment: str
    start: float
    end: float
    cites: tuple[str, ...] = ()  # the source ids the turn rests on


@dataclass(frozen=True)
class Backchannel:
    """A short reply of the listening host ("right") said during turn ``turn``; kept out
    of the transcript text, listed beside it in transcript.json."""

    turn: int
    speaker: str
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Chapter:
    """One chapter: a script segment's span, title and main source link."""

    start: float
    end: float
    title: str
    url: str = ""
    segment: str = ""


@dataclass(frozen=True)
class Cue:
    """One transcript cue as the VTT/SRT/JSON files hold it."""

    start: float
    end: float
    speaker: str
    text: str
    cites: tuple[str, ...] = ()  # source ids (transcript.json's "cites")
