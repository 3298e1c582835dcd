"""One registry for every pluggable backend: sources, writers, TTS voices, LLMs.

Plugins are modules exposed through the ``tinyleaps`` entry-point group. A plugin defines
any of the hook functions below; each receives a ``register`` callable and registers
backend classes (each class has a unique ``id`` class attribute)::

    # my_plugin.py, with [project.entry-points.tinyleaps] mine = "my_plugin"
    def register_tts(register):
        register(MyVoiceBackend)

The built-in backends use the very same hooks and the very same entry point (``builtin``
in pyproject.toml), so this module imports none of them: every stage's backends sit
above it and look their peers up here.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

from .errors import BackendUnavailable, InputError

log = logging.getLogger(__name__)

KINDS = {
    "source": "register_sources",
    "writer": "register_writers",
    "tts": "register_tts",
    "llm": "register_llms",
}

#: the entry point (pyproject.toml) of the built-in backends
BUILTIN = "builtin"

_registry: dict[str, dict[str, type[Any]]] | None = None
_extra_plugins: list[ModuleType] = []


def _plugin_modules() -> list[ModuleType]:
    """Every module of the ``tinyleaps`` entry-point group, the package's own ``builtin``
    first (so a plugin may replace a built-in backend by registering its id again)."""
    found = sorted(entry_points(group="tinyleaps"), key=lambda ep: ep.name != BUILTIN)
    if not found or found[0].name != BUILTIN:
        raise BackendUnavailable("tinyleaps is not installed, so its built-in backends (an "
                                 "entry point) are not registered: pip install -e .")
    mods: list[ModuleType] = [found[0].load()]
    for ep in found[1:]:
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
