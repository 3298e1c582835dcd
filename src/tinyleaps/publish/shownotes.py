"""``shownotes.md``: the topics with links to every source, and everyone credited."""

from __future__ import annotations

import re
from datetime import datetime

from ..artifacts import Script, SourceRef
from ..timephrase import spoken_date

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_HANDLE = re.compile(r"(?<![\w/])(?:@|u/)([A-Za-z0-9_-]{2,})")


def md_escape(text: str) -> str:
    """Escape untrusted text for Markdown (and so for any HTML rendered from it)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(text: str, url: str) -> str:
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{md_escape(text)}]({safe_url})" if safe_url.startswith("http") else md_escape(text)


def credited_handles(script: Script) -> list[str]:
    """Every handle said in the script, in order of first mention (authors of cited sources)."""
    authors = {ref.author.lower(): ref.author for ref in script.sources.values()}
    seen: dict[str, str] = {}
    for turn in script.turns:
        for m in _HANDLE.finditer(turn.text):
            key = m.group(1).lower()
            if key in authors and key not in seen:
                seen[key] = authors[key]
    return list(seen.values())


def render_shownotes(script: Script) -> str:
    when = datetime.fromisoformat(script.recorded_at)
    hosts = " and ".join(md_escape(h.name) for h in script.hosts)
    lines = [f"# {md_escape(script.title)}", "", f"*{spoken_date(when)}, with {hosts}.*", ""]
    lines += ["## Topics", ""]
    for seg in (s for s in script.segments if s.kind == "topic"):
        refs = [(sid, script.sources[sid]) for sid in seg.source_ids if sid in script.sources]
        if not refs:
            continue
        main_id, main = refs[0]
        lines.append(f"### {md_escape(seg.title)}")
        lines.append("")
        lines.append(f"- Thread: {_link(main.title or seg.title, main.url)} by {_person(main)}")
        for _sid, ref in refs[1:]:
            what = "comment" if ref.kind.endswith("comment") else ref.kind.replace("_", " ")
            lines.append(f"- {_person(ref)}: {_link(what, ref.url)}")
        lines.append("")
    people = credited_handles(script)
    if people:
        lines += ["## Everyone credited", "", ", ".join(f"@{md_escape(p)}" for p in people), ""]
    lines += ["---", "", f"Made with Tiny Leaps by {md_escape(script.show)}: written by "
              f"`{md_escape(str(script.writer.get('id', 'unknown')))}`, voiced locally.", ""]
    return "\n".join(lines)


def _person(ref: SourceRef) -> str:
    return f"@{md_escape(ref.author)}" if ref.kind.startswith("reddit") else md_escape(ref.author)
