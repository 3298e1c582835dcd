"""TF-IDF: term weights over a set of documents, as sparse vectors or a dense matrix.

Planning compares stories by their weighted terms (:func:`tfidf`, :func:`cosine`); the
long-form segmenter compares a transcript's blocks as rows of a matrix (:func:`matrix`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

Vector = dict[str, float]


def tfidf(weights: Sequence[Mapping[str, float]], smooth: bool = True) -> list[Vector]:
    """L2-normalized vectors: each term's weight times its inverse document frequency
    over the documents given, ``ln((1 + n) / (1 + df))``, plus one when ``smooth`` (a
    term every document has still counts)."""
    n = len(weights)
    df: Counter[str] = Counter()
    for doc in weights:
        df.update(doc.keys())
    plus = 1.0 if smooth else 0.0
    vectors: list[Vector] = []
    for doc in weights:
        vec = {t: w * (math.log((1 + n) / (1 + df[t])) + plus) for t, w in doc.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def term_counts(words: Sequence[str]) -> Vector:
    """Sublinear term frequency: ``1 + ln(count)`` for each word."""
    return {w: 1 + math.log(c) for w, c in Counter(words).items()}


def matrix(vectors: Sequence[Vector]) -> tuple[np.ndarray, list[str]]:
    """The vectors as rows of a float32 matrix, and its vocabulary (the columns, sorted)."""
    vocab = sorted({t for vec in vectors for t in vec})
    index = {t: i for i, t in enumerate(vocab)}
    mat = np.zeros((len(vectors), len(vocab)), dtype=np.float32)
    for row, vec in enumerate(vectors):
        for t, v in vec.items():
            mat[row, index[t]] = v
    return mat, vocab


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two L2-normalized sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
