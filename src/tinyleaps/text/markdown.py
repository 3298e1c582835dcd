"""Markdown (Reddit flavour) to speakable plain text.

``speakable()`` keeps what a host could read aloud and drops what a voice would stumble
over: link targets, code, table pipes, emphasis marks, bullets, zero-width spaces.
Paragraphs stay separated by a blank line; everything else is single-spaced.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["speakable", "speakable_headings", "unescape_reddit", "domain_of", "links_in",
           "CODE_PHRASE"]

CODE_PHRASE = "(code snippet omitted)"

_REDDIT_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITY_CHAR = {"amp": "&", "lt": "<", "gt": ">"}


def unescape_reddit(text: str) -> str:
    """Undo exactly one level of Reddit's JSON escaping (``&amp;`` ``&lt;`` ``&gt;``).

    Responses fetched without ``raw_json=1`` escape those three characters once, so
    ``&amp;lt;`` (the user typed ``&lt;``) becomes ``&lt;``, never ``<``.
    """
    return _REDDIT_ENTITY.sub(lambda m: _ENTITY_CHAR[m.group(1)], text)


def domain_of(url: str) -> str:
    """``https://www.github.com/x`` -> ``github.com`` (empty string when unparsable)."""
    try:
        host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:
        return ""
    if not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", host):
        return ""
    return host.removeprefix("www.")


def _link_phrase(url: str) -> str:
    domain = domain_of(url)
    return f"a link to {domain}" if domain else "a link"


# --------------------------------------------------------------------------- blocks

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>(?!!)\s?(.*)$")


def _is_table_start(lines: list[str], i: int) -> bool:
    return "|" in lines[i] and i + 1 < len(lines) and bool(_TABLE_SEP.match(lines[i + 1]))


def _cells(line: str) -> list[str]:
    parts = [c.strip() for c in line.strip().strip("|").split("|")]
    return [_inline(c) for c in parts]


def _table_text(header: list[str], rows: list[list[str]]) -> str:
    names = [h for h in header if h]
    if not rows:
        return f"A table of {_and_list(names)}." if names else ""
    if len(rows) > 5 or len(header) < 2:
        what = f" comparing {_and_list(names)}" if names else ""
        return f"A table{what} across {len(rows)} rows."
    sentences = []
    for row in rows:
        first, rest = row[0], row[1:]
        pairs = [f"{h} {v}" if h else v for h, v in zip(header[1:], rest, strict=False) if v]
        body = ", ".join(pairs)
        sentences.append(_sentence(f"{first}: {body}" if first and body else first or body))
    return " ".join(s for s in sentences if s)


def _and_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".!?:;…)\"'”":
        text += "."
    return text


def _is_indented_code(lines: list[str], i: int) -> bool:
    line = lines[i]
    return (
        line.startswith(("    ", "\t"))
        and bool(line.strip())
        and (i == 0 or not lines[i - 1].strip())
        and not _BULLET.match(line)
    )


def _code_continues(line: str) -> bool:
    return line.startswith(("    ", "\t")) or not line.strip()


def _blocks(markdown: str) -> list[str]:
    """Split into paragraphs of speakable text (block syntax handled, inline not yet)."""
    lines = markdown.split("\n")
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(" ".join(para))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            flush()
            i += 1
            while i < len(lines) and not _FENCE.match(lines[i]):
                i += 1
            out.append(CODE_PHRASE)
        elif _is_indented_code(lines, i):
            flush()
            while i + 1 < len(lines) and _code_continues(lines[i + 1]):
                i += 1
            out.append(CODE_PHRASE)
        elif _is_table_start(lines, i):
            flush()
            header = _cells(line)
            rows: list[list[str]] = []
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(_cells(lines[i]))
                i += 1
            out.append(_table_text(header, rows))
            continue
        elif not line.strip() or _RULE.match(line):
            flush()
        elif m := _HEADING.match(line):
            flush()
            out.append(_sentence(_inline(m.group(1))))
        elif m := _BULLET.match(line):
            para.append(_sentence(_inline(m.group(1))))
        elif m := _QUOTE.match(line):
            flush()
            quoted = [m.group(1)]
            while i + 1 < len(lines) and (q := _QUOTE.match(lines[i + 1])):
                quoted.append(q.group(1))
                i += 1
            text = _inline(" ".join(quoted))
            if text:
                out.append(f"\u201c{text}\u201d")
        else:
            para.append(_inline(line))
        i += 1
    flush()
    return out


