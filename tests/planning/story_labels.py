"""Hand labels of which r/LocalLLaMA threads are the same story, and how a clustering
scores against them (used by tests/planning/test_stories_real.py and bench/planner.py).

``tests/fixtures/stories/LocalLLaMA-<day>.json`` lists the multi-thread stories of a day
(post ids without ``t3_``); a thread not listed is a story of its own. ``lead`` names the
day's biggest story (or two, when they tie).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass

from ..paths import FIXTURES

LABELS = FIXTURES / "stories"
DAYS = ["2025-07-12", "2025-07-15", "2025-07-22", "2025-07-28", "2025-08-02", "2025-08-05"]


@dataclass
class DayLabels:
    day: str
    stories: dict[str, set[str]]  # story name -> source ids (reddit:t3_...)
    lead: list[str]

    def story_of(self, source_id: str) -> str:
        """The labelled story of a thread; the thread's own id when it stands alone."""
        return next((name for name, ids in self.stories.items() if source_id in ids), source_id)


def load_labels(day: str) -> DayLabels:
    data = json.loads((LABELS / f"LocalLLaMA-{day}.json").read_text(encoding="utf-8"))
    lead = data["lead"] if isinstance(data["lead"], list) else [data["lead"]]
    stories = {name: {f"reddit:t3_{i}" for i in ids} for name, ids in data["stories"].items()}
    return DayLabels(day, stories, lead)


def pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    """Every pair of ids put in one group."""
    return {frozenset(p) for g in groups for p in itertools.combinations(sorted(set(g)), 2)}


@dataclass
class PairScore:
    """Pairwise counts: ``found`` pairs predicted, ``true`` labelled, ``hit`` both."""

    hit: int
    found: int
    true: int

    @property
    def precision(self) -> float:
        return self.hit / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hit / self.true if self.true else 1.0

    def __add__(self, other: PairScore) -> PairScore:
        return PairScore(self.hit + other.hit, self.found + other.found, self.true + other.true)


def pair_score(predicted: Iterable[Iterable[str]], labels: DayLabels, ids: set[str]) -> PairScore:
    """Pairwise precision and recall of ``predicted`` groups over the threads ``ids``."""
    truth = pairs(g & ids for g in labels.stories.values())
    found = pairs(set(g) & ids for g in predicted)
    return PairScore(len(found & truth), len(found), len(truth))


def bcubed(
    predicted: Iterable[Iterable[str]], labels: DayLabels, ids: set[str]
) -> tuple[float, float]:
    """B-cubed precision and recall: per thread, the share of its predicted story that is
    its labelled story and the share of its labelled story found with it, averaged."""
    group_of = {i: frozenset(set(g) & ids) for g in predicted for i in g if i in ids}
    truth_of = {i: frozenset(labels.stories.get(labels.story_of(i), {i}) & ids) for i in ids}
    prec = rec = 0.0
    for i in ids:
        mine, true = group_of.get(i, frozenset({i})), truth_of[i]
        both = len(mine & true)
        prec += both / len(mine)
        rec += both / len(true)
    return prec / len(ids), rec / len(ids)
