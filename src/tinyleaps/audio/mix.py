"""Place voiced lines on one timeline with natural gaps; optional intro/outro music bed.

Gaps are deterministic (same script, same audio, same episode): a short beat for a quick
reaction, a longer one between ordinary turns, about a second between segments. A small
fixed variation, derived from the turn index, keeps the rhythm from sounding metronomic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..artifacts import Script
from ..errors import BackendError
from ..voice.base import LineAudio
from . import ffmpeg
from .levels import match_level
from .types import Chapter, TurnCue

LEAD_IN = 0.4  # silence before the first word (no music)
TAIL = 0.5  # silence after the last word (must stay < 1 s: the check compares them)
TURN_GAP = 0.35
QUICK_GAP = 0.18  # after/before a reaction of a few words
SAME_SPEAKER_GAP = 0.3
SEGMENT_GAP = 1.05
QUICK_WORDS = 4
SILENCE_DB = -45.0  # level under which line edges count as silence and are trimmed
EDGE_KEEP = 0.03  # seconds of the trimmed edges kept (breath, consonant tails)
EDGE_FADE = 0.008  # fade at each cut point, inside the kept quiet edge

MUSIC_LEAD = 2.5  # music alone before the first word
MUSIC_UNDER_INTRO = 6.0  # seconds the ducked bed continues under the intro speech
MUSIC_UNDER_OUTRO = 5.0  # seconds the ducked bed plays under the last speech
DUCK_DB = -18.0
BED_DB = -6.0  # bed level (when not ducked) relative to the speech RMS
FADE = 0.3
LONG_FADE = 1.5


@dataclass
class Timeline:
    """The mixed episode: mono float32 samples, where each turn and chapter sits."""

    samples: np.ndarray
    sample_rate: int
    cues: list[TurnCue] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


def trim_silence(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Cut leading/trailing silence below ``SILENCE_DB`` (keeping ``EDGE_KEEP`` s)."""
    if samples.size == 0:
        return samples
    win = max(1, sample_rate // 100)  # 10 ms windows
    n = samples.size // win
    if n == 0:
        return samples
    frames = samples[: n * win].reshape(n, win)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    loud = np.nonzero(rms > 10 ** (SILENCE_DB / 20))[0]
    if loud.size == 0:
        return samples
    keep = int(EDGE_KEEP * sample_rate)
    start = max(0, loud[0] * win - keep)
    end = min(samples.size, (loud[-1] + 1) * win + keep)
    return samples[start:end]


def edge_fade(samples: np.ndarray, rate: int, seconds: float = EDGE_FADE) -> np.ndarray:
    """A raised-cosine fade over the first and last ``seconds`` (no clicks at cuts)."""
    n = min(int(seconds * rate), samples.size // 2)
    if n == 0:
        return samples
    ramp = (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, n))).astype(np.float32)
    out = samples.copy()
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out


def prepare_line(samples: np.ndarray, rate: int) -> np.ndarray:
    """A voiced line ready for the timeline: silence trimmed (keeping EDGE_KEEP s of the
    quiet edges, so first and last sounds are whole), brought to the common line loudness
    (both hosts equally loud), and faded over EDGE_FADE s at the cut points."""
    voice = trim_silence(np.asarray(samples, np.float32), rate)
    return edge_fade(match_level(voice, rate), rate)


def _jitter(index: int) -> float:
    """A fixed pseudo-random offset in [-0.05, 0.05] s for turn ``index``."""
    return ((index * 7919 + 13) % 11 - 5) / 100


def gap_before(script: Script, index: int) -> float:
    """Seconds of silence between turn ``index - 1`` and turn ``index``."""
    if index == 0:
        return LEAD_IN
    prev, turn = script.turns[index - 1], script.turns[index]
    if prev.segment != turn.segment:
        return SEGMENT_GAP + _jitter(index)
    if len(turn.text.split()) <= QUICK_WORDS or len(prev.text.split()) <= QUICK_WORDS:
        return QUICK_GAP + _jitter(index) / 2
    if prev.speaker == turn.speaker:
        return SAME_SPEAKER_GAP + _jitter(index)
    return TURN_GAP + _jitter(index)


def _check_lines(script: Script, lines: list[LineAudio]) -> int:
    if not lines:
        raise BackendError("mix: no voiced lines to mix")
    rates = {ln.sample_rate for ln in lines}
    if len(rates) != 1:
        raise BackendError(f"mix: lines have different sample rates {sorted(rates)}")
    for ln in lines:
        if not 0 <= ln.index < len(script.turns):
            raise BackendError(f"mix: line index {ln.index} is not a turn of the script")
    return rates.pop()


