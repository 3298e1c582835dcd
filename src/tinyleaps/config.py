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

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .artifacts import Host
from .errors import InputError

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

    def themes(self, key: str) -> list[str]:
        """``focus`` or ``exclude`` themes from show.toml (a string with commas, or a list)."""
        value = self.extra.get(key)
        if value is not None and not isinstance(value, str | list):
            raise InputError(f"show.toml: {key!r} must be a string or a list of themes")
        return theme_list(value)

    def with_host_names(self, names: list[str]) -> ShowConfig:
        """``--hosts A,B``: rename hosts in order, keeping voices and personas."""
        if len(names) != 2 or not all(n.strip() for n in names):
            raise InputError(f"--hosts {','.join(names)!r}: give exactly two names, e.g. KAI,ELIZA")
        hosts = [
            Host(name=n.strip(), voice=h.voice, persona=h.persona)
            for n, h in zip(names, self.hosts, strict=False)
        ]
        return ShowConfig(**{**vars(self), "hosts": hosts})


def theme_list(value: str | Sequence[str] | None) -> list[str]:
    """``"quantization, local hardware"`` or a list of themes -> clean themes (the
    ``--focus`` / ``--exclude`` options and show.toml's ``focus`` / ``exclude``)."""
    if not value:
        return []
    items = re.split(r"[,;\n]", value) if isinstance(value, str) else list(value)
    return [" ".join(str(t).split()) for t in items if str(t).strip()]


def load_show_config(path: str | Path | None) -> ShowConfig:
    if path is None:
        return ShowConfig()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{p}: show config not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: invalid TOML: {exc}") from exc
    known = {"name", "description", "language", "author", "owner_email", "tts", "llm"}
    cfg = ShowConfig(**{k: v for k, v in data.items() if k in known})
    cfg.extra = {k: v for k, v in data.items() if k not in known | {"hosts"}}
    cfg.folder = p.parent
    if "hosts" in data:
        hosts = data["hosts"]
        if not isinstance(hosts, list) or len(hosts) != 2:
            raise InputError(f"{p}: [[hosts]] must list exactly two hosts")
        try:
            cfg.hosts = [
                Host(name=str(h["name"]), voice=str(h.get("voice", d.voice)),
                     persona=str(h.get("persona", d.persona)))
                for h, d in zip(hosts, DEFAULT_HOSTS, strict=True)
            ]
        except (KeyError, TypeError) as exc:
            raise InputError(f"{p}: each [[hosts]] entry needs a name") from exc
    return cfg
