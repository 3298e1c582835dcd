"""The TTS backend interface: text in, audio chunks (with their sample rate) out."""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from .delivery import Delivery


@dataclass(frozen=True)
class AudioChunk:
    """Mono float32 samples in [-1, 1] at ``sample_rate`` Hz."""

    samples: np.ndarray
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


class TTSBackend(ABC):
    """A speech engine. ``voice`` is the part after ``backend:`` in a host's voice spec."""

    id: ClassVar[str]
    description: ClassVar[str] = ""
    #: the Python package the engine needs (checked by :meth:`available`, not imported)
    requires: ClassVar[str | None] = None

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = config or {}

    @classmethod
    def available(cls) -> bool:
        return cls.requires is None or importlib.util.find_spec(cls.requires) is not None

    @abstractmethod
    def synthesize(self, text: str, voice: str) -> Iterator[AudioChunk]:
        """Yield audio for ``text`` (already speech-normalized)."""

    def synthesize_as(self, text: str, voice: str, delivery: Delivery) -> Iterator[AudioChunk]:
        """:meth:`synthesize` with a delivery (pace, liveliness). Engines that can vary
        them override this and :meth:`delivery_key`; the others say it the usual way."""
        return self.synthesize(text, voice)

    def delivery_key(self, delivery: Delivery) -> str:
        """What ``delivery`` changes in this engine's output, for the line cache ("" when
        the engine ignores it)."""
        return ""

    def describe(self, voice: str) -> str:
        """What to record in episode.json for this voice (model and voice name)."""
        return f"{self.id}:{voice}"


@dataclass
class LineAudio:
    """One voiced script turn, resampled to the episode's common rate.

    ``text`` is what the transcript shows (the script's words); ``spoken`` is what the
    engine was given (after speech-text normalization). ``fallback`` says why a fallback
    voice was used for this line (``None`` when the host's own voice spoke it).
    """

    index: int  # index into Script.turns
    speaker: str
    text: str
    spoken: str
    samples: np.ndarray  # float32 mono
    sample_rate: int
    voice: str  # the voice spec actually used, e.g. "piper:en_US-joe-medium"
    fallback: str | None = None

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate
