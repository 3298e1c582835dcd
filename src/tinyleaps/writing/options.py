"""What every writer is given (:class:`WriteOptions`), in a module of its own so the
beat planner and the writers can both depend on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..artifacts import Script
from .llm.options import LLMOptions

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
