"""Options for the planner (kept apart so ``longform.py`` can import them freely)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class PlanOptions:
    """How many topics to plan, for which moment, and what to leave out.

    ``when`` is the episode's "recorded at" moment: threads created after it are left out
    and older ones fade (see :mod:`tinyleaps.planning`). ``origin`` overrides the spoken
    "where the topics come from" (default: derived, e.g. ``r/LocalLLaMA``).
    ``exclude_threads`` holds thread ids (``reddit:t3_...``) an earlier episode covered.
    """

    topics: int = 3
    when: datetime = field(default_factory=_now)
    origin: str | None = None
    exclude_threads: set[str] = field(default_factory=set)
    points_per_topic: int = 5
    #: TF-IDF cosine at or above which two candidates are the same story
    duplicate_threshold: float = 0.3
