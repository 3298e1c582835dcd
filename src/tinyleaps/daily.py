"""``tinyleaps daily SHOW_DIR``: one cron-friendly run of the whole show.

``SHOW_DIR/show.toml`` holds the show config plus the run's settings::

    name = "Tiny Leaps"
    sources = ["r/LocalLLaMA"]     # any SOURCE the episode command takes
    topics = 3
    minutes = 8
    base_url = "https://example.com/tinyleaps"
    site = "site"                  # relative to SHOW_DIR (default "site")
    writer = "auto"                # optional, with llm_url, llm_model and llm_style

A run takes a lock (``SHOW_DIR/.daily.lock``, ``fcntl.flock``; a second run exits with
status 75), then resumes the latest interrupted episode or starts a new one in
``SHOW_DIR/episodes/<date>/`` (``<date>-2``... for a second run that day). Threads
already covered (the site's catalog plus every finished episode folder, script-only
ones too) are passed to the planner as ``exclude_threads``. ``daily.json`` in an episode
folder saves the run's recorded-at moment and exclusions, so a run that died midway is
resumed by the next one with the same inputs and its finished stages are reused.
Then every complete episode is published: only folders whose ``episode.json`` exists
and whose MP3 matches its sha256; ``--no-audio`` episodes are left out of the feed.
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
from typing import Any, TypeVar

from .artifacts import Episode
from .config import (
    WRITERS,
    ShowConfig,
    load_show_config,
    minutes_value,
    topics_value,
)
from .errors import ArtifactError, InputError, TinyLeapsError
from .fsutil import atomic_write_json, make_dirs
from .pipeline import EpisodeOptions, run_episode
from .publish import catalog
from .publish.bundle import load_bundle
from .publish.publisher import PublishResult, check_base_url, publish, script_problems
from .writing import LLMOptions, WriteOptions, llm_options

log = logging.getLogger(__name__)
T = TypeVar("T")
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
    #: llm_url, llm_model, llm_style / [llm] style, under the environment's TINYLEAPS_LLM_*
    llm: LLMOptions = field(default_factory=LLMOptions)


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
    #: the phrases the show's last episodes used (the writer avoids them)
    recent_phrases: frozenset[str] = frozenset()


#: Makes one episode folder from a job; the default calls ``tinyleaps.pipeline``.
Runner = Callable[[DailyJob], Episode]


@dataclass
class DailyResult:
    episode_dir: Path
    made: bool  # the episode this run made (or resumed) is finished
    published: PublishResult | None
    incomplete: list[Path] = field(default_factory=list)  # interrupted runs, not published
    script_only: list[Path] = field(default_factory=list)  # --no-audio episodes, not published
    broken: list[Path] = field(default_factory=list)  # scripts that break a rule, not published


def pipeline_runner(job: DailyJob) -> Episode:
    """Run the real pipeline (``tinyleaps.pipeline.run_episode``)."""
    s = job.settings
    opts = EpisodeOptions(
        topics=s.topics,
        when=job.when,
        show=job.show,
        writer=s.writer,
        no_audio=job.no_audio,
        write=WriteOptions(s.minutes, s.llm, recent_phrases=job.recent_phrases),
        exclude_threads=job.exclude_threads,
        history_dirs=[d for d in _episode_dirs(job.out.parent) if d != job.out and is_finished(d)],
    )  # show.toml's focus / exclude themes apply through job.show (pipeline.py)
    return run_episode(job.specs, job.out, opts)


def load_settings(show_dir: Path) -> tuple[ShowConfig, DailySettings]:
    """show.toml's show config and daily settings, checked by the same rules as the
    command line's options (``--topics``, ``--minutes``...)."""
    path = show_dir / "show.toml"
    show = load_show_config(path)
    x = show.extra
    sources = x.get("sources")
    if not isinstance(sources, list) or not sources or not all(
            isinstance(s, str) and s.strip() for s in sources):
        raise InputError(f"{path}: 'sources' must be a non-empty list of SOURCE strings")
    if not isinstance(x.get("base_url"), str):
        raise InputError(f"{path}: 'base_url' is required (the public URL of the site)")
    for key in ("site", "writer"):
        if key in x and not isinstance(x[key], str):
            raise InputError(f"{path}: {key} must be a string, got {type(x[key]).__name__}")
    writer = x.get("writer", "auto")
    if writer not in WRITERS:
        raise InputError(f"{path}: writer = {writer!r}: choose {', '.join(WRITERS)}")
    try:
        base_url = check_base_url(x["base_url"], "base_url =")
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc
    return show, DailySettings(
        sources=[s if "://" in s or s.startswith("r/") else str(show_dir / s) for s in sources],
        base_url=base_url,
        site=show_dir / x.get("site", "site"),
        topics=_setting(path, x, "topics", 3, topics_value),
        minutes=_setting(path, x, "minutes", 8.0, minutes_value),
        writer=writer,
        llm=llm_options(show=show),
    )


def _setting(path: Path, x: dict[str, Any], key: str, default: T, check: Callable[[Any], T]) -> T:
    """show.toml's ``key``, through the check its command-line option uses."""
    if key not in x:
        return default
    try:
        return check(x[key])
    except ValueError as exc:
        raise InputError(f"{path}: {key} = {exc}") from exc


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


