"""The built-in TTS backends and voice-spec resolution (``"backend:voice"``)."""

from __future__ import annotations

import json
import threading
from typing import Any

from ... import registry
from ...errors import InputError
from ..base import TTSBackend


def builtin_tts_backends() -> list[type[TTSBackend]]:
    """Classes registered by ``builtin_plugins.register_tts`` (imports stay light)."""
    from .cli import EspeakBackend, FliteBackend
    from .hibari import HibariBackend
    from .openai_speech import OpenAISpeechBackend
    from .piper import PiperBackend

    return [HibariBackend, PiperBackend, FliteBackend, EspeakBackend, OpenAISpeechBackend]


_instances: dict[tuple[str, str], TTSBackend] = {}
_lock = threading.Lock()


def parse_spec(spec: str) -> tuple[str, str]:
    """``"piper:en_US-joe-medium"`` -> ``("piper", "en_US-joe-medium")``."""
    backend_id, sep, voice = spec.strip().partition(":")
    if not sep or not backend_id:
        raise InputError(f"voice {spec!r}: expected 'backend:voice', e.g. 'piper:en_US-joe-medium'")
    return backend_id, voice


def resolve_voice(spec: str, tts_config: dict[str, Any] | None = None) -> tuple[TTSBackend, str]:
    """The backend instance and voice name for a voice spec.

    ``tts_config`` is ``ShowConfig.tts`` (per-backend settings, e.g. ``{"openai": {...}}``).
    Instances are reused per (backend, settings), so models load once per process.
    """
    backend_id, voice = parse_spec(spec)
    cls = registry.get("tts", backend_id)
    settings = dict((tts_config or {}).get(backend_id) or {})
    key = (backend_id, json.dumps(settings, sort_keys=True, default=str))
    with _lock:
        inst = _instances.get(key)
        if inst is None or type(inst) is not cls:
            inst = _instances[key] = cls(settings)
    return inst, voice
