"""Cleaning text for the ear: links, markdown, emoji, tags and afterthoughts out.

What every stage that reads source text needs before it can be said aloud: markdown
links become their words and bare URLs go (or leave a :data:`LINK_MARK` until the
sentence around them is mended), emoji and pictographs are dropped, ``[Tag]`` brackets
and runs of ``!!!`` leave titles, "Edit:" afterthoughts are cut.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
#: a link the source backend already made speakable ("a link to github.com")
SPOKEN_LINK = re.compile(r"\ba link to (?:[\w-]+\.)+[a-z]{2,}\b[/\w.-]*", re.IGNORECASE)
LINK_MARK = "\u2060\u00a4\u2060"  # where a link was, until its sentence is mended
_LABEL = r"[A-Z][\w']*(?: [\w']+){0,3}:"
_EMPTY_LABEL = re.compile(rf"(?:(?<=^)|(?<=[.!?:] )){_LABEL}\s*(?:[.;,]|$|(?={_LABEL}))")
#: where an afterthought starts: "Edit:", "EDIT 2:", "Update -", "ETA:"
_EDIT = re.compile(r"(?:^|(?<=\s)|(?<=[.!?]))\(?(?:edit|update|eta)\b\s*\d*\s*[:\-]", re.IGNORECASE)
MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_BRACKET_TAG = re.compile(r"\[[^\]]{0,40}\]")
_BARE_LABEL = re.compile(r"^[-*•\d.)\s]*[\w ]{0,30}:?\s*$")
_REPEATED_PUNCT = re.compile(r"([!?.,])\1+")
_INVISIBLE = "\u200d\ufe0f\ufe0e"  # zero-width joiner, emoji/text variation selectors


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and trim."""
    return " ".join(text.split())


def strip_emoji(text: str) -> str:
    """Drop emoji, pictographs and other symbol characters (and the joiners and skin
    tones that build them); keep letters and punctuation."""
    if text.isascii():
        return text
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Cs", "Co") or ch in _INVISIBLE or ord(ch) >= 0x1F000:
            continue
        kept.append(ch)
    return "".join(kept)


@lru_cache(maxsize=50_000)
def clean_prose(text: str, mark_links: bool = False) -> str:
    """Speakable plain text: markdown links → their words, bare URLs removed (or left as
    ``LINK_MARK`` when ``mark_links``), emoji and quote markers dropped, whitespace
    collapsed."""
    hole = f" {LINK_MARK} " if mark_links else " "
    text = MD_LINK.sub(lambda m: m.group(1), text)
    text = URL.sub(hole, text)
    text = SPOKEN_LINK.sub(hole, text)
    text = _EMPTY_LABEL.sub(" ", " ".join(text.split()))  # "Model: ." once its link is gone
    text = re.sub(r">{2,}\s*|(?<=[\"“'‘(])\s*>\s*", "", text)  # ">> quoted" markers
    text = re.sub(r"^\s*>+\s?", "", text, flags=re.MULTILINE)
    text = re.sub(r"[*`#~]{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)", "", text)
    text = strip_emoji(text)
    text = re.sub(r"\s+([”’])", r"\1", text)  # a quote's emoji is gone: "done! ✅”"
    return " ".join(text.split())


def spoken_title(title: str) -> str:
    """A thread title a host can read out: no emoji, no ``[Tag]`` brackets, no runs of
    ``!!!!``, whitespace collapsed. Model names are left for the voice layer."""
    text = strip_emoji(title)
    text = _BRACKET_TAG.sub(" ", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = re.sub(r"([!?])(?=\w)", r"\1 ", text)
    text = " ".join(text.split()).strip(" -–—:|,;")
    return text or " ".join(strip_emoji(title).split())


def without_edits(text: str) -> str:
    """``text`` up to its first "Edit:"/"Update:" afterthought (all of it when the edit
    comes first: then the edit is the comment)."""
    match = _EDIT.search(text)
    if match is None or not text[: match.start()].strip(" (\n"):
        return text
    return text[: match.start()].rstrip(" (\n")


def clean_prose_keep_lines(text: str, mark_links: bool = False) -> str:
    """Like :func:`clean_prose` but keeps paragraph breaks (they end sentences) and drops
    lines left as a bare label once their link is gone ("- Model:")."""
    paras = re.split(r"\n\s*\n", text)
    out = []
    for para in paras:
        lines = [clean_prose(line, mark_links) for line in para.splitlines()]
        lines = [ln for ln in lines if ln and not _is_bare_label(ln)]
        if lines:
            out.append(" ".join(lines))
    return "\n\n".join(out)


def _is_bare_label(line: str) -> bool:
    """A line that was a label for a link that is gone: "- Model:", "Github: <link>"."""
    words = line.replace(LINK_MARK, " ").strip()
    if _BARE_LABEL.match(words) and words.endswith(":"):
        return True
    return LINK_MARK in line and len(words.split()) <= 3 and bool(_BARE_LABEL.match(words))


#: words a sentence cannot end on: its object was the link that is gone ("GGUFs are at")
_DANGLING = frozenset("""at here on to from via see in is are was the a an of for with by
    and or check out under into onto this these our my your their its over""".split())


def mend_link_holes(sentence: str) -> list[str]:
    """Sentences left once the links of ``sentence`` are gone: a link followed by a new
    capitalised sentence ends the one before; a part that ends on a word whose object was
    the link ("GGUFs are at") is dropped, and so is a sentence with a hole in its middle
    ("I used to test it" would say something else)."""
    if LINK_MARK not in sentence:
        return [sentence]
    out: list[str] = []
    parts = [p.strip() for p in sentence.split(LINK_MARK)]
    for n, part in enumerate(parts):
        nxt = parts[n + 1] if n + 1 < len(parts) else ""
        if nxt and nxt[:1].islower() and nxt[:1].isalpha():
            return out  # a hole in the middle of a sentence: the rest cannot be trusted
        words = part.rstrip(" .,:;!?-").split()
        if not words or words[-1].lower() in _DANGLING or part.endswith(":"):
            continue  # "GGUFs are at", "Model:": what they pointed at is gone
        out.append(part if part[-1:] in ".!?…" else part.rstrip(" ,:;-") + ".")
    return out