def _state(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable (%s); starting this episode afresh", folder / STATE_NAME, exc)
        return {}
    return data if isinstance(data, dict) else {}


def is_script_only(folder: Path) -> bool:
    """A finished ``--no-audio`` episode: script and episode.json, no MP3 on purpose."""
    return (
        (folder / STATE_NAME).is_file()
        and bool(_state(folder).get("no_audio"))
        and (folder / "script.json").is_file()
        and (folder / "episode.json").is_file()
        and not is_complete(folder)
    )


def is_finished(folder: Path) -> bool:
    return is_complete(folder) or is_script_only(folder)


def _episode_dirs(episodes: Path) -> list[Path]:
    return sorted(d for d in episodes.iterdir() if d.is_dir()) if episodes.is_dir() else []


def _interrupted(episodes: Path) -> Path | None:
    """The latest folder a run started (``daily.json``) but did not finish, if any."""
    for d in reversed(_episode_dirs(episodes)):
        if (d / STATE_NAME).is_file() and not is_finished(d):
            return d
    return None


def _new_folder(episodes: Path, now: datetime) -> Path:
    """``episodes/<date>``, or ``<date>-2``, ``<date>-3``... when the day has episodes."""
    day = now.strftime("%Y-%m-%d")
    n = 1
    while (episodes / (day if n == 1 else f"{day}-{n}")).exists():
        n += 1
    return episodes / (day if n == 1 else f"{day}-{n}")


def covered(episodes: Path, site: Path, but: Path | None = None) -> dict[str, int]:
    """Threads covered by published episodes (the site's catalog) and by every finished
    episode folder of the show (script-only ones too), except ``but``: ``{thread: comments}``."""
    seen = catalog.covered_threads(site / catalog.CATALOG_NAME)
    for d in _episode_dirs(episodes):
        if d == but or not is_finished(d):
            continue
        for thread, (count, _title, _url) in catalog.folder_coverage(d).threads.items():
            seen[thread] = max(count, seen.get(thread, 0))
    return seen


#: how many earlier episodes' phrases a new episode avoids
RECENT_EPISODES = 7


def recent_phrases(episodes: Path, but: Path | None = None) -> frozenset[str]:
    """The phrase ids (``pool:index``) the show's last :data:`RECENT_EPISODES` finished
    episodes used, from their script.json."""
    done = [d for d in _episode_dirs(episodes) if d != but and is_finished(d)]
    used: set[str] = set()
    for d in done[-RECENT_EPISODES:]:
        try:
            writer = json.loads((d / "script.json").read_text(encoding="utf-8")).get("writer", {})
        except (OSError, ValueError, AttributeError, RecursionError):
            continue
        phrases = writer.get("phrases") if isinstance(writer, dict) else None
        if isinstance(phrases, list):  # a hand-edited script may hold anything
            used.update(p for p in phrases if isinstance(p, str))
    return frozenset(used)


def _start(
    folder: Path, now: datetime, no_audio: bool, exclude: dict[str, int]
) -> tuple[datetime, dict[str, int]]:
    """The moment and covered threads of this folder's episode: those an interrupted run
    saved (so the pipeline reuses its finished stages), or fresh ones, saved."""
    state = _state(folder) if (folder / STATE_NAME).is_file() else {}
    try:
        when = datetime.fromisoformat(state["when"])
        exclude = {str(k): int(v) for k, v in state.get("exclude_threads", exclude).items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        when = now
    state = {
        "when": when.isoformat(timespec="seconds"),
        "started": state.get("started", now.isoformat()),
        "no_audio": no_audio,
        "exclude_threads": exclude,
    }
    atomic_write_json(folder / STATE_NAME, state)
    return when, exclude


def run_daily(
    show_dir: str | Path,
    now: datetime | None = None,
    runner: Runner = pipeline_runner,
    no_audio: bool = False,
) -> DailyResult:
    """Resume an interrupted episode or make a new one, then publish every complete one.
    Each run that finds nothing to resume makes a new episode (skipping covered threads)."""
    root = Path(show_dir)
    if not root.is_dir():
        raise InputError(f"{root}: show folder not found")
    show, settings = load_settings(root)
    now = now or datetime.now().astimezone()
    with show_lock(root):
        episodes = root / "episodes"
        folder = _interrupted(episodes) or _new_folder(episodes, now)
        make_dirs(folder)
        when, exclude = _start(folder, now, no_audio, covered(episodes, settings.site, folder))
        job = DailyJob(settings.sources, folder, when, show, settings, exclude, no_audio,
                       recent_phrases(episodes, folder))
        error: TinyLeapsError | None = None
        try:
            runner(job)
        except TinyLeapsError as exc:  # publish what is complete, then report
            error = exc
        result = _publish_done(episodes, folder, show, settings, root)
        if error is not None:
            raise error
    return result


def _publish_done(
    episodes: Path, folder: Path, show: ShowConfig, settings: DailySettings, root: Path
) -> DailyResult:
    dirs = _episode_dirs(episodes)
    done = [d for d in dirs if is_complete(d)]
    script_only = [d for d in dirs if d not in done and is_script_only(d)]
    incomplete = [d for d in dirs if d not in done and d not in script_only]
    broken = {d: str(p[0]) for d in done if (p := script_problems(load_bundle(d)))}
    for d, problem in broken.items():
        log.warning("%s: not published, its script breaks a rule: %s", d, problem)
    good = [d for d in done if d not in broken]
    published = publish(good, settings.site, settings.base_url, show, root) if good else None
    return DailyResult(folder, is_finished(folder), published, incomplete, script_only,
                       list(broken))