def mix(script: Script, lines: list[LineAudio], music: Path | None = None) -> Timeline:
    """Put ``lines`` in script order with natural gaps; return the timeline with cues and
    chapters. ``music`` (any file ffmpeg decodes) becomes a ducked intro/outro bed."""
    rate = _check_lines(script, lines)
    ordered = sorted(lines, key=lambda ln: ln.index)
    lead = MUSIC_LEAD if music is not None else 0.0
    pieces: list[np.ndarray] = [np.zeros(int(lead * rate), np.float32)]
    pos = len(pieces[0])
    cues: list[TurnCue] = []
    for ln in ordered:
        gap = np.zeros(int(round(gap_before(script, ln.index) * rate)), np.float32)
        voice = prepare_line(ln.samples, rate)
        pieces += [gap, voice]
        pos += gap.size
        turn = script.turns[ln.index]
        cues.append(TurnCue(ln.index, turn.speaker, turn.text, turn.segment,
                            pos / rate, (pos + voice.size) / rate))
        pos += voice.size
    pieces.append(np.zeros(int(TAIL * rate), np.float32))
    samples = np.concatenate(pieces)
    if music is not None:
        samples = add_music_bed(samples, rate, ffmpeg.decode(music, rate), cues)
    total = samples.size / rate
    return Timeline(samples, rate, cues, chapters_for(script, cues, total))


def chapters_for(script: Script, cues: list[TurnCue], total: float) -> list[Chapter]:
    """One chapter per script segment that has voiced turns; the first starts at 0, each
    other starts a little before its first word and ends where the next begins."""
    starts: list[tuple[float, str]] = []
    for seg in script.segments:
        seg_cues = [c for c in cues if c.segment == seg.id]
        if seg_cues:
            start = 0.0 if not starts else max(0.0, seg_cues[0].start - 0.5)
            starts.append((round(start, 3), seg.id))
    by_id = {s.id: s for s in script.segments}
    chapters = []
    for i, (start, seg_id) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else round(total, 3)
        seg = by_id[seg_id]
        url = ""
        if seg.source_ids and seg.source_ids[0] in script.sources:
            url = script.sources[seg.source_ids[0]].url
        chapters.append(Chapter(start, end, seg.title, url, seg_id))
    return chapters


def _envelope(n: int, rate: int, points: list[tuple[float, float]]) -> np.ndarray:
    """A gain curve through (seconds, gain) points, linear between them, 0 outside."""
    t = np.arange(n) / rate
    xs = np.maximum.accumulate([p[0] for p in points])  # keep it non-decreasing
    ys = [p[1] for p in points]
    return np.interp(t, xs, ys, left=0.0, right=0.0).astype(np.float32)


def add_music_bed(speech: np.ndarray, rate: int, music: np.ndarray,
                  cues: list[TurnCue]) -> np.ndarray:
    """Lay ``music`` under the intro (alone for MUSIC_LEAD s, then ducked DUCK_DB under the
    first words, faded out) and under the last words (ducked, rising after the last word
    and fading out before the tail ends). Nothing plays in between."""
    if music.size == 0 or not cues:
        return speech
    voiced = np.concatenate([speech[int(c.start * rate): int(c.end * rate)] for c in cues])
    speech_rms = float(np.sqrt(np.mean(voiced.astype(np.float64) ** 2))) or 0.1
    music_rms = float(np.sqrt(np.mean(music.astype(np.float64) ** 2))) or 1.0
    bed = music * (speech_rms * 10 ** (BED_DB / 20) / music_rms)
    duck = 10 ** (DUCK_DB / 20)
    out = speech.copy()
    first, last = cues[0].start, cues[-1].end
    intro = [(0.0, 0.0), (FADE, 1.0), (first - FADE, 1.0), (first, duck),
             (first + MUSIC_UNDER_INTRO, duck), (first + MUSIC_UNDER_INTRO + LONG_FADE, 0.0)]
    _lay(out, bed, rate, 0.0, intro)
    total = out.size / rate
    start = max(first + MUSIC_UNDER_INTRO + LONG_FADE, last - MUSIC_UNDER_OUTRO)
    outro = [(0.0, 0.0), (LONG_FADE / 2, duck), (last - start, duck),
             (last - start + FADE, 1.0), (total - start - 0.05, 0.0)]
    _lay(out, bed, rate, start, outro)
    return out


def _lay(out: np.ndarray, bed: np.ndarray, rate: int, at: float,
         points: list[tuple[float, float]]) -> None:
    """Add ``bed`` (looped if short) into ``out`` from ``at`` seconds, shaped by ``points``
    (times relative to ``at``)."""
    begin = int(at * rate)
    n = out.size - begin
    if n <= 0:
        return
    reps = int(np.ceil(n / bed.size))
    piece = np.tile(bed, reps)[:n] * _envelope(n, rate, points)
    out[begin:] += piece
