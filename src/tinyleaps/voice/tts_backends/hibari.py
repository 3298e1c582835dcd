"""hibari-tts: small ONNX English voices at 24 kHz; "heart" ships inside the package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ...errors import BackendError, BackendUnavailable
from ..base import AudioChunk, TTSBackend
from ..delivery import NEUTRAL, Delivery
from .engine_cache import cached_model

# hibari's speed setting moves the pace by much less than its value (measured on the
# heart voice: 1.15 is about 4 % quicker, 0.88 about 5 % slower), so a delivery's speed
# is raised to this power first
SPEED_POWER = 2.3


def hibari_speed(delivery: Delivery) -> float:
    return float(delivery.speed ** SPEED_POWER)


def _load(voice: str) -> Any:
    try:
        from hibari import Hibari
        from hibari.voices import VOICES, voice_path
    except ImportError as exc:
        raise BackendUnavailable("hibari: package hibari-tts is not installed") from exc
    if voice not in VOICES:
        raise BackendUnavailable(f"hibari: unknown voice {voice!r} (known: {', '.join(VOICES)})")
    try:
        path = voice_path(voice, download_missing=False)  # never download at run time
    except FileNotFoundError as exc:
        raise BackendUnavailable(
            f"hibari: voice {voice!r} is not installed here ({exc}); use hibari:heart"
        ) from exc
    return Hibari(voice=voice, model=path, threads=1)


class HibariBackend(TTSBackend):
    id = "hibari"
    description = "hibari-tts ONNX voices (24 kHz); 'heart' is bundled"
    requires = "hibari"

    def synthesize(self, text: str, voice: str) -> Iterator[AudioChunk]:
        return self.synthesize_as(text, voice, NEUTRAL)

    def synthesize_as(self, text: str, voice: str, delivery: Delivery) -> Iterator[AudioChunk]:
        voice = voice or "heart"
        engine = cached_model(self.id, voice, lambda: _load(voice))
        speed = float(self.config.get("speed", 1.0)) * hibari_speed(delivery)
        seed = self.config.get("seed", 0)  # deterministic audio: cache- and test-friendly
        try:
            for part in engine.stream(text, speed=speed, seed=seed):
                yield AudioChunk(np.asarray(part, np.float32), int(engine.sample_rate))
        except Exception as exc:  # noqa: BLE001 - engine internals raise anything
            raise BackendError(f"hibari:{voice}: synthesis failed: {exc}") from exc

    def describe(self, voice: str) -> str:
        from hibari import __version__

        return f"hibari:{voice or 'heart'} (hibari-tts {__version__})"

    def delivery_key(self, delivery: Delivery) -> str:
        return "" if delivery.speed == 1.0 else f"speed={hibari_speed(delivery):.4f}"

    def cache_key(self, voice: str) -> str:
        return f"{self.describe(voice)} speed={self.config.get('speed', 1.0)}"

    def gender(self, voice: str) -> str | None:
        from hibari.voices import VOICES

        g = str(VOICES.get(voice or "heart", {}).get("gender", "")).lower()
        return "f" if g.startswith("f") else "m" if g.startswith("m") else None


