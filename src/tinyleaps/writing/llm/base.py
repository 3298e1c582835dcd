"""One small interface every LLM backend implements: ``chat(messages) -> ChatResult``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

Message = dict[str, str]


@dataclass
class ChatResult:
    """One reply: its text, token counts (0 when the server does not say) and wall time.

    ``cached_tokens`` of the prompt came from the server's prompt cache (llama.cpp's
    ``timings.cache_n``); ``prompt_ms`` and ``generate_ms`` are the server's own time
    reading the rest of the prompt and generating (llama.cpp reports them; 0 otherwise).
    """

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    cached_tokens: int = 0
    prompt_ms: float = 0.0
    generate_ms: float = 0.0


@dataclass
class LLMSettings:
    """What a backend needs to start: where the model is and how to reach it."""

    url: str | None = None  # OpenAI-compatible base URL (``http://host:port/v1``)
    model: str | None = None  # model name on the server, or a GGUF path
    api_key: str | None = None
    n_ctx: int = 4096
    threads: int | None = None
    timeout: float = 900.0  # a slow CPU can take minutes per segment
    batch_threads: int | None = None  # llama.cpp's threads reading prompts
    #: requests the server decodes at once (llama.cpp's parallel slots); the writer sends
    #: up to this many stories at a time (``writing/llm/schedule.py``)
    parallel: int = 1
    draft: str | None = None  # llama.cpp's n-gram speculative decoding (``llamacpp.DRAFTS``)


class ChatBackend(ABC):
    """A chat model. ``json_schema`` asks for constrained output where the backend can
    (llama.cpp grammars, OpenAI ``response_format``); callers still parse tolerantly."""

    id: ClassVar[str]
    description: ClassVar[str] = ""
    needs_key: ClassVar[bool] = False
    key_env: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings

    @classmethod
    def available(cls, settings: LLMSettings) -> bool:
        """Could this backend run now (without loading a model)?"""
        return True

    @abstractmethod
    def chat(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        temperature: float = 0.7,
        seed: int = 0,
    ) -> ChatResult:
        """Send ``messages`` and return the assistant's reply."""

    def describe(self) -> dict[str, Any]:
        """What episode.json records about this backend."""
        return {"backend": self.id, "model": self.settings.model}

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (HTTP clients). Loaded models may stay cached."""
