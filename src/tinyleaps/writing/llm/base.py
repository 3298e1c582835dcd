"""One small interface every LLM backend implements: ``chat(messages) -> ChatResult``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from .options import LLMOptions

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


class ChatBackend(ABC):
    """A chat model. ``json_schema`` asks for constrained output where the backend can
    (llama.cpp grammars, OpenAI ``response_format``); callers still parse tolerantly."""

    id: ClassVar[str]
    description: ClassVar[str] = ""
    needs_key: ClassVar[bool] = False
    key_env: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: LLMOptions) -> None:
        self.options = options

    @classmethod
    def available(cls, options: LLMOptions) -> bool:
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
        return {"backend": self.id, "model": self.options.model}

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (HTTP clients). Loaded models may stay cached."""
