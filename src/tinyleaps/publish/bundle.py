"""An episode folder ready to publish: its episode.json, script and verified MP3."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..artifacts import Episode, Rundown, Script, SourceItem, Sources, verify_mp3
from ..audio.voicing import VOICE_OUTPUTS
from ..errors import ArtifactError
from ..fsutil import inside, read_json
from .ids import episode_guid, episode_slug

#: Files of an episode folder that go to the site (when present).
PUBLISHED_FILES = (*VOICE_OUTPUTS, "shownotes.md", "episode.json", "script.json")
#: The sources the script cites (text, score), written beside a published episode so its
#: page can show what each line rests on without the whole sources.json
CITED_FILE = "cited-sources.json"
#: Files publishing reads: each must stay inside the episode folder.
READ_FILES = (*PUBLISHED_FILES, CITED_FILE, "sources.json", "rundown.json")

log = logging.getLogger(__name__)


@dataclass
class EpisodeBundle:
    """One publishable episode: the folder it lives in and what we read from it."""

    folder: Path
    episode: Episode
    script: Script | None
    mp3: Path
    guid: str
    slug: str
    transcript: list[dict[str, Any]] = field(default_factory=list)
    chapters: list[dict[str, Any]] = field(default_factory=list)
    cited: dict[str, SourceItem] = field(default_factory=dict)  # cited sources, by id

    def has(self, name: str) -> bool:
        return (self.folder / name).is_file()

    @property
    def mp3_bytes(self) -> int:
        return int(self.episode.mp3.get("bytes") or self.mp3.stat().st_size)


def load_bundle(folder: str | Path, full_check: bool = True) -> EpisodeBundle:
    """Read and verify an episode folder (``episode.json`` + a matching MP3)."""
    d = Path(folder)
    if not d.is_dir():
        raise ArtifactError(f"{d}: not an episode folder")
    for name in READ_FILES:  # none of them may lead out of the folder (a symlink)
        inside(d, name, str(d / name), ArtifactError)
    ep = Episode.load(d / "episode.json")
    _check_moment(ep.recorded_at, d / "episode.json")
    mp3 = verify_mp3(d, ep, full=full_check)
    script = Script.load(d / "script.json") if (d / "script.json").is_file() else None
    return EpisodeBundle(
        folder=d,
        episode=ep,
        script=script,
        mp3=mp3,
        guid=episode_guid(ep),
        slug=episode_slug(ep),
        transcript=_read_list(d / "transcript.json", "segments"),
        chapters=_read_list(d / "chapters.json", "chapters"),
        cited=load_cited(d, script),
    )


def _check_moment(value: str, where: Path) -> None:
    """The feed and the catalog date an episode by ``recorded_at``: it must parse."""
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise ArtifactError(f"{where}: recorded_at {value!r} is not an ISO 8601 "
                            "date-time") from exc


def cited_ids(script: Script) -> set[str]:
    return {i for seg in script.segments for i in seg.source_ids} | {
        i for t in script.turns for i in t.cites}


def load_cited(folder: Path, script: Script | None) -> dict[str, SourceItem]:
    """The sources ``script`` cites, from CITED_FILE (a published copy) or sources.json (an
    episode folder); empty when neither is there or readable (the page then shows the
    sources without their text)."""
    if script is None:
        return {}
    path = folder / CITED_FILE
    path = path if path.is_file() else folder / "sources.json"
    if not path.is_file():
        return {}
    try:
        items = Sources.load(path).sources
    except ArtifactError as exc:
        log.warning("the episode page shows no source text: %s", exc)
        return {}
    wanted = cited_ids(script)
    return {s.id: s for s in items if s.id in wanted}


def _read_list(path: Path, key: str) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data = read_json(path, ArtifactError)
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ArtifactError(f"{path}: expected an object with a {key!r} list")
    return [x for x in items if isinstance(x, dict)]


def load_sources(folder: Path) -> Sources | None:
    p = folder / "sources.json"
    return Sources.load(p) if p.is_file() else None


def load_rundown(folder: Path) -> Rundown | None:
    p = folder / "rundown.json"
    return Rundown.load(p) if p.is_file() else None
