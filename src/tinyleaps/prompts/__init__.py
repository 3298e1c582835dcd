"""Prompt files for the LLM writer, read with :func:`load_prompt` (importlib.resources).

Each file is a :class:`string.Template` (``$name`` placeholders), so JSON braces in the
text need no escaping.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template


@cache
def _template(name: str) -> Template:
    return Template(files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8"))


def load_prompt(name: str, **values: object) -> str:
    """The prompt ``name`` with its ``$placeholders`` filled (missing ones raise KeyError)."""
    return _template(name).substitute({k: str(v) for k, v in values.items()}).strip()
