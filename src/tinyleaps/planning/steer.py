"""Steering: ``--focus`` themes weigh topics up, ``--exclude`` themes drop them.

A theme ("quantization", "local hardware") matches a candidate topic by its words or its
meaning: ``match = max(words, meaning)`` where ``words`` is the share of the theme's words
found in the topic's title, gist and points, each word weighted by how rare it is among
the day's topics ("local" says little on r/LocalLLaMA, "hardware" a lot; a few acronyms
count as their words: TTS is text to speech), and ``meaning`` is the cosine of the bundled
embedding model's query vector of the theme with the topic's title and gist, rescaled so
that ``MEANING_FLOOR`` counts 0 and ``MEANING_FULL`` counts 1. Then::

    score *= 1 + FOCUS_WEIGHT * best match over the focus themes
    score += 1 when that match >= FOCUS_AT      # on-theme topics come first
    dropped when the best match over the exclude themes >= EXCLUDE_AT

Only the ``EMBED_TOPICS`` best candidates are embedded (titles are cheap, but a day has
a hundred stories); the rest are matched by their words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..config import theme_list
from ..text.clean import clean_prose
from ..text.words import singular, tokens
from .embed import Embedder

__all__ = ["Steering", "Topic", "theme_list", "steer"]

FOCUS_WEIGHT = 1.5
FOCUS_AT = 0.5
EXCLUDE_AT = 0.6
MEANING_FLOOR = 0.81
MEANING_FULL = 0.87
EMBED_TOPICS = 24
#: acronyms said for the words of a theme
ACRONYMS = {"tts": "text to speech", "asr": "speech recognition", "stt": "speech to text",
            "moe": "mixture of experts", "rag": "retrieval augmented generation",
            "vram": "gpu memory", "gpu": "graphics card", "llm": "language model",
            "quant": "quantization", "quants": "quantization", "gguf": "quantization"}



@dataclass
class Steering:
    """Themes to favour and to leave out (``--focus``, ``--exclude``, show.toml)."""

    focus: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.focus or self.exclude)


@dataclass
class Topic:
    """What steering reads of a candidate: its words, and its score to change."""

    title: str
    text: str  # title, gist and points
    score: float
    match_focus: float = 0.0
    match_exclude: float = 0.0


def _words(text: str) -> set[str]:
    found = {singular(t) for t in tokens(clean_prose(text))}
    for short, long in ACRONYMS.items():
        if short in found:
            found |= {singular(t) for t in tokens(long)}
    return found


def word_match(theme: str, words: set[str], rarity: dict[str, float]) -> float:
    """Share of the theme's words among ``words``, each weighted by its ``rarity``."""
    wanted = {singular(t) for t in tokens(clean_prose(theme))}
    total = sum(rarity.get(w, 1.0) for w in wanted)
    return sum(rarity.get(w, 1.0) for w in wanted & words) / total if total else 0.0


def _rarity(texts: list[set[str]]) -> dict[str, float]:
    """Inverse document frequency of every word over the topics, scaled to 0..1."""
    n = len(texts)
    df: dict[str, int] = {}
    for words in texts:
        for w in words:
            df[w] = df.get(w, 0) + 1
    top = np.log(1 + n) or 1.0
    return {w: float(np.log((1 + n) / c)) / top for w, c in df.items()}


def steer(
    topics: list[Topic], steering: Steering, query: Embedder | None, passage: Embedder | None
) -> list[Topic]:
    """Weigh ``topics`` by the focus themes and drop those matching an exclude theme (module
    docstring); returns the topics kept, scores changed."""
    if not steering:
        return topics
    ranked = sorted(range(len(topics)), key=lambda k: -topics[k].score)[:EMBED_TOPICS]
    themes = steering.focus + steering.exclude
    meaning = _meanings(topics, ranked, themes, query, passage)
    words = [_words(t.text) for t in topics]
    rarity = _rarity(words)
    n_focus = len(steering.focus)
    for k, topic in enumerate(topics):
        scores = [max(word_match(t, words[k], rarity), meaning.get((k, j), 0.0))
                  for j, t in enumerate(themes)]
        topic.match_focus = max(scores[:n_focus], default=0.0)
        topic.match_exclude = max(scores[n_focus:], default=0.0)
        topic.score *= 1 + FOCUS_WEIGHT * topic.match_focus
        topic.score += 1.0 if topic.match_focus >= FOCUS_AT else 0.0
    kept = [t for t in topics if t.match_exclude < EXCLUDE_AT]
    best = max((t.score for t in kept), default=1.0) or 1.0
    for topic in kept:
        topic.score = round(topic.score / best, 4)
    return kept


def _meanings(topics: list[Topic], ranked: list[int], themes: list[str],
              query: Embedder | None, passage: Embedder | None) -> dict[tuple[int, int], float]:
    if query is None or passage is None or not themes or not ranked:
        return {}
    q = query(themes)
    p = passage([" ".join(topics[k].text.split()[:48]) for k in ranked])
    sims = p @ q.T
    span = MEANING_FULL - MEANING_FLOOR
    return {(k, j): float(min(1.0, max(0.0, (sims[r, j] - MEANING_FLOOR) / span)))
            for r, k in enumerate(ranked) for j in range(len(themes))}
