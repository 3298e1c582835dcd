"""The show's memory: a SQLite catalog of every published episode and what it covered.

``SITE/catalog.sqlite`` holds one row per episode (keyed by its stable guid), the
threads each episode covered (with the thread's comment count at the time) and the
comments it cited. The planner asks :func:`covered_threads` so that a later episode
skips threads already discussed unless they grew a lot; ``publish`` rebuilds the feed
from :func:`list_episodes`, so re-publishing an episode updates its row, never adds one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..artifacts import Script, Sources
from ..errors import ArtifactError
from ..fsutil import make_dirs
from .bundle import EpisodeBundle, load_rundown, load_sources

CATALOG_NAME = "catalog.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS episodes (
    guid TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    show TEXT NOT NULL,
    title TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    duration_s REAL,
    mp3_bytes INTEGER NOT NULL,
    mp3_sha256 TEXT NOT NULL,
    source_dir TEXT NOT NULL,
    first_published TEXT NOT NULL,
    last_published TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS threads (
    guid TEXT NOT NULL REFERENCES episodes(guid) ON DELETE CASCADE,
    thread_id TEXT NOT NULL,
    num_comments INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (guid, thread_id)
);
CREATE TABLE IF NOT EXISTS comments (
    guid TEXT NOT NULL REFERENCES episodes(guid) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (guid, source_id)
);
"""

DbLike = str | Path | sqlite3.Connection


@dataclass
class CatalogEpisode:
    guid: str
    slug: str
    show: str
    title: str
    recorded_at: str
    duration_s: float | None
    mp3_bytes: int
    mp3_sha256: str
    first_published: str


