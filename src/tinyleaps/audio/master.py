"""Master a timeline into ``episode.mp3``: loudness gain and true-peak limiter (numpy),
one ffmpeg pass to MP3, ID3v2.4 tags+chapters.

Loudness is measured and set in numpy (BS.1770, :mod:`.levels`) and peaks held by a
4x-oversampled look-ahead limiter (:mod:`.limiter`), which runs only when the gain would
push a true peak over the ceiling. This replaced ffmpeg's two-pass ``loudnorm`` plus a
4x-resampled ``alimiter`` pass: same targets, one ffmpeg run instead of three or four.

Format choice: **mono, 96 kbps CBR, 44.1 kHz MP3**. The episode is two people talking
(no stereo image to keep), so mono spends the whole bitrate on one channel; 96 kbps mono
is transparent for speech and the music bed, about 43 MB/hour, and 44.1 kHz plays
everywhere. CBR keeps seeking and chapter offsets exact in every player.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from mutagen.id3 import (
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TDRC,
    TIT2,
    TPE1,
    WXXX,
    CTOCFlags,
    ID3NoHeaderError,
)
from mutagen.id3 import Encoding as ID3Encoding

from ..captions.records import Chapter
from ..errors import BackendError
from ..fsutil import atomic_path
from . import ffmpeg
from .levels import gated_loudness, k_weighted
from .limiter import limiter_gain, sample_true_peaks

TARGET_LUFS = -16.0
TARGET_TP = -1.5  # the contract asks for <= -1 dBTP; MP3 encoding can add a few tenths
MP3_RATE = 44100
MP3_BITRATE = "96k"
NO_OFFSET = 0xFFFFFFFF
# LAME's -q (0 best/slowest .. 9): 5 is LAME's "good quality, fast" preset; at 96 kbps
# mono speech it sounds the same as ffmpeg's default and encodes about 25 % faster
LAME_QUALITY = 5


@dataclass
class Id3Meta:
    """What goes into the MP3's ID3v2.4 tag."""

    title: str
    show: str
    date: str  # ISO 8601; TDRC keeps it as given (date or date+time)
    links: list[str]
    chapters: list[Chapter]


LIMIT_CEILING = TARGET_TP - 0.5  # dBTP the limiter holds (MP3 encoding adds a few tenths)
# LAME at 96 kbps mono lowers speech loudness by about this much (0.4-0.5 LU measured
# on both bundled voices); the mix is normalized this much louder so one encode hits -16
MP3_LOUDNESS_LOSS = 0.4
LOUDNESS_TOLERANCE = 0.1  # LU; the gain/limit loop stops once this close to the target


def _write_raw(samples: np.ndarray, folder: Path) -> Path:
    raw = folder / "mix.f32"
    np.asarray(samples, "<f4").tofile(raw)
    return raw


def normalize(samples: np.ndarray, rate: int, what: str, target: float = TARGET_LUFS,
              ceiling: float = LIMIT_CEILING) -> np.ndarray:
    """``samples`` at ``target`` LUFS with true peaks at most ``ceiling`` dBTP: one gain, then
    the look-ahead limiter only if the peaks need it. Limiting lowers the loudness a
    little, so the gain is raised by the shortfall and the limiter curve recomputed (at
    most four rounds). Loudness and 4x-oversampled peaks are computed once; a gain scales
    both, and the limiter's slow gain curve is applied to the K-weighted signal."""
    x = np.asarray(samples, np.float32)
    weighted = k_weighted(x, rate)
    loud = gated_loudness(weighted, rate)
    if not np.isfinite(loud):
        raise BackendError(f"{what}: the mix is silent (loudness -inf)")
    peaks = sample_true_peaks(x)
    gain = 10 ** ((target - loud) / 20)
    curve = None
    for _ in range(4):
        curve = limiter_gain(peaks * np.float32(gain), rate, ceiling)
        if curve is None:
            break
        short = target - gated_loudness(weighted * gain * curve, rate)
        if abs(short) <= LOUDNESS_TOLERANCE:
            break
        gain *= 10 ** (short / 20)
    curve = limiter_gain(peaks * np.float32(gain), rate, ceiling)
    out = x * np.float32(gain)
    return out if curve is None else out * curve


