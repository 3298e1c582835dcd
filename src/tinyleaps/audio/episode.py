"""The voice stage end to end: script.json → every line voiced (:mod:`tinyleaps.voice`) →
mixed, mastered and transcribed (this package) → episode.mp3, transcripts, chapters.

The audio package sits above the voices: it mixes what :mod:`tinyleaps.voice` made, and
nothing in ``voice/`` imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..artifacts import Script
from ..config import ShowConfig
from ..progress import Progress, null_progress
from ..voice.backchannels import backchannel_audio
from ..voice.synth import synthesize_lines
from .mix import Timeline
from .render import render_audio

#: what the voice stage measured (voices used, loudness, gaps, backchannels), in the
#: episode folder
VOICE_INFO = Path(".tinyleaps") / "voice.json"
VOICE_OUTPUTS = (
    "episode.mp3",
    "transcript.vtt",
    "transcript.srt",
    "transcript.json",
    "transcript.md",
    "chapters.json",
)


@dataclass(frozen=True)
class SoundOptions:
    """How the episode sounds beyond the voices: ``music`` (an intro/outro bed, and its
    opening is the sting), the listening host's backchannels, the sting between stories."""

    music: Path | None = None
    backchannels: bool = True
    sting: bool = True


def voice_episode(
    script: Script,
    out: Path,
    show: ShowConfig,
    *,
    sound: SoundOptions | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Voice every turn and write the audio files. Returns what episode.json records."""
    progress = progress or null_progress
    sound = sound or SoundOptions()
    lines = synthesize_lines(script, show, progress=progress)
    asides = backchannel_audio(script, show) if sound.backchannels else []
    progress("mixing and mastering")
    result = render_audio(script, lines, out, music=sound.music, backchannels=asides,
                          sting=sound.sting)
    voices: dict[str, Any] = {}
    for host in script.hosts:
        used = sorted({ln.voice for ln in lines if ln.speaker == host.name})
        voices[host.name] = {"voice": host.voice, "used": used}
    fallbacks = [
        {"stage": "voice", "turn": ln.index, "speaker": ln.speaker, "voice": ln.voice,
         "reason": ln.fallback}
        for ln in lines
        if ln.fallback
    ]
    return {
        "duration_s": round(float(result.duration_s), 3),
        "voices": voices,
        "fallbacks": fallbacks,
        "models": {"tts": sorted({ln.voice for ln in lines})},
        "audio": {
            "loudness_lufs": result.loudness.integrated,
            "true_peak_dbtp": result.loudness.true_peak,
            "mix_s": round(result.mix_s, 3),
            "times": result.stage_times,
            "timing": timing_report(result.timeline) if result.timeline else {},
        },
    }


def timing_report(timeline: Timeline) -> dict[str, Any]:
    """The gaps (count, mean, min, max seconds per kind), the silence between turns and the
    speech, the backchannels and stings of a mixed episode (for .tinyleaps/voice.json)."""
    kinds: dict[str, list[float]] = {}
    for gap in timeline.gaps[1:]:
        kinds.setdefault(gap.kind, []).append(gap.seconds)
    speech = sum(c.end - c.start for c in timeline.cues)
    return {
        "gaps": {k: {"count": len(v), "mean": round(sum(v) / len(v), 3), "min": min(v),
                     "max": max(v)} for k, v in sorted(kinds.items())},
        "silence_s": round(sum(g.seconds for g in timeline.gaps[1:]), 2),
        "speech_s": round(speech, 2),
        "backchannels": len(timeline.backchannels),
        "stings": len(timeline.stings),
    }
