"""A per-process cache of loaded engines: each model is loaded once and reused."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_engines: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()


def cached_model(backend: str, key: str, load: Callable[[], Any]) -> Any:
    """Return the model for (backend, key), calling ``load()`` the first time only."""
    with _lock:
        model = _engines.get((backend, key))
        if model is None:
            model = _engines[(backend, key)] = load()
        return model
