"""``tinyleaps daily SHOW_DIR``: one cron-friendly run of the whole show.

``SHOW_DIR/show.toml`` holds the show config plus the run's settings::

    name = "Tiny Leaps"
    sources = ["r/LocalLLaMA"]     # any SOURCE the episode command takes
    topics = 3
    minutes = 8
    base_url = "https://example.com/tinyleaps"
    site = "site"                  # relative to SHOW_DIR (default "site")

A run takes a lock (``SHOW_DIR/.daily.lock``, ``fcntl.flock``), makes today's episode
in ``SHOW_DIR/episodes/<date>/`` (threads already covered, per the site's catalog, are
passed to the planner as ``exclude_threads``), then publishes every complete episode.
``daily.json`` in an episode folder records when its run started, so a run that died
midway is resumed by the next (even the next day) with the same recorded-at moment.
Only folders whose ``episode.json`` exists and whose MP3 matches its sha256 are
published.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..artifacts import Episode
from ..config import ShowConfig, load_show_config
from ..errors import ArtifactError, InputError, TinyLeapsError
from ..fsutil import atomic_write_json
from . import catalog
from .bundle import load_bundle
from .publisher import PublishResult, check_base_url, publish

log = logging.getLogger(__name__)
LOCK_NAME = ".daily.lock"
STATE_NAME = "daily.json"


class DailyBusy(TinyLeapsError):
    """Another ``daily`` run holds the show's lock. Exit status 75 (try again later)."""

    exit_code = 75


@dataclass
class DailySettings:
    """What ``show.toml`` says about daily runs."""

    sources: list[str]
    base_url: str
    site: Path
    topics: int = 3
    minutes: float = 8.0
    writer: str = "auto"
    llm_url: str | None = None
    llm_model: str | None = None


@dataclass
class DailyJob:
    """One episode to make: everything the pipeline needs."""

    specs: list[str]
    out: Path
    when: datetime
    show: ShowConfig
    settings: DailySettings
    exclude_threads: dict[str, int] = field(default_factory=dict)
    no_audio: bool = False


#: Makes one episode folder from a job; the default calls ``tinyleaps.pipeline``.
Runner = Callable[[DailyJob], Episode]


@dataclass
class DailyResult:
    episode_dir: Path
    made: bool  # False when today's episode already existed
    published: PublishResult | None
    incomplete: list[Path] = field(default_factory=list)


def pipeline_runner(job: DailyJob) -> Episode:
    """Run the real pipeline (``tinyleaps.pipeline.run_episode``)."""
    from ..pipeline import EpisodeOptions, run_episode

    s = job.settings
    opts = EpisodeOptions(
        topics=s.topics,
        minutes=s.minutes,
        when=job.when,
        show=job.show,
        writer=s.writer,
        llm_url=s.llm_url,
        llm_model=s.llm_model,
        no_audio=job.no_audio,
        exclude_threads=job.exclude_threads,
    )
    return run_episode(job.specs, job.out, opts)


def load_settings(show_dir: Path) -> tuple[ShowConfig, DailySettings]:
    path = show_dir / "show.toml"
    show = load_show_config(path)
    x = show.extra
    sources = x.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise InputError(f"{path}: 'sources' must be a non-empty list of SOURCE strings")
    if not isinstance(x.get("base_url"), str):
        raise InputError(f"{path}: 'base_url' is required (the public URL of the site)")
    try:
        settings = DailySettings(
            sources=[s if "://" in s or s.startswith("r/") else str(show_dir / s) for s in sources],
            base_url=check_base_url(x["base_url"]),
            site=show_dir / str(x.get("site", "site")),
            topics=int(x.get("topics", 3)),
            minutes=float(x.get("minutes", 8)),
            writer=str(x.get("writer", "auto")),
            llm_url=x.get("llm_url"),
            llm_model=x.get("llm_model"),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}: invalid daily setting ({exc})") from exc
    return show, settings


@contextmanager
def show_lock(show_dir: Path) -> Iterator[Path]:
    """Hold ``SHOW_DIR/.daily.lock`` for the duration; raise :class:`DailyBusy` if held."""
    path = show_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise DailyBusy(
                f"{show_dir}: another tinyleaps daily run is in progress "
                f"(lock {path} is held); try again later"
            ) from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)


def is_complete(folder: Path) -> bool:
    """True when the folder has episode.json and an MP3 matching its sha256."""
    try:
        load_bundle(folder)
    except ArtifactError:
        return False
    return True


def _interrupted(episodes: Path) -> Path | None:
    """The latest folder a run started (``daily.json``) but did not finish, if any."""
    if not episodes.is_dir():
        return None
    for d in sorted(episodes.iterdir(), reverse=True):
        state = d / STATE_NAME
        if state.is_file() and not is_complete(d):
            try:
                if not json.loads(state.read_text(encoding="utf-8")).get("no_audio"):
                    return d
            except (OSError, ValueError, AttributeError):
                return d
    return None


def _when_for(folder: Path, now: datetime, no_audio: bool = False) -> datetime:
    """The recorded-at moment of this folder's run: the one saved by an earlier
    (interrupted) run, or ``now`` saved for the next one."""
    state = folder / STATE_NAME
    if state.is_file():
        try:
            return datetime.fromisoformat(json.loads(state.read_text(encoding="utf-8"))["when"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s: unreadable (%s); starting this episode afresh", state, exc)
    atomic_write_json(
        state, {"when": now.isoformat(timespec="seconds"), "started": now.isoformat()}
    )
    return now


def run_daily(
    show_dir: str | Path,
    now: datetime | None = None,
    runner: Runner = pipeline_runner,
    no_audio: bool = False,
) -> DailyResult:
    """Make (or resume) today's episode and publish every complete one."""
    root = Path(show_dir)
    if not root.is_dir():
        raise InputError(f"{root}: show folder not found")
    show, settings = load_settings(root)
    now = now or datetime.now().astimezone()
    with show_lock(root):
        episodes = root / "episodes"
        folder = _interrupted(episodes) or episodes / now.strftime("%Y-%m-%d")
        made = False
        error: TinyLeapsError | None = None
        if not is_complete(folder):
            folder.mkdir(parents=True, exist_ok=True)
            job = DailyJob(
                specs=settings.sources,
                out=folder,
                when=_when_for(folder, now),
                show=show,
                settings=settings,
                no_audio=no_audio,
                exclude_threads=catalog.covered_threads(settings.site / catalog.CATALOG_NAME),
            )
            try:
                runner(job)
                made = True
            except TinyLeapsError as exc:  # publish what is complete, then report
                error = exc
        done = sorted(d for d in episodes.iterdir() if d.is_dir() and is_complete(d))
        incomplete = sorted(d for d in episodes.iterdir() if d.is_dir() and d not in done)
        published = publish(done, settings.site, settings.base_url, show, root) if done else None
        if error is not None:
            raise error
    return DailyResult(folder, made, published, incomplete)
