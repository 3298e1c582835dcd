"""Which chat backend runs: the built-in ones (registered like any plugin, in
``tinyleaps.builtin_plugins``) and how ``--llm-url`` / ``--llm-model`` pick one."""

from __future__ import annotations

from pathlib import Path

from ... import registry
from ...errors import InputError
from ...models.embedded import EMBEDDED_MODEL_ID
from .base import ChatBackend
from .llamacpp import EmbeddedBackend, GGUFBackend
from .openai_chat import OpenAIBackend
from .options import LLMOptions


def builtin_llm_backends() -> list[type[ChatBackend]]:
    return [EmbeddedBackend, GGUFBackend, OpenAIBackend]


def backend_id_for(options: LLMOptions) -> str:
    """``options.backend`` if set; else openai with a URL, gguf with a ``.gguf`` path, the
    embedded model with no model named (InputError for a bare name with no URL: it names
    nothing this machine can run)."""
    if options.backend:
        return options.backend
    if options.url:
        return "openai"
    model = options.model or ""
    if model.endswith(".gguf") or (model and Path(model).expanduser().is_file()):
        return "gguf"
    if model and model not in ("embedded", EMBEDDED_MODEL_ID):
        raise InputError(f"{options.named_by('model')} {model}: no such GGUF file; name a "
                         ".gguf file, or add --llm-url for a model on a server")
    return "embedded"


def backend_class(options: LLMOptions) -> type[ChatBackend]:
    """The registered backend the options ask for (built-ins and plugins alike)."""
    return registry.get("llm", backend_id_for(options))


def make_backend(options: LLMOptions) -> ChatBackend:
    """The chat backend the options ask for, ready to chat."""
    return backend_class(options)(options)
