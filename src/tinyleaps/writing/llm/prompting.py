"""The prompts for each segment, built from the rundown's facts and the show config.

The system prompt depends only on the show, so it is byte-identical for every segment
and llama.cpp reuses its KV cache (``cache_prompt``) across the whole episode.

Small models are bad at remembering to credit people, so the writer does not leave it
to them: each topic's first turn starts with an *opening* we write (a transition, the
topic and its original poster, e.g. ``Next up: Kimi K2 is out. @Nunki08 started this
thread.``), forced by the JSON schema where the backend supports it and inserted after
the fact otherwise; the intro's first words are forced the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ...artifacts import Rundown, RundownSegment, Turn
from ...check.script_rules import is_anonymous
from ...config import ShowConfig
from ...prompts import load_prompt
from ...sources.transcripts.model import is_credited_speaker
from ...timephrase import part_of_day, spoken_moment
from .. import phrases
from ..speakable import credit, end_sentence, join_names, spoken_origin
from .base import Message

MAX_POINTS = 6
MAX_POINT_CHARS = 320
MAX_SUMMARY_CHARS = 500

#: how an opening credits the person a topic comes from, by the kind of their source
CREDIT_BY_KIND: dict[str, Sequence[str]] = {
    "reddit_post": phrases.OP_CREDIT,
    "article": ("It's a piece by {op}.", "{op} wrote this one up.", "The article is by {op}."),
    "feed_item": ("{op} posted it.", "This one comes from {op}.", "It was posted by {op}."),
    "transcript_turn": ("This one comes from {op}.", "{op} made the case for it.",
                        "{op} talked us through it."),
}
#: what the person a topic comes from did, for the facts list
ORIGIN_BY_KIND = {
    "reddit_post": "started the thread",
    "article": "wrote the article",
    "feed_item": "posted",
    "transcript_turn": "said, in the talk",
}


@dataclass
class Budget:
    """How long a segment should be."""

    words: int
    turns: int

    @property
    def max_tokens(self) -> int:
        # room for every turn at its longest (~3.5 characters a token) and its JSON
        return max(256, int(self.turns * (self.max_chars / 3.5 + 15) + 30))

    @property
    def max_chars(self) -> int:
        """The longest a turn may be: ~1.3 times its share of the words at ~6 characters
        a word (the small model ignores "about N words" and fills whatever room it has;
        a turn cut at the cap ends at its last full sentence)."""
        return max(160, 8 * self.words // max(1, self.turns))

    @property
    def turn_words(self) -> int:
        return max(12, round(self.words / max(1, self.turns)))


def system_prompt(show: ShowConfig) -> str:
    hosts = "\n".join(f"- {h.name}: {h.persona}" for h in show.hosts)
    return load_prompt(
        "system", show=show.name, description=show.description, hosts=hosts,
        first=show.hosts[0].name, second=show.hosts[1].name,
    )


def intro_welcome(rundown: Rundown, show: ShowConfig) -> str:
    """The show and the moment, as the intro says them."""
    moment = spoken_moment(datetime.fromisoformat(rundown.recorded_at))
    return f"Welcome to another episode of {show.name}, live on {moment}."


def intro_opening(rundown: Rundown, show: ShowConfig, first: str) -> str:
    """The intro's forced first words: the welcome, then the first host's name."""
    return f"{intro_welcome(rundown, show)} I'm {first}"


def intro_prompt(rundown: Rundown, show: ShowConfig, budget: Budget, speakers: list[str],
                 opening: str) -> str:
    topics = "\n".join(f"  - {s.spoken_title or s.title}" for s in rundown.segments)
    first, second = speakers[0], next((s for s in speakers if s != speakers[0]), speakers[0])
    return load_prompt(
        "intro", turns=len(speakers), order=", ".join(speakers), words=budget.words,
        first=first, second=second, show=show.name, opening=opening, topics=topics,
        origin=spoken_origin(rundown.origin),
    )


def topic_opening(rundown: Rundown, index: int, op: str | None, seed: int = 0) -> str:
    """A transition into topic ``index`` naming its title and who it comes from."""
    seg = rundown.segments[index]
    if index == 0:
        pool: Sequence[str] = phrases.FIRST_TOPIC
    elif index == len(rundown.segments) - 1:
        pool = phrases.LAST_TOPIC
    else:
        pool = phrases.TRANSITIONS
    title = end_sentence(" ".join((seg.spoken_title or seg.title).split()))
    when = datetime.fromisoformat(rundown.recorded_at)
    today = "tonight" if part_of_day(when) in ("evening", "night") else "today"
    text = end_sentence(_rotate(pool, index + seed).format(title=title, today=today))
    return f"{text} {credit_sentence(rundown, index, op, seed)}" if op and credit(op) else text


def credit_sentence(rundown: Rundown, index: int, op: str | None, seed: int = 0) -> str:
    """'@x started this thread.' (the wording follows the kind of the topic's source)."""
    seg = rundown.segments[index]
    ref = rundown.sources.get(seg.main_source)
    pool = CREDIT_BY_KIND.get(ref.kind if ref else "", CREDIT_BY_KIND["feed_item"])
    return _rotate(pool, index * 2 + seed).format(op=credit(op or "") or "someone")


def topic_prompt(
    rundown: Rundown, index: int, budget: Budget, previous: list[Turn], speakers: list[str],
    opening: str,
) -> str:
    seg = rundown.segments[index]
    ref = rundown.sources.get(seg.main_source)
    kind = ref.kind if ref else "reddit_post"
    who = credit(seg.op) or "an anonymous poster"
    names = [n for n in dict.fromkeys([credit(seg.op), *(_named(p.author) for p in seg.points)])
             if n]
    return load_prompt(
        "topic", number=index + 1, total=len(rundown.segments), title=seg.spoken_title or seg.title,
        turns=len(speakers), order=", ".join(speakers), words=budget.words,
        turn_words=budget.turn_words, previous=previous_lines(previous),
        main_id=seg.main_source, who=who,
        did=ORIGIN_BY_KIND.get(kind, "posted"), thread_title=ref.title if ref else seg.title,
        summary=_short(seg.summary, MAX_SUMMARY_CHARS), points=points_text(seg),
        first=speakers[0], opening=opening, names=join_names(names) or "nobody",
    )


def outro_prompt(rundown: Rundown, show: ShowConfig, budget: Budget, previous: list[Turn],
                 speakers: list[str]) -> str:
    threads = "\n".join(
        f"- \"{s.spoken_title or s.title}\", from {credit(s.op) or 'an anonymous poster'}"
        for s in rundown.segments
    )
    return load_prompt(
        "outro", turns=len(speakers), order=", ".join(speakers), words=budget.words,
        previous=previous_lines(previous), threads=threads, handles=outro_names(rundown),
        show=show.name,
    )


def outro_names(rundown: Rundown) -> str:
    """Everyone the outro thanks, as they are to be named."""
    names = dict.fromkeys(n for n in (credit(s.op) for s in rundown.segments) if n)
    return join_names(list(names)) or "the community"


def points_text(seg: RundownSegment) -> str:
    lines = []
    for p in seg.points[:MAX_POINTS]:
        if p.role == "post":
            continue
        who = _named(p.author) or "someone (anonymous: name nobody)"
        reply = f" (answering {_named(p.reply_to) or 'someone'})" if p.reply_to else ""
        lines.append(f"- [{p.source_id}] {who}{reply}: {_short(p.text, MAX_POINT_CHARS)}")
    return "\n".join(lines) or "- (no comments worth quoting)"


def previous_lines(turns: list[Turn], n: int = 3) -> str:
    if not turns:
        return ""
    lines = "\n".join(f"{t.speaker}: {t.text}" for t in turns[-n:])
    return f"The show so far ended with:\n{lines}\nContinue naturally from there."


def repair_prompt(problems: list[str]) -> str:
    return load_prompt("repair", problems="\n".join(f"- {p}" for p in problems))


def extend_prompt(budget: Budget, speakers: list[str]) -> str:
    return load_prompt("extend", turns=len(speakers), order=", ".join(speakers),
                       words=budget.words)


def messages(system: str, user: str) -> list[Message]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def alternating(first: str, hosts: list[str], n: int) -> list[str]:
    """``n`` speakers taking turns, starting with ``first``."""
    start = hosts.index(first) if first in hosts else 0
    return [hosts[(start + i) % len(hosts)] for i in range(n)]


def _named(author: str | None) -> str | None:
    """How to name a point's author; None for deleted users and unnamed speakers
    ("Speaker 2", "unknown")."""
    if not author or is_anonymous(author) or not is_credited_speaker(author):
        return None
    return credit(author)


def _rotate(pool: Sequence[str], n: int) -> str:
    return pool[n % len(pool)]


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
