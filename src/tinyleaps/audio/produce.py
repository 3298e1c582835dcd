"""The audio stage end to end: mix -> master (MP3 + ID3 chapters) -> transcripts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..artifacts import Script
from ..captions.files import TranscriptDoc, write_all
from ..voice.base import LineAudio
from . import ffmpeg
from .master import Id3Meta, master
from .mix import BackchannelAudio, Timeline, mix

MP3_NAME = "episode.mp3"


@dataclass
class AudioResult:
    """What the audio stage produced and measured."""

    mp3: Path
    duration_s: float  # of the MP3, as ffprobe reports it
    mix_s: float  # of the mixed timeline
    loudness: ffmpeg.Loudness
    files: list[Path] = field(default_factory=list)  # every file written, mp3 first
    timeline: Timeline | None = None
    stage_times: dict[str, float] = field(default_factory=dict)


def source_links(script: Script) -> list[str]:
    """Distinct source URLs in the order the segments cite them (then the rest)."""
    ids = [sid for seg in script.segments for sid in seg.source_ids] + list(script.sources)
    links: list[str] = []
    for sid in ids:
        ref = script.sources.get(sid)
        if ref and ref.url and ref.url not in links:
            links.append(ref.url)
    return links


def id3_meta(script: Script, timeline: Timeline) -> Id3Meta:
    """The ID3 tag for ``script``: TDRC keeps the local date and time (no offset)."""
    return Id3Meta(title=script.title, show=script.show, date=script.recorded_at[:19],
                   links=source_links(script), chapters=timeline.chapters)


def render_audio(script: Script, lines: list[LineAudio], out_dir: Path, *,
                 music: Path | None = None, backchannels: list[BackchannelAudio] | None = None,
                 sting: bool = True) -> AudioResult:
    """Mix ``lines`` (with ``backchannels`` and stings, see :func:`.mix.mix`), write
    ``episode.mp3`` (tags, chapters), ``transcript.{vtt,srt,json,md}`` and
    ``chapters.json`` into ``out_dir``; every file atomically."""
    out_dir = Path(out_dir)
    times: dict[str, float] = {}
    t0 = time.monotonic()
    timeline = mix(script, lines, music, backchannels=backchannels, sting=sting)
    times["mix"] = time.monotonic() - t0
    mp3 = out_dir / MP3_NAME
    loud = master(timeline.samples, timeline.sample_rate, mp3, id3_meta(script, timeline))
    times["master"] = time.monotonic() - t0 - times["mix"]
    doc = TranscriptDoc.from_turns(timeline.cues, timeline.chapters, timeline.backchannels)
    written = write_all(doc, out_dir)
    return AudioResult(mp3=mp3, duration_s=ffmpeg.duration(mp3), mix_s=timeline.seconds,
                       loudness=loud, files=[mp3, *written], timeline=timeline,
                       stage_times=times)
