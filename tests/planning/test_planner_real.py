"""The planner over real recorded r/LocalLLaMA days (../shared/data), via the Reddit parser."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from tinyleaps.artifacts import Rundown, Sources
from tinyleaps.planning import PlanOptions, plan

reddit = pytest.importorskip("tinyleaps.sources.reddit.backend")

DAYS = ["2025-07-12", "2025-07-22", "2025-08-05"]


def load_day(shared_data: Path, day: str) -> Sources:
    folder = shared_data / "reddit" / "LocalLLaMA" / day
    items = [i for f in sorted(folder.glob("*.json")) for i in reddit.read_reddit_file(f)]
    return Sources(sources=items, inputs=[str(folder)])


def plan_day(shared_data: Path, day: str, topics: int = 3) -> tuple[Rundown, float]:
    srcs = load_day(shared_data, day)
    start = time.perf_counter()
    rundown = plan(
        srcs, PlanOptions(topics=topics, when=datetime.fromisoformat(f"{day}T23:59:00+00:00"))
    )
    return rundown, time.perf_counter() - start


@pytest.mark.shared
@pytest.mark.slow  # reading a day's JSON takes ~1-2 s; planning itself is < 1 s
@pytest.mark.parametrize("day", DAYS)
def test_real_day_is_planned_with_credited_speakable_points(
    shared_data: Path, day: str
) -> None:
    rundown, seconds = plan_day(shared_data, day)
    print(f"\n{day}: planned in {seconds:.2f} s")
    for seg in rundown.segments:
        print(f"  {seg.id} {seg.score:.3f} {seg.title!r} by u/{seg.op} cites {seg.source_ids[:4]}")
    assert len(rundown.segments) == 3 and rundown.origin == "r/LocalLLaMA"
    for seg in rundown.segments:
        assert 3 <= len(seg.points) <= PlanOptions().points_per_topic == 12
        authors = [p.author for p in seg.points]
        assert len(set(authors)) == len(authors)
        assert not {"[deleted]", "[removed]", "AutoModerator"} & {seg.op, *authors}
        for point in seg.points:
            assert len(point.text.split()) <= 60 and "http" not in point.text
            assert point.source_id in rundown.sources
            if point.role == "reply":
                assert point.reply_to and point.reply_to != point.author
    assert set(rundown.sources) >= {i for s in rundown.segments for i in s.source_ids}


@pytest.mark.shared
@pytest.mark.slow
def test_2025_07_12_tells_the_openai_delay_once_with_its_threads(shared_data: Path) -> None:
    """The day's two big stories (a tie by engagement): the Kimi K2 release leads (its
    threads have more to tell), the OpenAI delay comes once, citing its other thread, and
    none of its memes is a topic of its own."""
    rundown, _ = plan_day(shared_data, "2025-07-12")
    first, second = rundown.segments[:2]
    assert first.story == "kimi k2" and first.title == "Moonshot AI just made their moonshot"
    assert second.main_source == "reddit:t3_1lxnsh1"  # OpenAI delays its open weight model
    assert {"reddit:t3_1lxyvto", "reddit:t3_1lxnwtg"} & set(second.source_ids)
    memes = {"reddit:t3_1lxyj92", "reddit:t3_1lxycdh", "reddit:t3_1ly8fyj"}
    assert not memes & {s.main_source for s in rundown.segments}
    assert any(p.role == "reply" and p.reply_to for p in first.points)
    help_threads = {"reddit:t3_1lxv6a5", "reddit:t3_1lxvf0j", "reddit:t3_1lxuu5m"}
    assert not help_threads & {s.main_source for s in rundown.segments}
