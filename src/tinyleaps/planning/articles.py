"""Articles and feed items as topic candidates: the gist from the body, sections as topics.

The gist is the first two sentences of the first paragraph that says something: not a
byline, a date line, a disclaimer ("opinions are my own"), a sponsor or affiliate note, a
table of contents or a "subscribe" line, and at least ``GIST_MIN_WORDS`` words. A long
article (``LONG_WORDS`` words or more) with two sections or more of ``SECTION_WORDS`` words
each becomes one candidate per section (named by its heading); otherwise the article is one
candidate. Either way the points are the strongest claims of the text (``claims.py``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..artifacts import KeyPoint, RundownSegment, SourceItem
from ..text.sentences import split_sentences
from .angles import angle_of
from .claims import strongest_claims

__all__ = ["article_candidates", "article_gist", "is_boilerplate"]

LONG_WORDS = 900
SECTION_WORDS = 120
GIST_MIN_WORDS = 15
POINTS = 4

_BOILERPLATE = re.compile(
    r"^(?:disclaimer|note|editor'?s note|update[sd]?|sponsored|advertisement|affiliate|"
    r"by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+)*(?:,|$| and| on)|posted (?:on|by)|published|"
    r"last updated|reading time|\d+ min(?:ute)?s? read|photo|image|credit|table of contents|"
    r"contents|share this|subscribe|follow (?:me|us)|all rights reserved|copyright|©|"
    r"tl;?dr:? ?$)|\b(?:opinions (?:expressed )?(?:here )?are (?:my|our) own|not (?:financial|"
    r"legal|investment) advice|this post (?:contains|was sponsored|is sponsored)|affiliate "
    r"links?|sign up for (?:my|our) newsletter|cookies?)\b", re.IGNORECASE)
_SKIP_SECTIONS = re.compile(
    r"^(?:references|bibliography|acknowledge?ments?|about (?:the|me|us)|disclaimer|"
    r"table of contents|contents|related (?:posts|articles|reading)|comments|footnotes|"
    r"further reading|links|appendix)\b", re.IGNORECASE)


def is_boilerplate(paragraph: str) -> bool:
    """A byline, date line, disclaimer, sponsor note, table of contents or the like."""
    return bool(_BOILERPLATE.search(paragraph.strip()))


def article_gist(paragraphs: list[str], skip: set[int] | None = None) -> str:
    """The first two sentences of the first paragraph that says something (module doc)."""
    skip = skip or set()
    for n, para in enumerate(paragraphs):
        text = " ".join(para.split())
        if n in skip or len(text.split()) < GIST_MIN_WORDS or is_boilerplate(text):
            continue
        return " ".join(split_sentences(text, keep_closers=True)[:2])[:400]
    return ""


def _paragraphs(item: SourceItem) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", item.text) if p.strip()]


def _sections(item: SourceItem, paras: list[str]) -> list[tuple[str, list[str]]]:
    """``(heading, paragraphs)`` of every section with enough words of its own."""
    marks = [(str(h), int(i)) for h, i in item.extra.get("sections") or []
             if isinstance(i, int) and 0 <= i < len(paras)]
    out = []
    for k, (heading, start) in enumerate(marks):
        end = marks[k + 1][1] if k + 1 < len(marks) else len(paras)
        body = [p for p in paras[start + 1:end] if not is_boilerplate(p)]
        if sum(len(p.split()) for p in body) >= SECTION_WORDS and not _SKIP_SECTIONS.match(heading):
            out.append((heading, body))
    return out


def _points(item: SourceItem, paras: list[str]) -> list[KeyPoint]:
    pieces = [replace(item, text=p) for p in paras if not is_boilerplate(p)]
    claims = strongest_claims(pieces, POINTS, per_item=POINTS)
    return [KeyPoint(source_id=item.id, author=item.author, text=c.text, role="post",
                     angle=angle_of(c.text)) for c in claims]


def article_candidates(item: SourceItem, score: float) -> list[RundownSegment]:
    """Candidates of one article or feed item (module docstring); ``score`` in 0..1."""
    paras = _paragraphs(item)
    words = len(item.text.split())
    sections = _sections(item, paras) if words >= LONG_WORDS else []
    base = RundownSegment(
        id=f"{item.kind}-{item.id.split(':')[-1]}", title=item.title, spoken_title=item.title,
        main_source=item.id, source_ids=[item.id], op=item.author, url=item.url,
        summary=article_gist(paras) or item.title, points=_points(item, paras), score=score,
        why=f"{item.kind.replace('_', ' ')} by {item.author}, {item.created}, {words} words",
    )
    if len(sections) < 2:
        return [base]
    out = []
    for n, (heading, body) in enumerate(sections, start=1):
        size = sum(len(p.split()) for p in body)
        out.append(replace(
            base, id=f"{base.id}-s{n}", title=f"{item.title}: {heading}", spoken_title=heading,
            summary=article_gist(body) or heading, points=_points(item, body),
            score=round(score * min(1.0, 0.6 + size / 1000), 4),
            why=f"section \u201c{heading}\u201d of \u201c{item.title}\u201d, {size} words",
        ))
    return out