def encode_mp3(samples: np.ndarray, rate: int, out: Path, what: str,
               gain_db: float = 0.0) -> None:
    """Encode already normalized ``samples`` to ``out`` (one ffmpeg pass: resample to
    44.1 kHz, MP3); ``gain_db`` is a final correction (see :func:`master`)."""
    with tempfile.TemporaryDirectory(prefix="tinyleaps-master-") as tmp:
        raw = _write_raw(samples, Path(tmp))
        ffmpeg.run_ffmpeg(
            ["-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", str(raw),
             *(["-af", f"volume={gain_db:.2f}dB"] if gain_db else []),
             "-ar", str(MP3_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", MP3_BITRATE,
             "-compression_level", str(LAME_QUALITY), "-map_metadata", "-1",
             "-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", str(out)],
            what,
        )


class TimeOrderedID3(ID3):
    """An ID3 tag that writes its CHAP frames in time order, after the other frames.

    mutagen orders frames by size, so the chapters landed as Welcome, Thanks and
    goodbye, topic 1...; ffprobe and players that list CHAP frames in file order showed
    them so. ``_write`` is mutagen's hook for the frame bytes (``save_frame`` serializes
    one frame); tests/end_to_end/test_hardening.py reads the order back with ffprobe."""

    def _write(self, config: Any) -> bytearray:
        from mutagen.id3._tags import save_frame

        chapters = sorted(self.getall("CHAP"), key=lambda f: (f.start_time, f.element_id))
        self.delall("CHAP")
        try:
            data: bytearray = super()._write(config)
        finally:
            for frame in chapters:
                self.add(frame)
        return data + b"".join(save_frame(f, config=config) for f in chapters)


def write_id3(mp3: Path, meta: Id3Meta) -> None:
    """Replace the ID3 tag of ``mp3`` with title/show/date/links and CTOC+CHAP chapters
    (CHAP frames in time order)."""
    try:
        tags = ID3(mp3)
        tags.delete()
    except ID3NoHeaderError:
        pass
    tags = TimeOrderedID3()
    utf8 = ID3Encoding.UTF8
    tags.add(TIT2(encoding=utf8, text=meta.title))
    tags.add(TPE1(encoding=utf8, text=meta.show))
    tags.add(TALB(encoding=utf8, text=meta.show))
    tags.add(TDRC(encoding=utf8, text=meta.date))
    if meta.links:
        tags.add(COMM(encoding=utf8, lang="eng", desc="Sources", text="\n".join(meta.links)))
    ids = [f"chp{i}" for i in range(len(meta.chapters))]
    if meta.chapters:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                      child_element_ids=ids,
                      sub_frames=[TIT2(encoding=utf8, text="Chapters")]))
    for cid, ch in zip(ids, meta.chapters, strict=True):
        sub: list[Any] = [TIT2(encoding=utf8, text=ch.title)]
        if ch.url:
            sub.append(WXXX(encoding=utf8, desc="chapter url", url=ch.url))
        tags.add(CHAP(element_id=cid, start_time=int(round(ch.start * 1000)),
                      end_time=int(round(ch.end * 1000)), start_offset=NO_OFFSET,
                      end_offset=NO_OFFSET, sub_frames=sub))
    tags.save(mp3, v2_version=4)


def in_spec(loud: ffmpeg.Loudness) -> bool:
    """Integrated loudness within 0.5 LU of the target and true peak at most -1.2 dBTP
    (tighter than the contract's ±1 LU / -1 dBTP, so the check never sits on the edge)."""
    return abs(loud.integrated - TARGET_LUFS) <= 0.5 and loud.true_peak <= -1.2


def correction_db(loud: ffmpeg.Loudness) -> float:
    """The gain that moves ``loud`` onto the target without pushing the peak over."""
    gain = TARGET_LUFS - loud.integrated
    return min(gain, TARGET_TP - loud.true_peak)


def master(samples: np.ndarray, rate: int, out: Path, meta: Id3Meta) -> ffmpeg.Loudness:
    """Write ``out`` (episode.mp3) atomically: normalize (gain + true-peak limiter), MP3
    encode, ID3 tags. The MP3 is measured with ffmpeg's ``ebur128``. MP3 encoding lowers
    speech loudness by a few tenths of a LU (MP3_LOUDNESS_LOSS is added up front); when
    the MP3 still missed the target the mix is normalized again to a target moved by the
    miss, with the limiter's ceiling lowered by any MP3 overshoot of the peaks, and
    re-encoded; a last plain gain correction follows only if that missed too. Returns
    the final measurement."""
    out = Path(out)
    with atomic_path(out, suffix=".mp3") as tmp:
        first = normalize(samples, rate, str(out), TARGET_LUFS + MP3_LOUDNESS_LOSS)
        encode_mp3(first, rate, tmp, str(out))
        loud = ffmpeg.measure_loudness(tmp)
        if not in_spec(loud):
            target = TARGET_LUFS + MP3_LOUDNESS_LOSS + TARGET_LUFS - loud.integrated
            ceiling = LIMIT_CEILING - max(0.0, loud.true_peak - TARGET_TP)  # MP3 overshoot
            normalized = normalize(samples, rate, str(out), target, ceiling)
            encode_mp3(normalized, rate, tmp, str(out))
            loud = ffmpeg.measure_loudness(tmp)
            if not in_spec(loud):
                encode_mp3(normalized, rate, tmp, str(out), gain_db=correction_db(loud))
                loud = ffmpeg.measure_loudness(tmp)
        write_id3(tmp, meta)
    return loud


@dataclass(frozen=True)
class Mp3Chapter:
    """A chapter as read back from an MP3's CHAP frame."""

    element_id: str
    start: float
    end: float
    title: str
    url: str


def read_chapters(mp3: Path) -> list[Mp3Chapter]:
    """The MP3's chapters in table-of-contents order (CHAP order if there is no CTOC)."""
    try:
        tags = ID3(mp3)
    except ID3NoHeaderError:
        return []
    except Exception as exc:  # mutagen raises several unrelated types on bad files
        raise BackendError(f"{mp3}: cannot read ID3 tags ({exc})") from exc
    chaps = {f.element_id: f for f in tags.getall("CHAP")}
    order = list(chaps)
    tocs = [t for t in tags.getall("CTOC") if t.flags & CTOCFlags.TOP_LEVEL]
    if tocs:
        order = [cid for cid in tocs[0].child_element_ids if cid in chaps]
    return [_chapter(chaps[cid]) for cid in order]


def _chapter(frame: Any) -> Mp3Chapter:  # mutagen frames are untyped
    titles = frame.sub_frames.getall("TIT2")
    urls = frame.sub_frames.getall("WXXX")
    return Mp3Chapter(
        element_id=frame.element_id,
        start=frame.start_time / 1000,
        end=frame.end_time / 1000,
        title=str(titles[0].text[0]) if titles else "",
        url=str(urls[0].url) if urls else "",
    )
