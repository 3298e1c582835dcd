"""Articles: Markdown with YAML (``---``) or TOML (``+++``) front matter, and HTML pages.

Each article becomes one :class:`SourceItem` of kind ``article``. HTML main text is
extracted with trafilatura (boilerplate, menus and footers dropped).
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from ..artifacts import SourceItem
from ..errors import SourceError
from ..fsutil import read_text
from ..text.markdown import speakable, speakable_headings
from .base import IngestOptions, SourceBackend, read_head
from .sniff import file_date, looks_like_html, split_front_matter
from .transcripts.parsers import detect_format

__all__ = [
    "ArticleSource",
    "article_from_markdown",
    "article_from_html",
]

UNKNOWN_AUTHOR = "unknown"


def _author(meta: dict[str, Any]) -> str:
    value = meta.get("author") or meta.get("authors") or meta.get("by") or ""
    if isinstance(value, list):
        value = ", ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
    elif isinstance(value, dict):
        value = value.get("name", "")
    return " ".join(str(value).split()) or UNKNOWN_AUTHOR


def _date(value: Any, fallback: str) -> str:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if value is not None and hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value) if value else fallback


def spoken_with_sections(body: str) -> tuple[str, list[list[Any]]]:
    """Speakable text of a markdown body and its sections: ``[heading, paragraph index]``
    for every heading (the index of its paragraph in ``text.split("\n\n")``)."""
    spoken = html.unescape(speakable(body))
    heads = [html.unescape(h) for h in speakable_headings(body)]
    sections: list[list[Any]] = []
    for n, para in enumerate(spoken.split("\n\n")):
        if len(sections) < len(heads) and para == heads[len(sections)]:
            sections.append([para.rstrip("."), n])
    return spoken, sections


def article_from_markdown(text: str, url: str, created: str, stem: str = "") -> SourceItem:
    """One ``article`` item from Markdown with front matter; ``extra["sections"]`` lists
    its headings and where they start."""
    meta, body = split_front_matter(text)
    heading = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
    title = str(meta.get("title") or (heading[1] if heading else stem)).strip()
    spoken, sections = spoken_with_sections(body)
    return SourceItem(
        id=f"article:{_sha(text)}",
        kind="article",
        author=_author(meta),
        url=str(meta.get("url") or meta.get("link") or meta.get("canonical_url") or url),
        title=html.unescape(title),
        text=spoken,
        created=_date(meta.get("date"), created),
        extra={"format": "markdown", "words": len(spoken.split()), "sections": sections},
    )


def article_from_html(page: str, url: str, created: str, where: str = "") -> SourceItem:
    """One ``article`` item from an HTML page (main text only)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        page, url=url or None, with_metadata=True, include_comments=False
    )
    text = getattr(doc, "text", "") or ""
    if not text.strip():
        raise SourceError(f"{where or url}: HTML page has no readable main text")
    marked = trafilatura.extract(page, url=url or None, output_format="markdown",
                                 include_formatting=True, include_comments=False) or ""
    spoken, sections = spoken_with_sections(marked) if marked.strip() else (text, [])
    return SourceItem(
        id=f"article:{_sha(page)}",
        kind="article",
        author=_author({"author": getattr(doc, "author", "") or ""}),
        url=str(getattr(doc, "url", "") or url),
        title=str(getattr(doc, "title", "") or ""),
        text=spoken if spoken.strip() else " ".join(text.split()),
        created=_date(getattr(doc, "date", None), created),
        extra={"format": "html", "words": len(text.split()), "sections": sections},
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _read_head(spec: str, size: int = 8192) -> str | None:
    head = read_head(spec, size)
    return None if head is None else head.decode("utf-8", errors="replace")


class ArticleSource(SourceBackend):
    """A local article file: Markdown with front matter, or an HTML page."""

    id: ClassVar[str] = "article"
    description: ClassVar[str] = "Markdown article with front matter, or an HTML page"

    @classmethod
    def accepts(cls, spec: str) -> bool:
        head = _read_head(spec)
        if head is None:
            return False
        if looks_like_html(head):
            return True
        meta, _ = split_front_matter(head)
        return bool(meta.get("title")) and detect_format(head) is None

    def ingest(self, spec: str, options: IngestOptions) -> list[SourceItem]:
        path = Path(spec)
        text = read_text(path, SourceError)
        created, url = file_date(path), path.resolve().as_uri()
        if looks_like_html(text[:8192]):
            return [article_from_html(text, url, created, where=spec)]
        item = article_from_markdown(text, url, created, stem=path.stem)
        if not item.text.strip():
            raise SourceError(f"{spec}: article has no text")
        return [item]
