"""What kind of file this is, from its first bytes: HTML, an RSS/Atom feed, Markdown with
front matter. Every source backend asks before it claims a file, so these live below
them all."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

_FENCES = {"---": "yaml", "+++": "toml"}
_FEED_START = re.compile(r"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(metadata, body)``; metadata is empty when there is no (valid) front matter."""
    body = text.lstrip("\ufeff")
    first, _, rest = body.partition("\n")
    kind = _FENCES.get(first.strip())
    if kind is None:
        return {}, text
    m = re.search(rf"^{re.escape(first.strip())}\s*$", rest, re.MULTILINE)
    if m is None:
        return {}, text
    raw, after = rest[: m.start()], rest[m.end() :]
    try:
        meta = yaml.safe_load(raw) if kind == "yaml" else tomllib.loads(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError):
        return {}, text
    return (meta if isinstance(meta, dict) else {}), after.lstrip("\n")


def looks_like_html(head: str) -> bool:
    start = head.lstrip("\ufeff \t\r\n")[:400].lower()
    return start.startswith(("<!doctype html", "<html")) or "<html" in start


def looks_like_feed(head: str) -> bool:
    """True when the text starts (after an XML declaration/comments) like RSS or Atom."""
    return bool(_FEED_START.search(head[:2048])) and not looks_like_html(head)


def file_date(path: Path) -> str:
    """The file's modification time, ISO 8601 in UTC."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
