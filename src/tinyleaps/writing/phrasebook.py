"""The floor's phrases: seeded picks from the pools of ``data/phrases.toml`` (never a
template twice in an episode, the show's recent ones only when nothing else is left),
and the context a line is written in (its beat, segment, plan and the moment)."""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources

from ..text.clean import squash
from ..timephrase import part_of_day, spoken_date, spoken_moment
from . import beats as B
from .options import WriteOptions
from .segment_reading import episode_moment
from .speakable import capitalize

#: words only a Reddit story may use ("the comments", "the thread")
_REDDIT_WORDS = re.compile(r"\b(?:thread|threads|comments?|posted|post|subreddit|upvote\w*|"
                           r"regulars)\b", re.IGNORECASE)


@cache
def pools() -> dict[str, tuple[str, ...]]:
    """The phrase pools from ``data/phrases.toml``."""
    text = resources.files("tinyleaps.data").joinpath("phrases.toml").read_text("utf-8")
    return {k: tuple(v) for k, v in tomllib.loads(text)["pools"].items()}


#: pools whose lines always name the story: a sum-up (where a listener lands) and a
#: question about the reply just told ("Did someone come back on that about GLM-4.5?":
#: with "it" there, a week of episodes says the same sentence again and again)
NAMED_POOLS = ("sum_", "ask_reply")


@dataclass
class Phrasebook:
    """Seeded choices from the pools: never a template twice in one episode, and the
    ones in ``recent`` (the show's last episodes) only when a pool has nothing else."""

    rng: random.Random
    recent: frozenset[str] = frozenset()
    used: list[str] = field(default_factory=list)
    named: dict[str, int] = field(default_factory=dict)  # {it}s filled, per story name

    def pick(self, pool: str, fallback: str = "", **fields: str) -> str:
        """A template of ``pool`` filled in; when every one of them was already said in
        this episode, one of ``fallback``'s."""
        if fallback and all(f"{pool}:{i}" in self.used for i in range(len(pools()[pool]))):
            pool = fallback
        templates = pools()[pool]
        order = list(range(len(templates)))
        if fields.get("it") == "it":  # no short name: templates that need one read badly
            plain = [i for i in order if "{it}" not in templates[i]]
            order = plain or order
        if fields.get("medium", "thread") != "thread":  # a recording or an article
            other = [i for i in order if not _REDDIT_WORDS.search(templates[i])]
            order = other or order
        self.rng.shuffle(order)
        ids = [f"{pool}:{i}" for i in order]
        fresh = [i for i in ids if i not in self.used and i not in self.recent]
        unused = [i for i in ids if i not in self.used]
        chosen = (fresh or unused or ids)[0]
        self.used.append(chosen)
        template = templates[int(chosen.rsplit(":", 1)[1])]
        if "{it}" in template and not pool.startswith(NAMED_POOLS):
            fields = {**fields, "it": self._it(fields)}
        return squash(template.format(**fields))

    def _it(self, fields: dict[str, str]) -> str:
        """A story's short name the first time a line refers to it, then "it" twice, then
        the name again: people don't repeat "Qwen3 235B-A22B 2507" in every question (and
        a listener, like a speech recognizer, hears a name better said less often)."""
        key = fields.get("name", "")
        n = self.named.get(key, 0)
        self.named[key] = n + 1
        return fields.get("it", "it") if n % 2 == 0 else "it"

    def has(self, pool: str) -> bool:
        return pool in pools()


@dataclass
class Context:
    """What the floor needs around one beat: the plan, the segment, the story so far."""

    plan: B.BeatPlan
    seg: B.BeatSegment
    index: int  # of the beat within the segment
    book: Phrasebook

    @property
    def beat(self) -> B.Beat:
        return self.seg.beats[self.index]

    @property
    def previous(self) -> B.Beat | None:
        return self.seg.beats[self.index - 1] if self.index > 0 else None

    @property
    def moment(self) -> datetime:
        return episode_moment(self.plan.recorded_at)

    @property
    def today(self) -> str:
        return "tonight" if part_of_day(self.moment) in ("evening", "night") else "today"

    def common(self) -> dict[str, str]:
        m = self.moment
        hosts = self.plan.host_names() + ["", ""]
        it = self.seg.short or "it"
        return {"show": self.plan.show, "a": hosts[0], "b": hosts[1],
                "moment": spoken_moment(m), "today": self.today,
                "Today": capitalize(self.today), "weekday": m.strftime("%A"),
                "date": spoken_date(m).rsplit(",", 1)[0], "part": part_of_day(m),
                "name": self.seg.name, "it": it, "medium": self.seg.medium}


def phrasebook(plan: B.BeatPlan, options: WriteOptions) -> Phrasebook:
    rng = random.Random(f"{plan.seed}:{plan.recorded_at}:{plan.show}")
    return Phrasebook(rng, frozenset(options.recent_phrases))
