"""The static site: episode files copied under ``episodes/<slug>/``, an index page and
one page per episode (player, chapters, live transcript, sources), rendered with
Jinja2 (autoescape on) from the package's ``web/templates``."""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from ..artifacts import Sources
from ..fsutil import atomic_path, atomic_write_bytes, atomic_write_text, make_dirs
from .bundle import CITED_FILE, PUBLISHED_FILES, EpisodeBundle
from .citations import SourceCard, line_sources
from .feed import Channel
from .notes import build_notes, safe_url
from .shownotes import clock

STATIC_FILES = ("style.css", "player.js")
DOWNLOADS = (
    ("transcript.vtt", "WebVTT"),
    ("transcript.srt", "SubRip"),
    ("transcript.md", "Markdown"),
    ("transcript.json", "JSON transcript"),
    ("chapters.json", "Chapters"),
)


def copy_episode(bundle: EpisodeBundle, site: Path, slug: str) -> Path:
    """Copy the episode's files to ``site/episodes/<slug>/`` (atomically, only changed
    files). ``episode.json`` goes last, so a folder with it is complete."""
    dest = site / "episodes" / slug
    make_dirs(dest)
    if bundle.cited and bundle.folder.resolve() != dest.resolve():
        Sources(sources=list(bundle.cited.values())).save(dest / CITED_FILE)
    names = [n for n in PUBLISHED_FILES if n != "episode.json"] + ["episode.json"]
    for name in names:
        src = bundle.mp3 if name == "episode.mp3" else bundle.folder / name
        target = dest / name
        if not src.is_file():
            continue
        if target.is_file() and filecmp.cmp(src, target, shallow=False):
            continue
        with atomic_path(target) as tmp:
            shutil.copyfile(src, tmp)
    return dest


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tinyleaps.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["clock"] = clock
    return env


def _date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%A %d %B %Y, %H:%M")
    except ValueError:
        return iso


def _num(x: Any) -> float:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else 0.0


@dataclass
class PageEpisode:
    """What the templates need about one episode."""

    slug: str
    title: str
    date: str
    duration: str
    topics: list[str]


@dataclass
class PageLine:
    """One transcript line on the page (a turn) and the sources it rests on."""

    start: float
    end: float
    speaker: str
    body: str
    host: int  # 0 or 1 (which host: the colour), -1 for anyone else
    cites: list[str] = field(default_factory=list)
    sources: list[SourceCard] = field(default_factory=list)


def _paragraphs(cues: list[PageLine], chapter_starts: set[float]) -> list[PageLine]:
    """One line per turn on the page: the transcript's caption-sized cues of one speaker
    in a row are joined (never across a chapter start), keeping the first start time and
    every cited source."""
    out: list[PageLine] = []
    for cue in cues:
        prev = out[-1] if out else None
        new_chapter = prev is not None and any(
            prev.end - 0.05 <= c <= cue.start + 0.05 for c in chapter_starts
        )
        if prev and prev.speaker == cue.speaker and not new_chapter:
            prev.end = cue.end
            prev.body = f"{prev.body} {cue.body}"
            prev.cites = list(dict.fromkeys(prev.cites + cue.cites))
        else:
            out.append(replace(cue))
    return out


def _cites(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def page_lines(b: EpisodeBundle) -> list[PageLine]:
    """The transcript as page lines, each with the cards of the sources it cites."""
    hosts = [h.name for h in b.episode.hosts]
    cues = [
        PageLine(_num(s.get("startTime")), _num(s.get("endTime")), str(s.get("speaker", "")),
                 str(s.get("body", "")),
                 hosts.index(str(s.get("speaker"))) if s.get("speaker") in hosts else -1,
                 _cites(s.get("cites")))
        for s in b.transcript
    ]
    lines = _paragraphs(cues, {_num(c.get("startTime")) for c in b.chapters})
    if b.script:
        for line in lines:
            line.sources = line_sources(line.cites, line.body, b.script, b.cited)
    return lines


def episode_context(b: EpisodeBundle, slug: str, ch: Channel) -> dict[str, Any]:
    notes = build_notes(b.script) if b.script else None
    hosts = [h.name for h in b.episode.hosts]
    cues = page_lines(b)
    chapters = [
        {
            "start": _num(c.get("startTime")),
            "title": str(c.get("title", "")),
            "url": safe_url(str(c.get("url", ""))),
        }
        for c in b.chapters
    ]
    return {
        "show": ch.title,
        "slug": slug,
        "title": b.episode.title,
        "date": _date(b.episode.recorded_at),
        "duration": clock(b.episode.duration_s or 0),
        "chapters": chapters,
        "cues": cues,
        "notes": notes,
        "hosts": hosts,
        "downloads": [(n, label) for n, label in DOWNLOADS if b.has(n)],
        "feed_url": ch.feed_url,
        "cover": ch.cover,
    }


def render_site(site: Path, ch: Channel, items: list[tuple[EpisodeBundle, str]]) -> list[Path]:
    """Write ``index.html``, each episode's ``index.html`` and the static assets."""
    env = _env()
    written: list[Path] = []
    static = resources.files("tinyleaps.web").joinpath("static")
    for name in STATIC_FILES:
        written.append(
            atomic_write_bytes(site / "static" / name, static.joinpath(name).read_bytes())
        )
    for b, slug in items:
        html = env.get_template("episode.html").render(
            **episode_context(b, slug, ch), root="../../"
        )
        written.append(atomic_write_text(site / "episodes" / slug / "index.html", html))
    eps = [
        PageEpisode(
            slug,
            b.episode.title,
            _date(b.episode.recorded_at),
            clock(b.episode.duration_s or 0),
            [t.title for t in build_notes(b.script).topics] if b.script else [],
        )
        for b, slug in items
    ]
    index = env.get_template("index.html").render(
        show=ch.title,
        description=ch.description,
        episodes=eps,
        feed_url=ch.feed_url,
        cover=ch.cover,
        hosts=[h.name for h in ch.hosts],
        root="",
    )
    written.append(atomic_write_text(site / "index.html", index))
    return written