# --------------------------------------------------------------------------- inline

_ZERO_WIDTH = re.compile(r"&#x200[bB];|&#8203;|&nbsp;|[\u200b\u200c\u200d\ufeff]")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_BARE_URL = re.compile(r"(?<![\w/])(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_SPOILER = re.compile(r">!(.*?)!<")
_SUPER_PAREN = re.compile(r"\^\(([^)]*)\)")
_POWER = re.compile(r"(?<=\d)\^(?=\d)")
_SUPER = re.compile(r"(?<=\S)\^(?=\S)")
_STRIKE = re.compile(r"~~(.+?)~~")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_ITALIC_UNDER = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>^~&<])")
_SUB_USER = re.compile(r"(?<![\w/])/(r|u)/(\w)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_PLACEHOLDER = "\x00{}\x00"
_HELD = re.compile("\x00(\\d+)\x00")


def _inline(text: str, kept: list[str] | None = None) -> str:
    """Inline markdown to plain text: links, URLs, code, emphasis, spoilers, escapes.

    Pieces that must not be touched again (code, escaped characters, link phrases) are
    held in ``kept`` behind placeholders and restored at the end.
    """
    outer = kept is None
    kept = [] if kept is None else kept

    def hold(value: str) -> str:
        kept.append(value)
        return _PLACEHOLDER.format(len(kept) - 1)

    text = _ESCAPE.sub(lambda m: hold(m.group(1)), text)
    text = _INLINE_CODE.sub(lambda m: hold(m.group(2).strip()), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: hold(_link_text(m.group(1), m.group(2), kept)), text)
    text = _ANGLE_URL.sub(lambda m: hold(_link_phrase(m.group(1))), text)
    text = _BARE_URL.sub(lambda m: hold(_link_phrase(m.group(0))), text)
    text = _SPOILER.sub(r"\1", text)
    text = _SUPER_PAREN.sub(r"\1", text)
    text = _POWER.sub(" to the power of ", text)
    text = _SUPER.sub(" ", text).replace("^", "")
    text = _STRIKE.sub("", text)
    for _ in range(2):  # nested emphasis such as ***word***
        text = _BOLD.sub(r"\2", text)
        text = _ITALIC_STAR.sub(r"\1", text)
        text = _ITALIC_UNDER.sub(r"\1", text)
    text = _SUB_USER.sub(r"\1/\2", text)
    if not outer:
        return text
    while _HELD.search(text):  # held pieces may hold pieces
        text = _HELD.sub(lambda m: kept[int(m.group(1))], text)
    return _SPACES.sub(" ", text).strip()


def links_in(markdown: str, limit: int = 20) -> list[str]:
    """The URLs a markdown text links to (link targets and bare URLs), first ``limit``,
    each once: what the text points at, kept for the planner once the words drop them."""
    found = [m.group(2) for m in _LINK.finditer(markdown) if "://" in m.group(2)]
    found += [m.group(0) for m in _BARE_URL.finditer(_LINK.sub(" ", markdown))]
    return list(dict.fromkeys(u for u in found if "preview.redd.it" not in u))[:limit]


def _link_text(label: str, url: str, kept: list[str]) -> str:
    if _BARE_URL.fullmatch(label.strip()):
        return _link_phrase(url or label)
    label = _inline(label, kept) if label else ""
    if not label.strip():
        return _link_phrase(url or label)
    return label


def speakable_headings(markdown: str) -> list[str]:
    """The headings of a markdown text, in order, as :func:`speakable` writes them (each
    its own paragraph, ending in a full stop); headings inside code fences are skipped."""
    out: list[str] = []
    fenced = False
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            spoken = _SPACES.sub(" ", _sentence(_inline(m.group(1)))).strip()
            if spoken:
                out.append(spoken)
    return out


def speakable(markdown: str) -> str:
    """Reddit markdown -> plain text a host can read aloud.

    Paragraphs are separated by one blank line; code blocks become
    ``(code snippet omitted)``; bare URLs become ``a link to <domain>``.
    """
    # NUL marks held pieces in _inline: one in the source would never be restored
    text = markdown.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub(" ", text)
    paragraphs = [_SPACES.sub(" ", p).strip() for p in _blocks(text)]
    merged: list[str] = []
    for p in paragraphs:
        if p and not (p == CODE_PHRASE and merged and merged[-1] == CODE_PHRASE):
            merged.append(p)
    return "\n\n".join(merged)
