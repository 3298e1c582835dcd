"""Any OpenAI-compatible ``POST {base_url}/audio/speech`` server (Kokoro-FastAPI, Speaches,
OpenAI). Configure with ``[tts.openai] base_url/model`` in show.toml or the env vars
``TINYLEAPS_TTS_URL`` / ``TINYLEAPS_TTS_MODEL``; the key comes only from the environment
(``TINYLEAPS_TTS_API_KEY`` or ``OPENAI_API_KEY``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ...errors import BackendError, BackendUnavailable
from ..base import AudioChunk, TTSBackend
from ..pcm import decode_audio

DEFAULT_URL = "http://127.0.0.1:8880/v1"
DEFAULT_MODEL = "kokoro"


class OpenAISpeechBackend(TTSBackend):
    id = "openai"
    description = "OpenAI-compatible /v1/audio/speech server (Kokoro-FastAPI, Speaches, OpenAI)"
    needs_key = "TINYLEAPS_TTS_API_KEY"

    def __init__(self, config: dict[str, Any] | None = None, transport: Any = None) -> None:
        super().__init__(config)
        self.transport = transport  # tests may pass an httpx transport; default: real HTTP

    @property
    def base_url(self) -> str:
        url = self.config.get("base_url") or os.environ.get("TINYLEAPS_TTS_URL") or DEFAULT_URL
        return str(url).rstrip("/")

    @property
    def model(self) -> str:
        model = self.config.get("model") or os.environ.get("TINYLEAPS_TTS_MODEL")
        return str(model or DEFAULT_MODEL)

    def _headers(self) -> dict[str, str]:
        key = os.environ.get("TINYLEAPS_TTS_API_KEY") or os.environ.get("OPENAI_API_KEY")
        return {"Authorization": f"Bearer {key}"} if key else {}

    def synthesize(self, text: str, voice: str) -> Iterator[AudioChunk]:
        data = self._post(text, voice)
        yield decode_audio(data, f"{self.base_url}/audio/speech")

    def _post(self, text: str, voice: str) -> bytes:
        import httpx

        url = f"{self.base_url}/audio/speech"
        fmt = str(self.config.get("response_format", "wav"))
        body = {"model": self.model, "input": text, "voice": voice, "response_format": fmt}
        timeout = httpx.Timeout(float(self.config.get("timeout", 120)), connect=5.0)
        try:
            with httpx.Client(timeout=timeout, transport=self.transport) as client:
                resp = client.post(url, json=body, headers=self._headers())
        except httpx.ConnectError as exc:
            raise BackendUnavailable(f"{url}: TTS server not reachable ({exc})") from exc
        except httpx.TimeoutException as exc:
            raise BackendError(f"{url}: TTS server timed out ({exc.__class__.__name__})") from exc
        except httpx.HTTPError as exc:
            raise BackendError(f"{url}: TTS request failed ({exc})") from exc
        if resp.status_code >= 400:
            detail = " ".join(resp.text.split())[:200]
            raise BackendError(f"{url}: HTTP {resp.status_code} for voice {voice!r}: {detail}")
        if not resp.content:
            raise BackendError(f"{url}: empty audio response for voice {voice!r}")
        return resp.content

    def describe(self, voice: str) -> str:
        return f"openai:{voice} (model {self.model} at {self.base_url})"

    def cache_key(self, voice: str) -> str:
        return self.describe(voice)
