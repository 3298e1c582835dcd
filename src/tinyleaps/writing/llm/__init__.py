"""The LLM writer (``--writer llm``) and its chat backends (embedded, gguf, openai)."""

from __future__ import annotations

from .base import ChatBackend, ChatResult
from .chat_backends import builtin_llm_backends, make_backend
from .options import LLMOptions, llm_options

__all__ = ["ChatBackend", "ChatResult", "LLMOptions", "builtin_llm_backends", "llm_options",
           "make_backend"]
