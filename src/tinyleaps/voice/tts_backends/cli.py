"""Voices from Debian command-line engines: flite and espeak-ng (write a WAV, read it back)."""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ...errors import BackendError, BackendUnavailable
from ..base import AudioChunk, TTSBackend
from ..pcm import wav_bytes_to_chunk


class _CommandBackend(TTSBackend):
    program: str = ""
    default_voice: str = ""

    @classmethod
    def available(cls) -> bool:
        return shutil.which(cls.program) is not None

    def command(self, voice: str, text_file: Path, wav_file: Path) -> list[str]:
        raise NotImplementedError

    def synthesize(self, text: str, voice: str) -> Iterator[AudioChunk]:
        voice = voice or self.default_voice
        if not self.available():
            raise BackendUnavailable(f"{self.id}: program {self.program!r} not found on PATH")
        with tempfile.TemporaryDirectory(prefix="tinyleaps-tts-") as tmp:
            text_file, wav_file = Path(tmp, "line.txt"), Path(tmp, "line.wav")
            text_file.write_text(text + "\n", encoding="utf-8")
            proc = subprocess.run(
                self.command(voice, text_file, wav_file),
                capture_output=True, timeout=120, check=False,
            )
            if proc.returncode != 0 or not wav_file.is_file():
                err = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
                raise BackendError(f"{self.id}:{voice}: {self.program} failed: {err[:200]}")
            yield wav_bytes_to_chunk(wav_file.read_bytes(), f"{self.id}:{voice}")

    def cache_key(self, voice: str) -> str:
        return f"{self.id}:{voice or self.default_voice}"


@functools.cache
def flite_voices() -> tuple[str, ...]:
    """The voices compiled into this flite binary (``flite -lv``)."""
    try:
        out = subprocess.run(["flite", "-lv"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return tuple(out.split(":", 1)[-1].split())


class FliteBackend(_CommandBackend):
    id = "flite"
    description = "Debian flite voices: slt (female), rms, kal16, awb (male); 16 kHz"
    program = "flite"
    default_voice = "slt"

    def command(self, voice: str, text_file: Path, wav_file: Path) -> list[str]:
        if voice not in flite_voices() and not Path(voice).is_file():
            # flite silently speaks with its default voice when the name is unknown
            known = ", ".join(flite_voices())
            raise BackendUnavailable(f"flite: unknown voice {voice!r} (known: {known})")
        return [self.program, "-voice", voice, "-f", str(text_file), "-o", str(wav_file)]

    def gender(self, voice: str) -> str | None:
        return "f" if voice == "slt" else "m"


class EspeakBackend(_CommandBackend):
    id = "espeak"
    description = "Debian espeak-ng voices (e.g. en-us, en-us+f3 for a female variant); 22.05 kHz"
    program = "espeak-ng"
    default_voice = "en-us"

    def command(self, voice: str, text_file: Path, wav_file: Path) -> list[str]:
        rate = str(int(self.config.get("words_per_minute", 165)))
        return [self.program, "-v", voice, "-s", rate, "-w", str(wav_file), "-f", str(text_file)]

    def gender(self, voice: str) -> str | None:
        return "f" if "+f" in voice else "m"
