"""One registry for every pluggable backend: sources, writers, TTS voices, LLMs.

Plugins are modules exposed through the ``tinyleaps`` entry-point group. A plugin defines
any of the hook functions below; each receives a ``register`` callable and registers
backend classes (each class has a unique ``id`` class attribute)::

    # my_plugin.py, with [project.entry-points.tinyleaps] mine = "my_plugin"
    def register_tts(register):
        register(MyVoiceBackend)

The built-in backends use the very same hooks (``tinyleaps.builtin_plugins``).
"""

from __future__ import annotations

import importlib
import logging
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

from .errors import InputError

log = logging.getLogger(__name__)

KINDS = {
    "source": "register_sources",
    "writer": "register_writers",
    "tts": "register_tts",
    "llm": "register_llms",
}

_registry: dict[str, dict[str, type[Any]]] | None = None
_extra_plugins: list[ModuleType] = []


def _plugin_modules() -> list[ModuleType]:
    mods: list[ModuleType] = [importlib.import_module("tinyleaps.builtin_plugins")]
    for ep in entry_points(group="tinyleaps"):
        if ep.value == "tinyleaps.builtin_plugins":
            continue
        try:
            mods.append(ep.load())
        except Exception as exc:  # a broken third-party plugin must not break the tool
            log.warning("plugin %s failed to load: %s", ep.name, exc)
    return mods + _extra_plugins


def _load() -> dict[str, dict[str, type[Any]]]:
    global _registry
    if _registry is None:
        reg: dict[str, dict[str, type[Any]]] = {kind: {} for kind in KINDS}
        for mod in _plugin_modules():
            for kind, hook_name in KINDS.items():
                hook = getattr(mod, hook_name, None)
                if hook is not None:
                    hook(lambda cls, _k=kind: reg[_k].__setitem__(cls.id, cls))
        _registry = reg
    return _registry


def backends(kind: str) -> dict[str, type[Any]]:
    """All registered backend classes of ``kind``, by id, in registration order."""
    return dict(_load()[kind])


def get(kind: str, backend_id: str) -> type[Any]:
    found = _load()[kind].get(backend_id)
    if found is None:
        known = ", ".join(sorted(_load()[kind])) or "none"
        raise InputError(f"unknown {kind} backend {backend_id!r} (known: {known})")
    return found


def add_plugin(module: ModuleType) -> None:
    """Register a plugin module at run time (tests use this for fake backends)."""
    _extra_plugins.append(module)
    reset()


def remove_plugin(module: ModuleType) -> None:
    if module in _extra_plugins:
        _extra_plugins.remove(module)
    reset()


def reset() -> None:
    global _registry
    _registry = None
