"""The writer interface: a rundown in, a script out."""

from __future__ import annotations

from abc import ABC
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..artifacts import Rundown, Script
from ..config import ShowConfig
from .llm.options import LLMOptions

if TYPE_CHECKING:
    from .beats import BeatPlan

WORDS_PER_MINUTE = 150


@dataclass
class WriteOptions:
    """What every writer is given: the length, the LLM's options (:mod:`.llm.options`,
    merged from flags, env and show.toml), the seed, the phrases to avoid, and the
    run's callbacks."""

    minutes: float = 5.0
    llm: LLMOptions = field(default_factory=LLMOptions)
    seed: int = 0
    #: phrase ids (``pool:index``) the show's recent episodes used; the floor avoids them
    recent_phrases: frozenset[str] = frozenset()
    progress: Callable[[str], None] | None = None
    #: called with each finished, validated segment's turns (for streaming into voices)
    on_segment: Callable[[Script, str], None] | None = None

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

    def plan(self, rundown: Rundown) -> BeatPlan:
        """The beat plan for ``rundown`` (:mod:`.beatplan`): the same for every writer."""
        from .beatplan import plan_beats

        return plan_beats(rundown, self.show.hosts, self.show.name, self.options)

    def write(self, rundown: Rundown) -> Script:
        """Write the whole show from ``rundown``."""
        return self.write_plan(self.plan(rundown))

    def write_plan(self, plan: BeatPlan) -> Script:
        """Fill in every beat's words. The result must pass the script checks. (A plugin
        writer may override :meth:`write` instead and ignore the beats.)"""
        raise NotImplementedError(f"the {self.id} writer writes from a rundown only")
