"""The pipeline artifacts: one dataclass per file of an episode folder.

Every stage reads the previous stage's file and writes its own, so any stage can be
re-run from the files of the one before (``tinyleaps plan``, ``write``, ``voice``...).
Each class round-trips: ``X.load(path)`` / ``x.save(path)`` (atomic), and
``X.from_dict`` / ``x.to_dict``. Unknown keys are ignored on load so newer files stay
readable; missing required keys raise :class:`ArtifactError` naming the file.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar

from .errors import ArtifactError
from .fsutil import atomic_write_json, inside, read_json, regular_file, sha256_file

SOURCE_KINDS = ("reddit_post", "reddit_comment", "transcript_turn", "article", "feed_item")

T = TypeVar("T", bound="Artifact")


class Artifact:
    """Mixin: JSON round-trip for (nested) dataclasses."""

    FILENAME: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload,no-any-return]

    @classmethod
    def from_dict(cls, data: Any, where: str = "") -> Self:
        return typing.cast(Self, _build(cls, data, where or cls.__name__))

    @classmethod
    def load(cls, path: str | Path) -> Self:
        p = Path(path)
        if p.is_dir() and cls.FILENAME:
            p = p / cls.FILENAME
        if p.exists():
            regular_file(p, cls.FILENAME or "file", ArtifactError)
        return cls.from_dict(read_json(p, ArtifactError), where=str(p))

    def save(self, path: str | Path) -> Path:
        p = Path(path)
        if p.is_dir() and self.FILENAME:
            p = p / self.FILENAME
        return atomic_write_json(p, self.to_dict())


def _build(tp: Any, data: Any, where: str) -> Any:
    """Construct ``tp`` (a dataclass, list, dict, Optional or scalar) from JSON data."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _build(inner[0], data, where)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(data, dict):
            raise ArtifactError(f"{where}: expected an object, got {type(data).__name__}")
        hints = typing.get_type_hints(tp)
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(tp):
            if f.name in data:
                kwargs[f.name] = _build(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ArtifactError(f"{where}: missing required key {f.name!r}")
        return tp(**kwargs)
    if origin is list:
        if not isinstance(data, list):
            raise ArtifactError(f"{where}: expected a list, got {type(data).__name__}")
        (item_tp,) = typing.get_args(tp) or (Any,)
        return [_build(item_tp, x, f"{where}[{i}]") for i, x in enumerate(data)]
    if origin is dict:
        if not isinstance(data, dict):
            raise ArtifactError(f"{where}: expected an object, got {type(data).__name__}")
        _k, val_tp = typing.get_args(tp) or (str, Any)
        return {str(k): _build(val_tp, v, f"{where}.{k}") for k, v in data.items()}
    if tp is Any:
        return data
    if tp is float:
        return _number(data, where)
    if tp in (str, int, bool) and not isinstance(data, tp):
        raise ArtifactError(f"{where}: expected {tp.__name__}, got {type(data).__name__}")
    return data


def _number(data: Any, where: str) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float) or not math.isfinite(data):
        raise ArtifactError(f"{where}: expected a finite number, got {data!r}"[:200])
    return float(data)


# --------------------------------------------------------------------------- sources

#: ``SourceItem.extra`` keys later stages compute with, and the types they must have
#: (None allowed): a hand-edited sources.json is checked on load, not deep in the planner.
EXTRA_TYPES: dict[str, type] = {"num_comments": int, "depth": int, "words": int,
                                "start": float, "end": float, "upvote_ratio": float}


@dataclass
class SourceItem:
    """One normalized piece of source material (a post, a comment, a transcript turn...).

    ``id`` is stable across runs (``reddit:t3_<id>``, ``reddit:t1_<id>``...). ``thread`` is
    the id of the root item it belongs to (a comment's post), ``parent`` the item it
    answers. ``text`` is speakable plain text (markdown already turned into prose).
    """

    id: str
    kind: str
    author: str
    url: str
    title: str
    text: str
    created: str
    score: int | None = None
    thread: str | None = None
    parent: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Sources(Artifact):
    FILENAME: ClassVar[str] = "sources.json"
    sources: list[SourceItem] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Any, where: str = "") -> Self:
        sources = super().from_dict(data, where)
        for i, item in enumerate(sources.sources):
            for key, tp in EXTRA_TYPES.items():
                value = item.extra.get(key)
                if value is not None:
                    _check_extra(value, tp, f"{where or 'Sources'}.sources[{i}].extra.{key}")
        return sources

    def by_id(self) -> dict[str, SourceItem]:
        return {s.id: s for s in self.sources}

    def threads(self) -> list[SourceItem]:
        """Root items: posts, articles, feed items (anything that is not a reply)."""
        return [s for s in self.sources if s.thread in (None, s.id)]

    def replies_to(self, thread_id: str) -> list[SourceItem]:
        return [s for s in self.sources if s.thread == thread_id and s.id != thread_id]


@dataclass
class SourceRef:
    """What a script needs to know about a cited source."""

    kind: str
    author: str
    url: str
    title: str


def _check_extra(value: Any, tp: type, where: str) -> None:
    if tp is float:
        _number(value, where)
    elif isinstance(value, bool) or not isinstance(value, tp):
        raise ArtifactError(f"{where}: expected {tp.__name__}, got {type(value).__name__}")


def source_ref(item: SourceItem) -> SourceRef:
    return SourceRef(kind=item.kind, author=item.author, url=item.url, title=item.title)


