"""Show configuration: the show's name, its hosts (voice and persona) and defaults.

Loaded from a TOML file (``--config show.toml`` or ``show.toml`` in a show folder);
everything has a default so ``tinyleaps episode`` works with no config at all::

    name = "Tiny Leaps"
    description = "..."
    [[hosts]]
    name = "KAI"
    voice = "piper:en_US-joe-medium"
    persona = "..."
    focus = "quantization, local hardware"   # optional: themes to favour (--focus)
    exclude = ["crypto"]                     # optional: themes to leave out (--exclude)
    [tts.openai]            # optional: an OpenAI-compatible /v1/audio/speech server
    base_url = "http://127.0.0.1:8880/v1"
    model = "kokoro"
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .artifacts import Host
from .errors import InputError
from .fsutil import read_text, regular_file

DEFAULT_HOSTS = (
    Host(
        name="KAI",
        voice="piper:en_US-joe-medium",
        persona=(
            "The hands-on tinkerer: runs models on his own hardware, cares about speed, "
            "memory and quantization, dry humour, skeptical of hype."
        ),
    ),
    Host(
        name="ELIZA",
        voice="hibari:heart",
        persona=(
            "The curious analyst: follows research and the community's debates, asks the "
            "sharp follow-up question, warm and quick, pushes back when a claim is thin."
        ),
    ),
)


#: ``--topics`` and show.toml's ``topics``: how many topic segments
TOPICS_RANGE = (1, 12)
#: ``--minutes`` and show.toml's ``minutes``: the target length
MINUTES_RANGE = (0.5, 120.0)
WRITERS = ("auto", "llm", "extractive")
_BAD_NAME = re.compile(r"[:\x00-\x1f\x7f]")
MAX_NAME = 40


def topics_value(value: Any) -> int:
    """``value`` as a topic count; ValueError saying why it is not one."""
    low, high = TOPICS_RANGE
    if isinstance(value, str):
        value = value.strip()
        value = int(value) if re.fullmatch(r"[+-]?\d{1,6}", value) else value
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{value!r} is not a whole number from {low} to {high}")
    return value


def minutes_value(value: Any) -> float:
    """``value`` as a target length in minutes; ValueError saying why it is not one."""
    return number_between(value, *MINUTES_RANGE, "minutes")


def number_between(value: Any, low: float, high: float, unit: str) -> float:
    """``value`` (a number, or text of one) as a float from ``low`` to ``high``;
    ValueError saying why not (NaN and infinity included)."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{value!r} is not a number of {unit} from {low:g} to {high:g}")
    return number


def url_value(value: Any) -> str:
    """``--llm-url`` (and show.toml's ``llm_url``): an http(s) URL with a host; ValueError
    saying why not."""
    import httpx

    try:
        url = httpx.URL(value.strip()) if isinstance(value, str) else None
    except (httpx.InvalidURL, TypeError, ValueError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"{value!r} is not an http(s) URL such as http://127.0.0.1:8080/v1")
    return str(value).strip()


def host_names(names: list[Any]) -> list[str]:
    """Exactly two distinct, speakable host names (they start every line of script.txt,
    ``NAME: text``); ValueError saying what is wrong."""
    if len(names) != 2 or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError("give exactly two names, e.g. KAI,ELIZA")
    clean = [n.strip() for n in names]
    for name in clean:
        if _BAD_NAME.search(name) or len(name) > MAX_NAME:
            raise ValueError(f"{name!r} is not a host name (no colons or control characters, "
                             f"at most {MAX_NAME} characters)")
    if clean[0].casefold() == clean[1].casefold():
        raise ValueError(f"the two hosts need different names, got {clean[0]!r} twice")
    return clean


