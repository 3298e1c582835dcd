"""The LLM writer (``--writer llm``) and its chat backends (embedded, gguf, openai)."""

from __future__ import annotations

from .base import ChatBackend, ChatResult, LLMSettings
from .chat_backends import builtin_llm_backends, make_backend

__all__ = ["ChatBackend", "ChatResult", "LLMSettings", "builtin_llm_backends", "make_backend"]
