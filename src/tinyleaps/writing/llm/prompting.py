"""The prompts for each segment, built from the rundown's facts and the show config.

The system prompt depends only on the show, so it is byte-identical for every segment
and llama.cpp reuses its KV cache (``cache_prompt``) across the whole episode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...artifacts import Rundown, RundownSegment, Turn
from ...config import ShowConfig
from ...prompts import load_prompt
from ...timephrase import spoken_moment
from .base import Message

MAX_POINTS = 6
MAX_POINT_CHARS = 320
MAX_SUMMARY_CHARS = 500


@dataclass
class Budget:
    """How long a segment should be."""

    words: int
    turns: int

    @property
    def max_tokens(self) -> int:
        # ~1.4 tokens per word plus the JSON around each turn
        return max(320, int(self.words * 2 + self.turns * 35 + 80))


def system_prompt(show: ShowConfig) -> str:
    hosts = "\n".join(f"- {h.name}: {h.persona}" for h in show.hosts)
    return load_prompt(
        "system", show=show.name, description=show.description, hosts=hosts,
        first=show.hosts[0].name,
    )


def intro_prompt(rundown: Rundown, show: ShowConfig, budget: Budget) -> str:
    topics = "\n".join(f"  - {s.spoken_title or s.title}" for s in rundown.segments)
    return load_prompt(
        "intro", turns=budget.turns, words=budget.words, first=show.hosts[0].name,
        second=show.hosts[1].name, show=show.name, origin=rundown.origin or "the community",
        moment=spoken_moment(datetime.fromisoformat(rundown.recorded_at)), topics=topics,
    )


def topic_prompt(
    rundown: Rundown, index: int, budget: Budget, previous: list[Turn], openings: list[str]
) -> str:
    seg = rundown.segments[index]
    ref = rundown.sources.get(seg.main_source)
    avoid = ""
    if openings:
        avoid = " (do not reuse these openings: " + "; ".join(f'"{o}"' for o in openings) + ")"
    return load_prompt(
        "topic", number=index + 1, total=len(rundown.segments), title=seg.spoken_title or seg.title,
        turns=budget.turns, words=budget.words, previous=previous_lines(previous),
        main_id=seg.main_source, op=seg.op, thread_title=ref.title if ref else seg.title,
        summary=_short(seg.summary, MAX_SUMMARY_CHARS), points=points_text(seg), avoid=avoid,
    )


def outro_prompt(rundown: Rundown, show: ShowConfig, budget: Budget, previous: list[Turn]) -> str:
    threads = "\n".join(
        f"- [{s.main_source}] \"{s.spoken_title or s.title}\", started by @{s.op}"
        for s in rundown.segments
    )
    handles = ", ".join(dict.fromkeys(f"@{s.op}" for s in rundown.segments))
    return load_prompt(
        "outro", turns=budget.turns, words=budget.words, previous=previous_lines(previous),
        threads=threads, handles=handles, show=show.name,
    )


def points_text(seg: RundownSegment) -> str:
    lines = []
    for p in seg.points[:MAX_POINTS]:
        if p.role == "post":
            continue
        reply = f" (answering @{p.reply_to})" if p.reply_to else ""
        lines.append(f"- [{p.source_id}] @{p.author}{reply}: {_short(p.text, MAX_POINT_CHARS)}")
    return "\n".join(lines) or "- (no comments worth quoting)"


def previous_lines(turns: list[Turn], n: int = 3) -> str:
    if not turns:
        return ""
    lines = "\n".join(f"{t.speaker}: {t.text}" for t in turns[-n:])
    return f"The show so far ended with:\n{lines}\nContinue naturally from there."


def repair_prompt(problems: list[str]) -> str:
    return load_prompt("repair", problems="\n".join(f"- {p}" for p in problems))


def extend_prompt(budget: Budget) -> str:
    return load_prompt("extend", turns=budget.turns, words=budget.words)


def messages(system: str, user: str) -> list[Message]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
