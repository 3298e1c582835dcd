"""The writer interface: a rundown in, a script out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..artifacts import Rundown, Script
from ..config import ShowConfig

WORDS_PER_MINUTE = 150
#: how the LLM writer works: "guided" (the model writes the hosts' own words around
#: quoted, credited points; made for small models) or "free" (whole segments)
LLM_STYLES = ("guided", "free")


@dataclass
class WriteOptions:
    minutes: float = 5.0
    llm_url: str | None = None
    llm_model: str | None = None
    llm_style: str = "guided"  # one of LLM_STYLES
    seed: int = 0
    progress: Callable[[str], None] | None = None
    #: called with each finished, validated segment's turns (for streaming into voices)
    on_segment: Callable[[Script, str], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def target_words(self) -> int:
        return int(self.minutes * WORDS_PER_MINUTE)


class Writer(ABC):
    id: ClassVar[str]
    description: ClassVar[str] = ""

    def __init__(self, show: ShowConfig, options: WriteOptions) -> None:
        self.show = show
        self.options = options

    @classmethod
    def available(cls, options: WriteOptions) -> bool:
        """Can this writer run here now (model present, server reachable)?"""
        return True

    @abstractmethod
    def write(self, rundown: Rundown) -> Script:
        """Write the whole show. The result must pass the script checks."""
