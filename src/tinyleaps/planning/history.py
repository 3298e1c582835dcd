"""The show's memory of stories: a story that continues on a later day is a follow-up.

Every rundown records each segment's story key (``RundownSegment.story``: the model it is
about, e.g. ``glm 4.5``; '' for a story told by its words). :func:`load_history` reads the
rundowns of earlier episode folders (``episode --history DIR``; ``tinyleaps daily`` passes
every finished episode of the show) into :class:`PastStory` records. A candidate of today
is a follow-up of the latest earlier story when their keys are the same model
(``entities.compatible_names``), or, without a key, when the words of their titles and
gists are alike (cosine ``>= FOLLOW_WORDS``). A follow-up's score is multiplied by
``FOLLOW_BOOST`` (the show follows its stories) and its segment carries
``RundownSegment.follow_up``: the earlier episode's date and what it covered, for the
writer to say "Last time we covered the release; now the benchmarks are in".
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..artifacts import FollowUp, Rundown
from ..errors import ArtifactError
from .entities import ModelName, compatible_names, model_names
from .signature import signature

log = logging.getLogger(__name__)

__all__ = ["PastStory", "load_history", "past_stories", "follow_up_of", "FOLLOW_BOOST"]

FOLLOW_WORDS = 0.4
FOLLOW_BOOST = 1.2


@dataclass
class PastStory:
    """One segment of an earlier episode, as the planner remembers it."""

    key: str
    title: str
    summary: str
    date: str  # the episode's recorded_at
    episode: str = ""  # the episode's title
    thread_ids: list[str] = field(default_factory=list)

    def words(self) -> dict[str, float]:
        return signature(self.title, self.summary, [])


def past_stories(rundown: Rundown, episode: str = "") -> list[PastStory]:
    """The stories of one earlier rundown."""
    return [PastStory(seg.story, seg.spoken_title or seg.title, seg.summary,
                      rundown.recorded_at, episode,
                      [i for i in seg.source_ids if i.startswith("reddit:t3_")])
            for seg in rundown.segments]


def load_history(folders: Iterable[Path]) -> list[PastStory]:
    """Stories of the episodes in ``folders`` (each with a rundown.json; its script.json
    gives the episode's title). Folders without a readable rundown are skipped."""
    out: list[PastStory] = []
    for folder in folders:
        try:
            rundown = Rundown.load(Path(folder) / Rundown.FILENAME)
        except ArtifactError as exc:
            log.info("no history from %s: %s", folder, exc)
            continue
        out += past_stories(rundown, _episode_title(Path(folder)))
    return sorted(out, key=lambda s: s.date)


def _episode_title(folder: Path) -> str:
    try:
        return str(json.loads((folder / "script.json").read_text(encoding="utf-8"))["title"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def follow_up_of(key: str, words: dict[str, float], history: list[PastStory],
                 before: str) -> FollowUp | None:
    """The latest earlier story (recorded before ``before``) this one continues, if any."""
    name = _name(key)
    for past in sorted(history, key=lambda s: s.date, reverse=True):
        if past.date >= before:
            continue
        same_model = bool(key and past.key) and (key == past.key or (
            name is not None and (old := _name(past.key)) is not None
            and compatible_names(name, old)))
        if same_model or (not key and _cosine(words, past.words()) >= FOLLOW_WORDS):
            return FollowUp(date=past.date[:10], covered=past.title, episode=past.episode,
                            story=past.key)
    return None


def _name(key: str) -> ModelName | None:
    names = model_names(key) if key else []
    return names[0] if names else None


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    shared = Counter(a) & Counter(b)
    if not shared:
        return 0.0
    dot = sum(a[t] * b[t] for t in shared)
    return dot / (math.sqrt(sum(v * v for v in a.values())) *
                  math.sqrt(sum(v * v for v in b.values())))
