"""Small audio helpers for the voice stage: decode, resample, trim, join chunks."""

from __future__ import annotations

import io
import subprocess
import wave
from collections.abc import Iterable

import numpy as np

from ..errors import BackendError, BackendUnavailable
from .base import AudioChunk

COMMON_RATE = 24000


def wav_bytes_to_chunk(data: bytes, where: str = "audio") -> AudioChunk:
    """Decode a PCM WAV (8/16/32-bit int, any channel count) to a mono float32 chunk."""
    try:
        with wave.open(io.BytesIO(data)) as wf:
            rate, width, channels = wf.getframerate(), wf.getsampwidth(), wf.getnchannels()
            frames = wf.readframes(wf.getnframes())
    except (wave.Error, EOFError) as exc:
        raise BackendError(f"{where}: not a readable WAV ({exc})") from exc
    if width == 1:
        pcm = (np.frombuffer(frames, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width in (2, 4):
        dtype = np.int16 if width == 2 else np.int32
        pcm = np.frombuffer(frames, dtype).astype(np.float32) / float(np.iinfo(dtype).max)
    else:
        raise BackendError(f"{where}: unsupported WAV sample width {width * 8} bits")
    if channels > 1:
        pcm = pcm[: len(pcm) - len(pcm) % channels].reshape(-1, channels).mean(axis=1)
    return AudioChunk(samples=pcm.astype(np.float32), sample_rate=rate)


def decode_with_ffmpeg(data: bytes, where: str = "audio", rate: int = COMMON_RATE) -> AudioChunk:
    """Decode any container ffmpeg reads (mp3, flac, ogg, wav...) to mono float32."""
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", "pipe:0",
           "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=120, check=False)
    except FileNotFoundError as exc:
        raise BackendUnavailable("ffmpeg not found: install it (apt-get install ffmpeg)") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        last = msg[-1] if msg else f"exit {proc.returncode}"
        raise BackendError(f"{where}: ffmpeg could not decode the audio ({last})")
    return AudioChunk(samples=np.frombuffer(proc.stdout, np.float32).copy(), sample_rate=rate)


def decode_audio(data: bytes, where: str = "audio") -> AudioChunk:
    """WAV directly; anything else (mp3, flac, ogg) through ffmpeg."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        try:
            return wav_bytes_to_chunk(data, where)
        except BackendError:
            pass  # e.g. float WAV or streaming header: let ffmpeg try
    return decode_with_ffmpeg(data, where)


def join_chunks(chunks: Iterable[AudioChunk], rate: int = COMMON_RATE) -> np.ndarray:
    """Concatenate chunks, each resampled to ``rate``, as one float32 array."""
    parts = [resample(c.samples, c.sample_rate, rate) for c in chunks]
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)


def resample(samples: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """High-quality resampling (libsoxr, 'HQ') to ``dst_rate``."""
    x = np.asarray(samples, dtype=np.float32)
    if src_rate == dst_rate or len(x) == 0:
        return x
    import soxr

    return np.asarray(soxr.resample(x, src_rate, dst_rate, quality="HQ"), dtype=np.float32)


def trim_silence(
    samples: np.ndarray, rate: int, keep_s: float = 0.05, threshold_db: float = -45.0
) -> np.ndarray:
    """Cut leading/trailing silence, keeping ``keep_s`` seconds before and after speech.

    Silence is any 10 ms frame whose RMS is ``threshold_db`` below the line's peak frame.
    """
    x = np.asarray(samples, dtype=np.float32)
    frame = max(1, rate // 100)
    n = len(x) // frame
    if n == 0:
        return x
    rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-12)
    loud = np.nonzero(20 * np.log10(rms / rms.max()) > threshold_db)[0]
    if len(loud) == 0 or rms.max() < 1e-5:
        return x[:0]
    keep = int(keep_s * rate)
    start = max(0, loud[0] * frame - keep)
    end = min(len(x), (loud[-1] + 1) * frame + keep)
    return x[start:end]


def to_wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    """16-bit mono WAV bytes (for servers and tests)."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(rate)
        wf.writeframes(pcm)
    return buf.getvalue()
