"""How the LLM writer is set up (:class:`LLMOptions`), and the one place its settings are
merged (:func:`llm_options`).

Each setting is taken from the first place that has it: the command-line flag, its
environment variable, show.toml, the default. A bad value is an :class:`InputError` that
names where it came from (``--llm-url``, ``TINYLEAPS_LLM_THREADS``, ``show.toml: llm_url``)::

    setting        flag          environment                  show.toml
    url            --llm-url     TINYLEAPS_LLM_URL            llm_url
    model          --llm-model   TINYLEAPS_LLM_MODEL          llm_model
    style          --llm-style   TINYLEAPS_LLM_STYLE          llm_style, else [llm] style
    parallel                     TINYLEAPS_LLM_PARALLEL
    repairs                      TINYLEAPS_LLM_REPAIRS
    threads                      TINYLEAPS_LLM_THREADS
    batch_threads                TINYLEAPS_LLM_BATCH_THREADS
    draft                        TINYLEAPS_LLM_DRAFT

A backend's own settings sit in its own typed options, as llm's ``Options`` classes do:
:class:`LlamaCppOptions` (the embedded and gguf backends), :class:`ServerOptions` (the
openai backend, whose key comes from ``ChatBackend.key_env``). Library callers and
tests pass any setting by name in ``given`` (``{"backend": "fake", "parallel": 2}``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ...config import ShowConfig, url_value
from ...errors import InputError

#: how the LLM writer works: "guided" (the model writes the hosts' own words around
#: quoted, credited points; made for small models) or "free" (whole segments)
LLM_STYLES = ("guided", "free")
#: llama.cpp's n-gram speculative decoding: none, ``mod`` (ngram-mod), ``simple``
DRAFTS = ("", "mod", "simple")
#: the command-line flag of each setting that has one (named in errors)
FLAGS = {"url": "--llm-url", "model": "--llm-model", "style": "--llm-style"}


def style_value(value: Any) -> str:
    """An LLM style (any case); ValueError naming the choices."""
    if not isinstance(value, str) or value.strip().lower() not in LLM_STYLES:
        raise ValueError(f"unknown LLM style {value!r} (choose {' or '.join(LLM_STYLES)})")
    return value.strip().lower()


def count_value(value: Any) -> int:
    """A whole number of at least 1 (threads, slots, context tokens)."""
    try:
        number = int(value) if not isinstance(value, bool | float) else 0
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ValueError(f"{value!r} is not a whole number of at least 1")
    return number


def repairs_value(value: Any) -> int:
    """How many times a story's failing lines go back to the model: 0 or 1."""
    if isinstance(value, bool) or str(value).strip() not in ("0", "1"):
        raise ValueError(f"{value!r} is not 0 or 1")
    return int(str(value).strip())


