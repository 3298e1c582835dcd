"""``tinyleaps publish``: add episode folders to a site and rebuild its feed and pages
from the show's catalog."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..config import ShowConfig
from ..errors import ArtifactError, InputError
from ..fsutil import atomic_write_bytes, make_dirs, regular_file
from ..grounding import Problem
from . import catalog
from .bundle import EpisodeBundle, load_bundle
from .cover import write_cover
from .feed import Channel, build_feed
from .site import copy_episode, render_site

log = logging.getLogger(__name__)


@dataclass
class PublishResult:
    site: Path
    feed: Path
    added: list[str] = field(default_factory=list)  # slugs published by this call
    episodes: list[str] = field(default_factory=list)  # every slug in the feed, newest first
    skipped: list[str] = field(default_factory=list)  # catalog entries whose files are broken
    warnings: list[str] = field(default_factory=list)  # what a podcast directory may reject


def check_base_url(base_url: str, name: str = "--base-url") -> str:
    """The site's public URL without its final slash; InputError unless it is a plain
    http(s) URL (no spaces, query or fragment: episode URLs are built on it)."""
    url = base_url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        parts = urlsplit("")
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or any(c.isspace() or ord(c) < 32 for c in url)):
        raise InputError(
            f"{name} {base_url!r}: expected an http(s) URL such as https://example.com/podcast"
        )
    return url.rstrip("/")


def channel_for(show: ShowConfig, base_url: str, cover: str = "cover.png") -> Channel:
    return Channel(
        title=show.name,
        description=show.description,
        base_url=base_url,
        language=show.language,
        author=show.author,
        owner_email=show.owner_email,
        hosts=list(show.hosts),
        cover=cover,
    )


def _cover(site: Path, show: ShowConfig, config_dir: Path | None) -> str:
    given = show.extra.get("cover") or show.extra.get("image")
    if given:
        path = Path(str(given))
        path = path if path.is_absolute() or config_dir is None else config_dir / path
        regular_file(path, "cover image")
        name = "cover" + (path.suffix.lower() or ".png")
        write_cover(site / name, show.name, given=path)
        return name
    if not (site / "cover.png").is_file():
        write_cover(site / "cover.png", show.name, show.description)
    return "cover.png"


def publish(
    dirs: list[Path],
    site: Path,
    base_url: str,
    show: ShowConfig | None = None,
    config_dir: Path | None = None,
    now: datetime | None = None,
    force: bool = False,
) -> PublishResult:
    """Verify and copy each episode folder into ``site``, record it in
    ``site/catalog.sqlite``, then rebuild ``feed.xml`` and the pages from the catalog.
    An episode whose script breaks the script rules (``tinyleaps check``) is refused
    unless ``force``."""
    root = check_base_url(base_url)
    bundles = [load_bundle(d) for d in dirs]  # verify everything before touching the site
    for b in bundles if not force else []:
        refuse_broken_script(b)
    make_dirs(site)
    db = catalog.connect(site / catalog.CATALOG_NAME)
    try:
        added = []
        for b in bundles:
            slug = catalog.slug_for(db, b)
            copy_episode(b, site, slug)
            catalog.record_episode(db, b, slug, now=now)
            added.append(slug)
        entries = catalog.list_episodes(db)
    except sqlite3.Error as exc:
        raise InputError(f"{site / catalog.CATALOG_NAME}: cannot update the catalog "
                         f"({exc})") from exc
    finally:
        db.close()
    show = show or ShowConfig()
    items, skipped = _published(site, entries)
    ch = channel_for(show, root, _cover(site, show, config_dir))
    feed = atomic_write_bytes(site / "feed.xml", build_feed(ch, items, now=now))
    render_site(site, ch, items)
    make_readable(site)
    return PublishResult(site, feed, added, [s for _, s in items], skipped, feed_warnings(show))


def script_problems(bundle: EpisodeBundle) -> list[Problem]:
    """What the episode's script.json breaks of the rules ``tinyleaps check`` enforces."""
    from ..grounding import check_script

    return check_script(bundle.script) if bundle.script else []


def refuse_broken_script(bundle: EpisodeBundle) -> None:
    """InputError naming the script and its first broken rule, if it breaks any."""
    problems = script_problems(bundle)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(
            f"{bundle.folder / 'script.json'}: breaks the script rule {problems[0].rule}: "
            f"{problems[0]}{more}; fix the script, or publish --force")


#: Site files that stay private to the owner (the catalog and its journals).
PRIVATE_SUFFIXES = (".sqlite", ".sqlite-journal", ".sqlite-wal", ".sqlite-shm", ".lock")


def make_readable(site: Path) -> None:
    """Give every public site file mode 0644 and folder 0755 (under a strict umask such
    as 077 new files are 0600, which a web server running as another user could not
    read). Symlinks are left alone: chmod would change the file they point at."""
    for path in site.rglob("*"):
        if path.is_symlink():
            continue
        want = 0o755 if path.is_dir() else 0o644
        if path.name.endswith(PRIVATE_SUFFIXES) or path.stat().st_mode & 0o777 == want:
            continue
        try:
            path.chmod(want)
        except OSError as exc:
            raise InputError(f"{path}: cannot make it readable ({exc.strerror or exc})") from exc


def feed_warnings(show: ShowConfig) -> list[str]:
    """Channel fields that Apple Podcasts and others require before they list a feed."""
    out = []
    if not show.owner_email:
        out.append(
            "show config has no owner_email: itunes:owner has no email, and Apple Podcasts "
            "needs one to verify the feed (add owner_email to show.toml, pass --config)"
        )
    return out


def _published(
    site: Path, entries: list[catalog.CatalogEpisode]
) -> tuple[list[tuple[EpisodeBundle, str]], list[str]]:
    """Bundles of the catalog's episodes as copied in the site; an entry whose copy is
    missing or does not match its sha256 is left out of the feed (and reported)."""
    items: list[tuple[EpisodeBundle, str]] = []
    skipped: list[str] = []
    for e in entries:
        try:
            b = load_bundle(site / "episodes" / e.slug)
        except ArtifactError as exc:
            log.warning("leaving %s out of the feed: %s", e.slug, exc)
            skipped.append(e.slug)
            continue
        items.append((b, e.slug))
    return items, skipped
