"""The host who listens: short backchannels ("right", "yeah", "oh, wow", a laugh) said
by the other host at a pause inside a longer turn.

Which turns get one and which words is decided here, from the script: a few per topic
(at most :data:`PER_TOPIC`), only in turns of :data:`LONG_TURN` words or more that open
a story, tell a point, compare or push back, never in two turns in a row, each host
listening in turn, none in the intro or the outro. A new story gets "okay", a figure
"oh, wow", a joke a laugh, anything else a plain "right" or "yeah" (never the same one
twice in a row). The audio of each phrase
is rendered once per voice (and kept in the line cache); where exactly it goes, a pause
between two clauses, is found in the audio by the mix (:mod:`tinyleaps.audio.mix`).

Only words that listeners and Whisper hear as words are used: a hum ("mm-hm") comes out
of both bundled voices as garble.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import paths
from ..artifacts import Script
from ..config import ShowConfig
from .delivery import has_figure, turn_acts
from .pcm import COMMON_RATE
from .synth import LineCache, host_voices, voice_text

log = logging.getLogger(__name__)

PHRASES = {
    "listen": ("Right.", "Yeah."),
    "new": ("Okay.",),
    "surprise": ("Oh, wow.", "Wow."),
    "laugh": ("Ha ha.",),
}
LONG_TURN = 24  # words
PER_TOPIC = 3
MIN_APART = 2  # turns between two backchannels at least
SAME_APART = 4  # ...and when the same host listens again
LISTENING_ACTS = frozenset({"open", "tell", "compare", "push_back"})
_JOKE = re.compile(r"\b(?:lol|lmao|haha\w*|kidding|joke)\b|[\U0001F602\U0001F923]", re.I)


@dataclass(frozen=True)
class BackchannelAudio:
    """A backchannel to say during turn ``turn``: who, what, and its voiced audio."""

    turn: int
    speaker: str
    text: str
    samples: np.ndarray


@dataclass(frozen=True)
class BackchannelCue:
    """A backchannel the listener says during turn ``turn``."""

    turn: int
    speaker: str  # the listening host
    text: str


def mood(text: str, act: str) -> str:
    if _JOKE.search(text):
        return "laugh"
    if act == "compare" or has_figure(text):
        return "surprise"
    return "new" if act == "open" else "listen"


def plan_backchannels(script: Script, acts: list[str] | None = None) -> list[BackchannelCue]:
    """The backchannels of ``script``, at most one per turn (see the module docstring)."""
    acts = acts if acts is not None else turn_acts(script)
    per_segment: dict[str, int] = {}
    cues: list[BackchannelCue] = []
    used = dict.fromkeys(PHRASES, 0)
    for i in _listening_turns(script, acts):
        turn = script.turns[i]
        listener = next(h for h in script.host_names() if h != turn.speaker)
        last = cues[-1] if cues else None
        apart = i - last.turn if last else SAME_APART
        if per_segment.get(turn.segment, 0) >= PER_TOPIC or apart < MIN_APART or (
                last and listener == last.speaker and apart < SAME_APART):
            continue
        kind = mood(turn.text, acts[i])
        phrases = PHRASES[kind]
        cues.append(BackchannelCue(i, listener, phrases[used[kind] % len(phrases)]))
        used[kind] += 1
        per_segment[turn.segment] = per_segment.get(turn.segment, 0) + 1
    return cues


def _listening_turns(script: Script, acts: list[str]) -> list[int]:
    """Turns long enough, of a listening act, in a topic (a two-host script only)."""
    if len(set(script.host_names())) < 2:
        return []
    kinds = {s.id: s.kind for s in script.segments}
    return [i for i, t in enumerate(script.turns)
            if kinds.get(t.segment, "topic") == "topic" and acts[i] in LISTENING_ACTS
            and len(t.text.split()) >= LONG_TURN]


def render_backchannels(cues: list[BackchannelCue], script: Script, show: ShowConfig,
                        cache: LineCache) -> dict[tuple[str, str], np.ndarray]:
    """The audio of every (speaker, phrase) in ``cues``: each rendered once per voice,
    through the line cache. A phrase a voice cannot say is left out (and so is skipped)."""
    voices = host_voices(script, show)
    clips: dict[tuple[str, str], np.ndarray] = {}
    for key in dict.fromkeys((c.speaker, c.text) for c in cues):
        speaker, text = key
        try:
            clips[key] = voice_text(voices[speaker], text, show, cache)
        except Exception as exc:  # noqa: BLE001 - a backchannel is optional; a line is not
            log.warning("backchannel %r in %s's voice failed (%s); left out", text, speaker, exc)
    return clips


def backchannel_audio(script: Script, show: ShowConfig,
                      cache_dir: Path | None = None) -> list[BackchannelAudio]:
    """The planned backchannels of ``script`` with their audio, ready for the mix."""
    cues = plan_backchannels(script)
    cache = LineCache(Path(cache_dir) if cache_dir else paths.cache_dir("tts"), COMMON_RATE)
    clips = render_backchannels(cues, script, show, cache)
    return [BackchannelAudio(c.turn, c.speaker, c.text, clips[(c.speaker, c.text)])
            for c in cues if (c.speaker, c.text) in clips]
