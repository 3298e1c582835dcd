"""Stories on the six real r/LocalLLaMA days, against the hand labels in
tests/fixtures/stories (see tests/planning/story_labels.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tinyleaps.artifacts import Rundown, Sources
from tinyleaps.planning import PlanOptions, plan
from tinyleaps.planning.stories import cluster_stories
from tinyleaps.planning.substance import is_image_only
from tinyleaps.planning.threads import reddit_threads

from .story_labels import DAYS, PairScore, bcubed, load_labels, pair_score

reddit = pytest.importorskip("tinyleaps.sources.reddit.backend")

_DAYS: dict[str, Sources] = {}


def day_sources(shared_data: Path, day: str) -> Sources:
    if day not in _DAYS:
        folder = shared_data / "reddit" / "LocalLLaMA" / day
        items = [i for f in sorted(folder.glob("*.json")) for i in reddit.read_reddit_file(f)]
        _DAYS[day] = Sources(sources=items, inputs=[str(folder)])
    return _DAYS[day]


def plan_day(shared_data: Path, day: str) -> Rundown:
    when = datetime.fromisoformat(f"{day}T23:59:00+00:00")
    return plan(day_sources(shared_data, day), PlanOptions(topics=3, when=when))


@pytest.mark.shared
@pytest.mark.slow
def test_stories_match_the_hand_labels_of_all_six_days(shared_data: Path) -> None:
    total = PairScore(0, 0, 0)
    for day in DAYS:
        threads = reddit_threads(day_sources(shared_data, day))
        ids = {t.post.id for t in threads}
        stories = [s.ids for s in cluster_stories(threads)]
        labels = load_labels(day)
        score = pair_score(stories, labels, ids)
        b_prec, b_rec = bcubed(stories, labels, ids)
        print(f"{day}: pairs P={score.precision:.2f} R={score.recall:.2f} "
              f"({score.hit}/{score.found}/{score.true}), B-cubed P={b_prec:.2f} R={b_rec:.2f}")
        assert b_prec >= 0.85 and b_rec >= 0.85, day
        total = total + score
    print(f"all days: pairs P={total.precision:.3f} R={total.recall:.3f}")
    assert total.precision >= 0.85 and total.recall >= 0.82


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS)
def test_each_day_leads_with_its_biggest_story_and_never_repeats_one(
    shared_data: Path, day: str
) -> None:
    rundown = plan_day(shared_data, day)
    labels = load_labels(day)
    by_id = day_sources(shared_data, day).by_id()
    stories = [labels.story_of(s.main_source) for s in rundown.segments]
    print(day, [(s.title[:50], st) for s, st in zip(rundown.segments, stories, strict=True)])
    assert stories[0] in labels.lead
    assert len(set(stories)) == len(stories) == 3
    covered = [{labels.story_of(i) for i in s.source_ids if i.startswith("reddit:t3_")}
               for s in rundown.segments]
    assert all(len(a & b) == 0 for n, a in enumerate(covered) for b in covered[n + 1:])
    image_only = [s for s in rundown.segments if all(
        is_image_only(by_id[i]) for i in s.source_ids if i.startswith("reddit:t3_"))]
    assert len(image_only) <= 1
