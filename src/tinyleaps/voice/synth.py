"""Voice every script turn: speech text, the host's engine, a disk cache, and a fallback.

Lines are synthesized in parallel threads (the ONNX engines release the GIL), each line
is cached on disk by (engine, voice, model version, spoken text, rate), so re-running
after a script edit only re-voices the changed lines. A line that fails twice is voiced
by a fallback voice and the reason recorded in ``LineAudio.fallback``; never dropped.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import paths
from ..artifacts import Script
from ..config import ShowConfig
from ..errors import BackendError, InputError
from ..fsutil import atomic_write_bytes
from ..progress import Progress
from .base import LineAudio
from .delivery import NEUTRAL, Delivery, delivery_for, turn_acts
from .pcm import COMMON_RATE, join_chunks, trim_silence
from .speech_text import Lexicon, load_lexicon, to_speech
from .tts_backends import resolve_voice
from .tts_backends.cli import FliteBackend

log = logging.getLogger(__name__)

CACHE_VERSION = 1  # bump when post-processing (trim, resample) changes


@dataclass(frozen=True)
class LineJob:
    index: int
    speaker: str
    text: str
    spoken: str
    voice: str
    fallback_voice: str
    delivery: Delivery = NEUTRAL


def host_voices(script: Script, show: ShowConfig) -> dict[str, str]:
    """Each speaker's voice spec: the script's host entry, else the show's host by name or
    by position."""
    voices: dict[str, str] = {}
    for i, host in enumerate(script.hosts):
        by_name = next((h for h in show.hosts if h.name == host.name), None)
        by_pos = show.hosts[i] if i < len(show.hosts) else None
        spec = host.voice or (by_name or by_pos or host).voice
        if not spec:
            raise InputError(f"script.json: host {host.name!r} has no voice (e.g. 'piper:...')")
        voices[host.name] = spec
    return voices


def fallback_voice(spec: str, show: ShowConfig, speaker: str) -> str:
    """The fallback for a host: ``[tts.fallback] NAME = "flite:rms"`` in show.toml, else a
    flite voice of the same gender (rms male, slt female), else espeak-ng."""
    configured = (show.tts.get("fallback") or {}).get(speaker)
    if configured:
        return str(configured)
    backend, voice = resolve_voice(spec, show.tts)
    gender_of = getattr(backend, "gender", None)
    female = (gender_of(voice) if gender_of else None) == "f"
    candidate = "flite:slt" if female else "flite:rms"
    if FliteBackend.available() and candidate != spec:
        return candidate
    return "espeak:en-us+f3" if female else "espeak:en-us"


def plan_lines(script: Script, show: ShowConfig, lexicon: Lexicon | None = None) -> list[LineJob]:
    """One job per turn, with its speech text, voices and delivery (no audio yet)."""
    voices = host_voices(script, show)
    fallbacks = {name: fallback_voice(spec, show, name) for name, spec in voices.items()}
    jobs = []
    for i, (turn, act) in enumerate(zip(script.turns, turn_acts(script), strict=True)):
        if turn.speaker not in voices:
            raise InputError(f"script.json: turn {i} speaker {turn.speaker!r} is not a host")
        spoken = to_speech(title_case_hosts(turn.text, list(voices)), lexicon)
        jobs.append(LineJob(i, turn.speaker, turn.text, spoken, voices[turn.speaker],
                            fallbacks[turn.speaker], delivery_for(act)))
    return jobs


def title_case_hosts(text: str, hosts: list[str]) -> str:
    """``I'm ELIZA`` -> ``I'm Eliza``: engines spell out unknown all-caps words, and host
    names are often written in capitals."""
    for name in hosts:
        if name.isupper() and len(name) > 1:
            text = re.sub(rf"\b{re.escape(name)}\b", name.title(), text)
    return text


class LineCache:
    """Processed line audio (float32 at ``rate``) stored as .npy files by content hash."""

    def __init__(self, root: Path, rate: int) -> None:
        self.root, self.rate = root, rate

    def key(self, engine_key: str, spoken: str) -> str:
        blob = json.dumps([CACHE_VERSION, engine_key, self.rate, spoken], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, key: str) -> np.ndarray | None:
        path = self.root / key[:2] / f"{key}.npy"
        try:
            return np.load(path, allow_pickle=False).astype(np.float32)
        except (OSError, ValueError):
            return None

    def put(self, key: str, samples: np.ndarray) -> None:
        buf = io.BytesIO()
        np.save(buf, samples.astype(np.float32), allow_pickle=False)
        atomic_write_bytes(self.root / key[:2] / f"{key}.npy", buf.getvalue())


def voice_text(spec: str, spoken: str, show: ShowConfig, cache: LineCache,
               delivery: Delivery = NEUTRAL) -> np.ndarray:
    """Audio for ``spoken`` in voice ``spec`` (with ``delivery``) at the cache's rate,
    trimmed; cached."""
    backend, voice = resolve_voice(spec, show.tts)
    engine_key = getattr(backend, "cache_key", backend.describe)(voice)
    varied = backend.delivery_key(delivery)
    key = cache.key(f"{engine_key}|{varied}" if varied else engine_key, spoken)
    hit = cache.get(key)
    if hit is not None:
        return hit
    chunks = backend.synthesize_as(spoken, voice, delivery)
    samples = trim_silence(join_chunks(chunks, cache.rate), cache.rate)
    if len(samples) < cache.rate // 20:
        raise BackendError(f"{spec}: produced no audible speech for {spoken[:60]!r}")
    cache.put(key, samples)
    return samples


def _with_retry(spec: str, spoken: str, show: ShowConfig, cache: LineCache,
                delivery: Delivery) -> np.ndarray:
    try:
        return voice_text(spec, spoken, show, cache, delivery)
    except Exception as first:  # noqa: BLE001 - any engine failure gets one retry
        log.warning("%s failed once (%s); retrying", spec, first)
        return voice_text(spec, spoken, show, cache, delivery)


def voice_line(job: LineJob, show: ShowConfig, cache: LineCache) -> LineAudio:
    """Voice one turn: the host's voice (two tries), else the fallback voice."""
    def line(samples: np.ndarray, voice: str, why: str | None) -> LineAudio:
        return LineAudio(job.index, job.speaker, job.text, job.spoken, samples, cache.rate,
                         voice, why)

    if not job.spoken.strip():
        return line(np.zeros(cache.rate // 4, np.float32), job.voice, "nothing speakable")
    try:
        return line(_with_retry(job.voice, job.spoken, show, cache, job.delivery), job.voice,
                    None)
    except Exception as exc:  # noqa: BLE001 - fall back on any engine failure
        why = f"{job.voice} failed twice: {exc}"
        log.warning("turn %d (%s): %s; using %s", job.index, job.speaker, why, job.fallback_voice)
    try:
        return line(voice_text(job.fallback_voice, job.spoken, show, cache, job.delivery),
                    job.fallback_voice, why)
    except Exception as exc:
        raise BackendError(
            f"turn {job.index} ({job.speaker}): {why}; fallback {job.fallback_voice} failed: {exc}"
        ) from exc


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def synthesize_lines(
    script: Script,
    show: ShowConfig,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    lexicon: Lexicon | None = None,
    sample_rate: int = COMMON_RATE,
) -> list[LineAudio]:
    """Voice every turn of ``script`` (in order) at ``sample_rate``.

    ``lexicon`` defaults to the user's ``lexicon.toml`` merged with the show folder's;
    ``progress`` gets ``("voicing lines", done, total)`` after each line; ``workers``
    threads (default: CPU cores, at most 4).
    """
    jobs = plan_lines(script, show, lexicon if lexicon is not None else load_lexicon(show.folder))
    cache = LineCache(Path(cache_dir) if cache_dir else paths.cache_dir("tts"), sample_rate)
    results: list[LineAudio | None] = [None] * len(jobs)
    done, lock = 0, threading.Lock()
    with ThreadPoolExecutor(max_workers=workers or default_workers()) as pool:
        futures = {pool.submit(voice_line, job, show, cache): job.index for job in jobs}
        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            with lock:
                done += 1
            if progress:
                progress("voicing lines", done, len(jobs))
    return [r for r in results if r is not None]


__all__ = ["LineAudio", "LineJob", "synthesize_lines", "plan_lines", "voice_text",
           "fallback_voice", "host_voices"]
