"""What every writer shares: the episode's title."""

from __future__ import annotations

from ..timephrase import spoken_date
from .beats import BeatPlan
from .segment_reading import episode_moment


def episode_title(plan: BeatPlan) -> str:
    """"Tiny Leaps, Monday, July 28th, 2025: GLM4.5 released!" (the lead story's title as
    written: a title is read, not said)."""
    first = next((s.title for s in plan.segments if s.kind == "topic"), "the day's threads")
    return f"{plan.show}, {spoken_date(episode_moment(plan.recorded_at))}: {first}"
