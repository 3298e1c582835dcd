"""Place voiced lines on one timeline: gaps that follow the talk, a sting between stories,
the listening host's backchannels in the pauses of longer turns, and an optional
intro/outro music bed.

Everything is deterministic (same script, same audio, same episode). The gaps come from
:mod:`.timing`, the sting from :mod:`.sting`; which turns get a backchannel is decided by
:mod:`tinyleaps.voice.backchannels`, and where in the turn it goes (a pause between two
clauses, widened when it is too short, so the listener never talks over a word) here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..artifacts import Script
from ..captions.records import Backchannel, Chapter, TurnCue
from ..errors import BackendError
from ..voice.backchannels import BackchannelAudio
from ..voice.base import LineAudio
from . import ffmpeg
from .levels import match_level
from .sting import make_sting
from .timing import STORY_AFTER, Gap, plan_gaps

TAIL = 0.5  # silence after the last word (must stay < 1 s: the check compares them)
SILENCE_DB = -45.0  # level under which line edges count as silence and are trimmed
EDGE_KEEP = 0.03  # seconds of the trimmed edges kept (breath, consonant tails)
EDGE_FADE = 0.008  # fade at each cut point, inside the kept quiet edge
CHAPTER_LEAD = 0.5  # a chapter without a sting starts this long before its first word

PAUSE_DB = -35.0  # a 10 ms frame this far under the line's loud frames is a pause
MIN_PAUSE = 0.12  # seconds of pause that count as a clause boundary
PAUSE_SPAN = (0.2, 0.85)  # where in a turn (share of its length) a backchannel may go
BACKCHANNEL_DB = -3.0  # the listener, a little behind the speaker
BACKCHANNEL_LEAD = 0.06  # seconds after the speaker stops before the listener speaks
BACKCHANNEL_TAIL = 0.1  # seconds after the listener before the speaker goes on

MUSIC_LEAD = 2.5  # music alone before the first word
MUSIC_UNDER_INTRO = 6.0  # seconds the ducked bed continues under the intro speech
MUSIC_UNDER_OUTRO = 5.0  # seconds the ducked bed plays under the last speech
DUCK_DB = -18.0
BED_DB = -6.0  # bed level (when not ducked) relative to the speech RMS
FADE = 0.3
LONG_FADE = 1.5


@dataclass
class Timeline:
    """The mixed episode: mono float32 samples, where each turn and chapter sits, the gap
    before each turn, the backchannels said and where the stings start."""

    samples: np.ndarray
    sample_rate: int
    cues: list[TurnCue] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    backchannels: list[Backchannel] = field(default_factory=list)
    stings: list[float] = field(default_factory=list)

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


def find_pause(voice: np.ndarray, rate: int) -> tuple[int, int] | None:
    """The longest pause (start, end sample) of at least MIN_PAUSE s inside ``voice``
    whose middle lies in PAUSE_SPAN of the line; None when there is none."""
    win = max(1, rate // 100)
    n = voice.size // win
    if n < 10:
        return None
    rms = np.sqrt(np.mean(voice[: n * win].astype(np.float64).reshape(n, win) ** 2, axis=1))
    loud = np.percentile(rms, 90) or 1.0
    quiet = 20 * np.log10(rms / loud + 1e-12) < PAUSE_DB
    best: tuple[int, int] | None = None
    i = 0
    while i < n:
        if not quiet[i]:
            i += 1
            continue
        j = i
        while j < n and quiet[j]:
            j += 1
        middle = (i + j) / 2 / n
        long_enough = (j - i) * win >= MIN_PAUSE * rate
        if i > 0 and j < n and long_enough and PAUSE_SPAN[0] <= middle <= PAUSE_SPAN[1] \
                and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = j
    return None if best is None else (best[0] * win, best[1] * win)


def add_backchannel(voice: np.ndarray, rate: int,
                    clip: np.ndarray) -> tuple[np.ndarray, float] | None:
    """``voice`` with ``clip`` said in its longest inner pause (the pause widened when
    the clip does not fit, so it never covers a word), and the clip's start in seconds;
    None when the line has no pause to use."""
    pause = find_pause(voice, rate)
    if pause is None or clip.size == 0:
        return None
    start, end = pause
    need = int((BACKCHANNEL_LEAD + BACKCHANNEL_TAIL) * rate) + clip.size
    wider = max(0, need - (end - start))
    out = np.concatenate([voice[:end], np.zeros(wider, np.float32), voice[end:]])
    at = start + int(BACKCHANNEL_LEAD * rate)
    out[at:at + clip.size] += clip
    return out, at / rate


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


def mix(script: Script, lines: list[LineAudio], music: Path | None = None, *,
        backchannels: list[BackchannelAudio] | None = None, sting: bool = True) -> Timeline:
    """Put ``lines`` in script order with the gaps of :func:`.timing.plan_gaps`; a sting
    between segments (``music``'s opening, else the generated chime; none when ``sting``
    is False); each of ``backchannels`` in a pause of its turn. ``music`` (any file ffmpeg
    decodes) also becomes a ducked intro/outro bed. Returns the timeline with cues,
    chapters (a chapter starts with its sting), gaps and the backchannels placed."""
    rate = _check_lines(script, lines)
    bed = ffmpeg.decode(music, rate) if music is not None else None
    chime = make_sting(rate, bed) if sting else None
    asides = {b.turn: b for b in backchannels or []}
    gaps = plan_gaps(script)
    tl = Timeline(np.zeros(0, np.float32), rate, gaps=gaps)
    pieces: list[np.ndarray] = [np.zeros(int(MUSIC_LEAD * rate) if bed is not None else 0,
                                         np.float32)]
    pos = pieces[0].size
    starts: dict[str, float] = {}
    for ln in sorted(lines, key=lambda ln: ln.index):
        turn = script.turns[ln.index]
        before = _before(gaps[ln.index], chime, rate)
        if len(before) > 1:  # a sting: the story's chapter starts with it
            tl.stings.append((pos + before[0].size) / rate)
            starts[turn.segment] = tl.stings[-1]
        pieces += before
        pos += sum(p.size for p in before)
        voice = prepare_line(ln.samples, rate)
        if ln.index in asides:
            voice = _with_aside(tl, voice, asides[ln.index], pos / rate)
        pieces.append(voice)
        tl.cues.append(TurnCue(ln.index, turn.speaker, turn.text, turn.segment, pos / rate,
                               (pos + voice.size) / rate, tuple(turn.cites)))
        pos += voice.size
    pieces.append(np.zeros(int(TAIL * rate), np.float32))
    samples = np.concatenate(pieces)
    if bed is not None:
        samples = add_music_bed(samples, rate, bed, tl.cues)
    tl.samples = samples
    tl.chapters = chapters_for(script, tl.cues, samples.size / rate, starts)
    return tl


def _before(gap: Gap, chime: np.ndarray | None, rate: int) -> list[np.ndarray]:
    """What comes before a turn: the gap's silence; between stories also the sting and
    STORY_AFTER s of silence (when there is a sting)."""
    pieces = [np.zeros(int(round(gap.seconds * rate)), np.float32)]
    if gap.kind == "story" and chime is not None:
        pieces += [chime, np.zeros(int(round(STORY_AFTER * rate)), np.float32)]
    return pieces


def _with_aside(tl: Timeline, voice: np.ndarray, aside: BackchannelAudio,
                at: float) -> np.ndarray:
    """``voice`` (a turn starting ``at`` s) with ``aside`` said in a pause, recorded in
    ``tl.backchannels``; ``voice`` unchanged when it has no pause to use."""
    rate = tl.sample_rate
    clip = prepare_line(aside.samples, rate) * np.float32(10 ** (BACKCHANNEL_DB / 20))
    placed = add_backchannel(voice, rate, clip)
    if placed is None:
        return voice
    out, offset = placed
    start = round(at + offset, 3)
    tl.backchannels.append(Backchannel(aside.turn, aside.speaker, aside.text, start,
                                       round(start + clip.size / rate, 3)))
    return out


def chapters_for(script: Script, cues: list[TurnCue], total: float,
                 starts: dict[str, float] | None = None) -> list[Chapter]:
    """One chapter per script segment that has voiced turns; the first starts at 0, each
    other at its sting (``starts``), else a little before its first word; each ends where
    the next begins."""
    known = starts or {}
    begins: list[tuple[float, str]] = []
    for seg in script.segments:
        seg_cues = [c for c in cues if c.segment == seg.id]
        if seg_cues:
            start = known.get(seg.id, max(0.0, seg_cues[0].start - CHAPTER_LEAD))
            begins.append((0.0 if not begins else round(start, 3), seg.id))
    by_id = {s.id: s for s in script.segments}
    chapters = []
    for i, (start, seg_id) in enumerate(begins):
        end = begins[i + 1][0] if i + 1 < len(begins) else round(total, 3)
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