def text_value(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a non-empty string")
    return value.strip()


def draft_value(value: Any) -> str:
    if value not in DRAFTS:
        raise ValueError(f"llama.cpp draft {value!r}: not one of {', '.join(DRAFTS[1:])}")
    return str(value)


def seconds_value(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{value!r} is not a number of seconds")
    number = float(value)
    if not number > 0:
        raise ValueError(f"{value!r} is not a positive number of seconds")
    return number


def _setting(default: Any, check: Callable[[Any], Any], env: str | None = None,
             toml: tuple[str, ...] = ()) -> Any:
    """A field whose value :func:`llm_options` looks up: its check, env var, show.toml keys
    (``"llm.style"`` is ``style`` in the ``[llm]`` table)."""
    return field(default=default, metadata={"check": check, "env": env, "toml": toml})


@dataclass(frozen=True)
class LlamaCppOptions:
    """How llama.cpp runs a model in this process (the ``embedded`` and ``gguf`` backends;
    measured in docs/benchmarks.md, "Speed")."""

    ctx: int = _setting(4096, count_value)  # tokens per parallel slot
    threads: int | None = _setting(None, count_value, "TINYLEAPS_LLM_THREADS")  # None: all
    batch_threads: int | None = _setting(None, count_value, "TINYLEAPS_LLM_BATCH_THREADS")
    draft: str = _setting("", draft_value, "TINYLEAPS_LLM_DRAFT")  # one of DRAFTS


@dataclass(frozen=True)
class ServerOptions:
    """How the ``openai`` backend talks to its server."""

    api_key: str | None = _setting(None, text_value)  # None: the backend's key_env
    timeout: float = _setting(900.0, seconds_value)  # a slow CPU takes minutes a story


@dataclass(frozen=True)
class LLMOptions:
    """Which model writes (``url``, ``model``, or a registered ``backend`` id), how it
    writes (``style``), how many requests its server decodes at once (``parallel``, the
    writer sends that many stories ahead: ``schedule.py``), whether a story's failing
    lines go back to the model once (``repairs``; None: in the free style only), and
    each backend's own.

    Measured (docs/benchmarks.md, "Speed"): two slots write a 5-minute episode in 126-133
    s where one took 168-261 s; with the bundled 1.5B model, 12 repair requests over four
    episodes won 2 lines for about a third of the tokens generated, so the guided style
    does not repair."""

    url: str | None = _setting(None, url_value, "TINYLEAPS_LLM_URL", ("llm_url",))
    model: str | None = _setting(None, text_value, "TINYLEAPS_LLM_MODEL", ("llm_model",))
    style: str = _setting("guided", style_value, "TINYLEAPS_LLM_STYLE",
                          ("llm_style", "llm.style"))
    backend: str | None = _setting(None, text_value)  # None: chosen from url and model
    parallel: int = _setting(2, count_value, "TINYLEAPS_LLM_PARALLEL")
    repairs: int | None = _setting(None, repairs_value, "TINYLEAPS_LLM_REPAIRS")
    llamacpp: LlamaCppOptions = field(default_factory=LlamaCppOptions)
    server: ServerOptions = field(default_factory=ServerOptions)
    #: where each setting that was looked up came from (``"model"``: ``"show.toml: llm_model"``)
    origin: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def repair_rounds(self) -> int:
        """How many times a story's failing lines go back to the model (``repairs``)."""
        return self.repairs if self.repairs is not None else int(self.style == "free")

    def named_by(self, setting: str) -> str:
        """Where ``setting`` came from, for an error line: ``--llm-model``, an env var or
        ``show.toml: llm_model`` (its flag when it was passed in directly)."""
        return self.origin.get(setting, FLAGS.get(setting, setting))


_PARTS = {"llamacpp": LlamaCppOptions, "server": ServerOptions}


def llm_options(given: Mapping[str, Any] | None = None, show: ShowConfig | None = None,
                env: Mapping[str, str] | None = None) -> LLMOptions:
    """Every setting from ``given`` (flags; None or absent: not given), else ``env``
    (default ``os.environ``), else show.toml (``show``), else its default."""
    look = _Lookup(dict(given or {}), show, os.environ if env is None else env)
    parts = {name: look.build(cls) for name, cls in _PARTS.items()}
    return replace(look.build(LLMOptions, **parts), origin=dict(look.origin))


@dataclass
class _Lookup:
    given: dict[str, Any]
    show: ShowConfig | None
    env: Mapping[str, str]
    origin: dict[str, str] = field(default_factory=dict)

    def build(self, cls: type[Any], **parts: Any) -> Any:
        values = dict(parts)
        for f in fields(cls):
            if f.name not in parts and "check" in f.metadata:
                found = self.find(f.name, f.metadata)
                if found is not None:
                    values[f.name] = found
        return cls(**values)

    def find(self, name: str, meta: Mapping[str, Any]) -> Any:
        value, where = self.given.get(name), FLAGS.get(name, name)
        if value is None and meta["env"] and self.env.get(meta["env"], "") != "":
            value, where = self.env[meta["env"]], meta["env"]
        if value is None and self.show is not None:
            value, where = self.from_toml(meta["toml"])
        if value is None:
            return None
        self.origin[name] = where
        try:
            return meta["check"](value)
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from exc

    def from_toml(self, keys: tuple[str, ...]) -> tuple[Any, str]:
        assert self.show is not None
        path = self.show.path or "show.toml"
        for key in keys:
            table, _, inner = key.rpartition(".")
            source = self.show.llm if table == "llm" else self.show.extra
            if source.get(inner) is not None:
                return source[inner], f"{path}: {key}"
        return None, str(path)
