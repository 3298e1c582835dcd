"""The built-in LLM backends and how ``--llm-url`` / ``--llm-model`` pick one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ... import registry
from ...errors import InputError
from ...models.embedded import EMBEDDED_MODEL_ID
from ..base import WriteOptions
from .base import ChatBackend, LLMSettings
from .llamacpp import EmbeddedBackend, GGUFBackend
from .openai_chat import OpenAIBackend


def builtin_llm_backends() -> list[type[ChatBackend]]:
    return [EmbeddedBackend, GGUFBackend, OpenAIBackend]


#: how llama.cpp runs, from ``WriteOptions.extra`` or else the environment
RUN_ENV = {"llm_threads": "TINYLEAPS_LLM_THREADS",
           "llm_batch_threads": "TINYLEAPS_LLM_BATCH_THREADS",
           "llm_parallel": "TINYLEAPS_LLM_PARALLEL", "llm_draft": "TINYLEAPS_LLM_DRAFT"}


def settings_from(options: WriteOptions) -> LLMSettings:
    extra: dict[str, Any] = options.extra
    return LLMSettings(
        url=options.llm_url,
        model=options.llm_model,
        api_key=extra.get("llm_api_key"),
        n_ctx=int(extra.get("llm_ctx", 4096)),
        threads=_count(extra, "llm_threads"),
        batch_threads=_count(extra, "llm_batch_threads"),
        parallel=_count(extra, "llm_parallel") or 1,
        draft=str(_run_setting(extra, "llm_draft") or "") or None,
        timeout=float(extra.get("llm_timeout", 900.0)),
    )


def _run_setting(extra: dict[str, Any], key: str) -> Any:
    return extra[key] if extra.get(key) is not None else os.environ.get(RUN_ENV[key])


def _count(extra: dict[str, Any], key: str) -> int | None:
    value = _run_setting(extra, key)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise InputError(f"{RUN_ENV[key]}={value}: not a whole number of at least 1")
    return number


def backend_id_for(options: WriteOptions) -> str:
    """``extra["llm_backend"]`` if set; else openai with a URL, gguf with a ``.gguf``
    path, the embedded model with no model named (InputError for a bare name with no
    URL: it names nothing this machine can run)."""
    chosen = options.extra.get("llm_backend")
    if chosen:
        return str(chosen)
    if options.llm_url:
        return "openai"
    model = options.llm_model or ""
    if model.endswith(".gguf") or (model and Path(model).expanduser().is_file()):
        return "gguf"
    if model and model not in ("embedded", EMBEDDED_MODEL_ID):
        raise InputError(f"--llm-model {model}: no such GGUF file; name a .gguf file, or add "
                         "--llm-url for a model on a server")
    return "embedded"


def backend_class(options: WriteOptions) -> type[ChatBackend]:
    """Built-in backends directly; plugin backends through the registry."""
    wanted = backend_id_for(options)
    builtin = {cls.id: cls for cls in builtin_llm_backends()}
    return builtin.get(wanted) or registry.get("llm", wanted)


def make_backend(options: WriteOptions) -> ChatBackend:
    """The chat backend the options ask for (a ready test double if one is passed in
    ``options.extra["llm_backend_instance"]``)."""
    given = options.extra.get("llm_backend_instance")
    if isinstance(given, ChatBackend):
        return given
    return backend_class(options)(settings_from(options))