@dataclass
class Coverage:
    """What one episode covered: ``{thread_id: (num_comments, title, url)}`` and the
    cited comments ``{source_id: author}``."""

    threads: dict[str, tuple[int, str, str]]
    comments: dict[str, str]


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) a catalog database."""
    p = Path(path)
    make_dirs(p.parent)
    try:
        db = sqlite3.connect(p, timeout=30)
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(_SCHEMA)
    except sqlite3.DatabaseError as exc:
        raise ArtifactError(f"{p}: not a usable catalog database ({exc})") from exc
    return db


@contextmanager
def _opened(db: DbLike) -> Iterator[sqlite3.Connection]:
    if isinstance(db, sqlite3.Connection):
        yield db
        return
    conn = connect(db)
    try:
        yield conn
    finally:
        conn.close()


def covered_threads(db: DbLike) -> dict[str, int]:
    """``{thread_id: num_comments_when_covered}`` over every published episode (the
    largest count when a thread was covered twice). Ids are source ids such as
    ``reddit:t3_1abcde``. A catalog that does not exist yet covers nothing."""
    if not isinstance(db, sqlite3.Connection) and not Path(db).is_file():
        return {}
    with _opened(db) as conn:
        rows = conn.execute(
            "SELECT thread_id, MAX(num_comments) FROM threads GROUP BY thread_id"
        ).fetchall()
    return {str(t): int(n) for t, n in rows}


def covered_comments(db: DbLike) -> set[str]:
    """Every comment id any published episode cited."""
    if not isinstance(db, sqlite3.Connection) and not Path(db).is_file():
        return set()
    with _opened(db) as conn:
        return {str(r[0]) for r in conn.execute("SELECT DISTINCT source_id FROM comments")}


def list_episodes(db: DbLike) -> list[CatalogEpisode]:
    """Every episode, newest first."""
    with _opened(db) as conn:
        rows = conn.execute(
            "SELECT guid, slug, show, title, recorded_at, duration_s, mp3_bytes, mp3_sha256,"
            " first_published FROM episodes ORDER BY recorded_at DESC, guid"
        ).fetchall()
    return [CatalogEpisode(*r) for r in rows]


def slug_for(db: DbLike, bundle: EpisodeBundle) -> str:
    """The slug this episode has (or will have): its own slug, unless another episode
    already took it, then the slug plus a piece of the guid."""
    with _opened(db) as conn:
        row = conn.execute("SELECT slug FROM episodes WHERE guid = ?", (bundle.guid,)).fetchone()
        if row:
            return str(row[0])
        taken = conn.execute("SELECT 1 FROM episodes WHERE slug = ?", (bundle.slug,)).fetchone()
    return f"{bundle.slug}-{bundle.guid[-8:]}" if taken else bundle.slug


def record_episode(
    db: DbLike, bundle: EpisodeBundle, slug: str, now: datetime | None = None
) -> None:
    """Insert or update one episode and what it covered (idempotent by guid)."""
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    ep = bundle.episode
    cov = coverage_of(bundle)
    with _opened(db) as conn, conn:
        conn.execute(
            "INSERT INTO episodes VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(guid) DO UPDATE SET"
            " slug=excluded.slug, show=excluded.show, title=excluded.title,"
            " recorded_at=excluded.recorded_at, duration_s=excluded.duration_s,"
            " mp3_bytes=excluded.mp3_bytes, mp3_sha256=excluded.mp3_sha256,"
            " source_dir=excluded.source_dir, last_published=excluded.last_published",
            (
                bundle.guid,
                slug,
                ep.show,
                ep.title,
                ep.recorded_at,
                ep.duration_s,
                bundle.mp3_bytes,
                str(ep.mp3.get("sha256", "")),
                str(bundle.folder.resolve()),
                stamp,
                stamp,
            ),
        )
        conn.execute("DELETE FROM threads WHERE guid = ?", (bundle.guid,))
        conn.execute("DELETE FROM comments WHERE guid = ?", (bundle.guid,))
        conn.executemany(
            "INSERT INTO threads VALUES (?,?,?,?,?)",
            [(bundle.guid, t, n, title, url) for t, (n, title, url) in cov.threads.items()],
        )
        conn.executemany(
            "INSERT INTO comments VALUES (?,?,?)",
            [(bundle.guid, c, a) for c, a in cov.comments.items()],
        )


def coverage_of(bundle: EpisodeBundle) -> Coverage:
    """The threads (main source of each topic segment) and comments an episode covered."""
    return folder_coverage(bundle.folder, bundle.script)


def folder_coverage(folder: Path, script: Script | None = None) -> Coverage:
    """What the episode in ``folder`` covered, from its script, rundown and sources (no
    MP3 needed, so script-only episodes count too)."""
    if script is None and (folder / "script.json").is_file():
        script = Script.load(folder / "script.json")
    if script is None:
        return Coverage({}, {})
    sources = load_sources(folder)
    rundown = load_rundown(folder)
    mains = {s.id: s.main_source for s in rundown.segments} if rundown else {}
    threads: dict[str, tuple[int, str, str]] = {}
    for seg in script.segments:
        if seg.kind != "topic" or not (mains.get(seg.id) or seg.source_ids):
            continue
        main = mains.get(seg.id) or seg.source_ids[0]
        threads[_thread_of(main, sources)] = _thread_info(main, script, sources)
    cited = {c for t in script.turns for c in t.cites}
    cited |= {c for s in script.segments if s.kind == "topic" for c in s.source_ids}
    comments = {
        c: script.sources[c].author if c in script.sources else ""
        for c in sorted(cited - set(threads))
        if _is_comment(c, script)
    }
    return Coverage(threads, comments)


def _thread_of(source_id: str, sources: Sources | None) -> str:
    if sources is None:
        return source_id
    item = sources.by_id().get(source_id)
    return (item.thread or item.id) if item else source_id


def _thread_info(main: str, script: Script, sources: Sources | None) -> tuple[int, str, str]:
    ref = script.sources.get(main)
    title, url = (ref.title, ref.url) if ref else ("", "")
    count = 0
    if sources is not None:
        item = sources.by_id().get(main)
        extra = item.extra.get("num_comments") if item else None
        thread = _thread_of(main, sources)
        count = int(extra) if isinstance(extra, int) else len(sources.replies_to(thread))
    return count, title, url


def _is_comment(source_id: str, script: Script) -> bool:
    ref = script.sources.get(source_id)
    return ref is None or ref.kind in ("reddit_comment", "transcript_turn")
