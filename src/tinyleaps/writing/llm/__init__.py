"""The LLM writer (``--writer llm``) and its chat backends (embedded, gguf, openai).

Importing this package stays light: the backends (and llama.cpp's process settings,
``llamacpp.py``) load only when a writer picks one (``chat_backends.py``)."""

from __future__ import annotations

from .base import ChatBackend, ChatResult
from .options import LLMOptions, llm_options

__all__ = ["ChatBackend", "ChatResult", "LLMOptions", "llm_options"]
