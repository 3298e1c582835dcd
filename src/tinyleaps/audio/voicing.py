"""The voice stage end to end: script.json → voiced lines (:mod:`tinyleaps.voice`) →
episode.mp3, captions and chapters (this package). It sits here, above both, because it
uses both.

Also the streaming hook: while a writer is still writing, each finished segment is
voiced in the background (``SegmentPrefetcher``); the lines land in the TTS cache, so
the voice stage that follows only assembles and masters them.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..artifacts import Script
from ..config import ShowConfig
from ..progress import Progress, null_progress

if TYPE_CHECKING:
    from .mix import Timeline

log = logging.getLogger(__name__)

#: what the voice stage measured (voices used, loudness, gaps, backchannels), in the
#: episode folder
VOICE_INFO = Path(".tinyleaps") / "voice.json"
#: TTS threads voicing finished segments while the model still writes (measured:
#: docs/benchmarks.md, "Speed")
PREFETCH_WORKERS = 1
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
    from ..voice.backchannels import backchannel_audio
    from ..voice.synth import synthesize_lines
    from .produce import render_audio

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


class SegmentPrefetcher:
    """``on_segment`` callback for writers: voice each finished segment in the background.

    Segments are voiced in order while the writer goes on, by ``workers`` threads (one by
    default: on two cores the other belongs to the model, docs/benchmarks.md "Speed");
    the results fill the TTS line cache. Failures are logged and left for the voice
    stage, which retries and falls back per line. ``first_audio`` is when the first line
    was voiced (``time.monotonic()``), None until then.
    """

    def __init__(self, show: ShowConfig, workers: int = PREFETCH_WORKERS) -> None:
        self.show = show
        self.workers = workers
        self.first_audio: float | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch")
        self._futures: list[Future[None]] = []
        self._lock = threading.Lock()

    def __call__(self, script: Script, segment_id: str) -> None:
        part = replace(script, turns=[t for t in script.turns if t.segment == segment_id])
        with self._lock:
            self._futures.append(self._pool.submit(self._voice, part))

    def _voice(self, part: Script) -> None:
        from ..voice.synth import synthesize_lines

        try:
            synthesize_lines(part, self.show, workers=self.workers, progress=self._line_done)
        except Exception as exc:  # the voice stage redoes the line and reports properly
            log.warning("background voicing failed: %s", exc)

    def _line_done(self, message: str, done: int | None = None,
                   total: int | None = None) -> None:
        if self.first_audio is None:
            self.first_audio = time.monotonic()

    def finish(self) -> None:
        """The writer is done: drop the segments not started (the voice stage voices them
        with every core) and wait for the one being voiced."""
        with self._lock:
            for fut in self._futures:
                fut.cancel()
        self._pool.shutdown(wait=True)

    def wait(self) -> None:
        for fut in list(self._futures):
            fut.result()
        self._pool.shutdown(wait=True)