@dataclass
class ShowConfig:
    name: str = "Tiny Leaps"
    description: str = (
        "A daily two-host podcast about what the local-LLM community is talking about, "
        "made entirely on local models."
    )
    hosts: list[Host] = field(default_factory=lambda: [Host(**vars(h)) for h in DEFAULT_HOSTS])
    language: str = "en"
    author: str = "Tiny Leaps"
    owner_email: str = ""
    tts: dict[str, Any] = field(default_factory=dict)
    llm: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    #: the folder of the show's config file (its lexicon.toml applies to this show)
    folder: Path | None = None
    #: the show config file itself (named in errors about its values)
    path: Path | None = None

    def themes(self, key: str) -> list[str]:
        """``focus`` or ``exclude`` themes from show.toml (a string with commas, or a list)."""
        value = self.extra.get(key)
        if value is not None and not isinstance(value, str | list):
            raise InputError(f"{self.path or 'show.toml'}: {key!r} must be a string or a "
                             "list of themes")
        return theme_list(value)

    def with_host_names(self, names: list[str]) -> ShowConfig:
        """``--hosts A,B``: rename hosts in order, keeping voices and personas."""
        try:
            clean = host_names(names)
        except ValueError as exc:
            raise InputError(f"--hosts {','.join(names)!r}: {exc}") from exc
        hosts = [
            Host(name=n, voice=h.voice, persona=h.persona)
            for n, h in zip(clean, self.hosts, strict=False)
        ]
        return ShowConfig(**{**vars(self), "hosts": hosts})


def theme_list(value: str | Sequence[str] | None) -> list[str]:
    """``"quantization, local hardware"`` or a list of themes -> clean themes (the
    ``--focus`` / ``--exclude`` options and show.toml's ``focus`` / ``exclude``)."""
    if not value:
        return []
    items = re.split(r"[,;\n]", value) if isinstance(value, str) else list(value)
    return [" ".join(str(t).split()) for t in items if str(t).strip()]


_TEXT_KEYS = ("name", "description", "language", "author", "owner_email")
_TABLE_KEYS = ("tts", "llm")


def load_show_config(path: str | Path | None) -> ShowConfig:
    """Read a show.toml; InputError naming the file and the key that is wrong."""
    if path is None:
        return ShowConfig()
    p = regular_file(path, "show config")
    try:
        data = tomllib.loads(read_text(p, missing="show config not found"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: invalid TOML: {exc}") from exc
    for key in _TEXT_KEYS:
        if key in data and not isinstance(data[key], str):
            raise InputError(f"{p}: {key} must be a string, got {type(data[key]).__name__}")
    if "name" in data and not data["name"].strip():
        raise InputError(f"{p}: name is empty")
    for key in _TABLE_KEYS:
        if key in data and not isinstance(data[key], dict):
            raise InputError(f"{p}: [{key}] must be a table")
    known = set(_TEXT_KEYS) | set(_TABLE_KEYS)
    cfg = ShowConfig(**{k: v for k, v in data.items() if k in known})
    cfg.extra = {k: v for k, v in data.items() if k not in known | {"hosts"}}
    cfg.folder, cfg.path = p.parent, p
    if "hosts" in data:
        cfg.hosts = _hosts(data["hosts"], p)
    return cfg


def _hosts(hosts: Any, p: Path) -> list[Host]:
    if not isinstance(hosts, list) or len(hosts) != 2 or not all(
            isinstance(h, dict) for h in hosts):
        raise InputError(f"{p}: [[hosts]] must list exactly two hosts")
    for h in hosts:
        for key in ("voice", "persona"):
            if not isinstance(h.get(key, ""), str):
                raise InputError(f"{p}: a host's {key} must be a string")
    try:
        names = host_names([h.get("name") for h in hosts])
    except ValueError as exc:
        raise InputError(f"{p}: [[hosts]] names: {exc}") from exc
    return [
        Host(name=n, voice=h.get("voice", d.voice), persona=h.get("persona", d.persona))
        for n, h, d in zip(names, hosts, DEFAULT_HOSTS, strict=True)
    ]