# --------------------------------------------------------------------------- rundown


@dataclass
class KeyPoint:
    """A point worth discussing, and who made it."""

    source_id: str
    author: str
    text: str
    score: int | None = None
    role: str = "comment"  # "post" | "comment" | "reply"
    reply_to: str | None = None  # author this point answers, for reply chains
    #: the distinct angle it covers: "new", "performance", "numbers" (first-hand figures),
    #: "pushback", "question", "howto", "experience", "other" ("" in older rundowns)
    angle: str = ""
    #: seconds from the start of a recording, for transcript points (None otherwise)
    at: float | None = None


@dataclass
class FollowUp:
    """This segment continues a story an earlier episode covered."""

    date: str  # the earlier episode's date (ISO 8601, YYYY-MM-DD)
    covered: str  # what it covered: that segment's spoken title
    episode: str = ""  # the earlier episode's title
    story: str = ""  # the story key both share ("glm 4.5"), '' when matched by words


@dataclass
class RundownSegment:
    id: str
    title: str
    spoken_title: str
    main_source: str
    source_ids: list[str]
    op: str
    url: str
    summary: str
    points: list[KeyPoint] = field(default_factory=list)
    score: float = 0.0
    why: str = ""
    #: an image or meme story: one short lighter segment
    light: bool = False
    #: the story key: the model the story is about ("qwen 3 coder"), '' for other stories
    story: str = ""
    #: set when an earlier episode covered this story (planning/history.py)
    follow_up: FollowUp | None = None


@dataclass
class Rundown(Artifact):
    FILENAME: ClassVar[str] = "rundown.json"
    recorded_at: str
    origin: str
    segments: list[RundownSegment] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)


# --------------------------------------------------------------------------- script


@dataclass
class Host:
    name: str
    voice: str = ""
    persona: str = ""


@dataclass
class ScriptSegment:
    id: str
    kind: str  # "intro" | "topic" | "outro"
    title: str
    source_ids: list[str] = field(default_factory=list)


#: what a turn does in the conversation (``Turn.act``; the beats of writing/beats.py):
#: the intro's welcome and preview, a topic's open (the story and who started it), tell
#: (one credited point), ask (a question the next turn answers), push_back (where the
#: thread disagrees), compare (figures or setups side by side), sum_up (where the
#: discussion landed), hand_over (to the next story), and the outro's thanks and sign-off
ACTS = ("welcome", "preview", "open", "tell", "ask", "push_back", "compare", "sum_up",
        "hand_over", "thanks", "sign_off")


@dataclass
class Turn:
    speaker: str
    text: str
    segment: str
    cites: list[str] = field(default_factory=list)
    #: one of ACTS, or "" for a script written before acts existed
    act: str = ""


@dataclass
class Script(Artifact):
    FILENAME: ClassVar[str] = "script.json"
    show: str
    title: str
    recorded_at: str
    language: str = "en"
    hosts: list[Host] = field(default_factory=list)
    segments: list[ScriptSegment] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)
    writer: dict[str, Any] = field(default_factory=dict)

    def host_names(self) -> list[str]:
        return [h.name for h in self.hosts]

    def turns_of(self, segment_id: str) -> list[Turn]:
        return [t for t in self.turns if t.segment == segment_id]

    def to_text(self) -> str:
        """``script.txt``: one ``NAME: text`` line per turn."""
        return "".join(f"{t.speaker}: {' '.join(t.text.split())}\n" for t in self.turns)

    def word_count(self) -> int:
        return sum(len(t.text.split()) for t in self.turns)


# --------------------------------------------------------------------------- episode


@dataclass
class Episode(Artifact):
    FILENAME: ClassVar[str] = "episode.json"
    title: str
    show: str
    hosts: list[Host]
    recorded_at: str
    duration_s: float | None = None
    mp3: dict[str, Any] = field(default_factory=dict)  # {"file", "bytes", "sha256"}
    models: dict[str, Any] = field(default_factory=dict)
    voices: dict[str, Any] = field(default_factory=dict)
    stage_times: dict[str, float] = field(default_factory=dict)
    fallbacks: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def verify_mp3(folder: Path, ep: Episode, full: bool = True) -> Path:
    """The episode's MP3, after checking that ``mp3.file`` names a file inside ``folder``
    and that its size (and sha256 when ``full``) match episode.json. ArtifactError for a
    path out of the folder, a missing, cut or half-written file."""
    where = f"{folder / Episode.FILENAME}: mp3.file"
    name = ep.mp3.get("file") or "episode.mp3"
    if not isinstance(name, str):
        raise ArtifactError(f"{where}: expected a file name, got {type(name).__name__}")
    mp3 = inside(folder, name, where, ArtifactError)
    if not mp3.is_file():
        raise ArtifactError(f"{mp3}: MP3 not found")
    size = mp3.stat().st_size
    want_bytes = ep.mp3.get("bytes")
    if want_bytes is not None and want_bytes != size:
        raise ArtifactError(f"{mp3}: {size} bytes but episode.json says {want_bytes!r}")
    want_sha = ep.mp3.get("sha256")
    if full and not want_sha:
        raise ArtifactError(f"{folder / Episode.FILENAME}: mp3.sha256 is missing")
    if full and sha256_file(mp3) != want_sha:
        raise ArtifactError(f"{mp3}: sha256 does not match episode.json (changed or cut?)")
    return mp3
