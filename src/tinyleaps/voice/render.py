"""Voicing while the writer writes: each finished segment is voiced in the background
(:class:`SegmentPrefetcher`); the lines land in the TTS cache, so the voice stage that
follows (:mod:`tinyleaps.audio.episode`) only assembles and masters them.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from ..artifacts import Script
from ..config import ShowConfig

log = logging.getLogger(__name__)

#: TTS threads voicing finished segments while the model still writes (measured:
#: docs/benchmarks.md, "Speed")
PREFETCH_WORKERS = 1


class SegmentPrefetcher:
    """``on_segment`` callback for writers: voice each finished segment in the background.

    Segments are voiced in order while the writer goes on, by ``workers`` threads (one by
    default: on two cores the other belongs to the model, docs/benchmarks.md "Speed");
    the results fill the TTS line cache. Failures are logged and left for the voice
    stage, which retries and falls back per line. ``first_audio`` is when the first line
    was voiced (``time.monotonic()``), None until then.
    """

    def __init__(self, show: ShowConfig, workers: int = PREFETCH_WORKERS) -> None:
        self.show = show
        self.workers = workers
        self.first_audio: float | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch")
        self._futures: list[Future[None]] = []
        self._lock = threading.Lock()

    def __call__(self, script: Script, segment_id: str) -> None:
        part = replace(script, turns=[t for t in script.turns if t.segment == segment_id])
        with self._lock:
            self._futures.append(self._pool.submit(self._voice, part))

    def _voice(self, part: Script) -> None:
        from .synth import synthesize_lines

        try:
            synthesize_lines(part, self.show, workers=self.workers, progress=self._line_done)
        except Exception as exc:  # the voice stage redoes the line and reports properly
            log.warning("background voicing failed: %s", exc)

    def _line_done(self, message: str, done: int | None = None,
                   total: int | None = None) -> None:
        if self.first_audio is None:
            self.first_audio = time.monotonic()

    def finish(self) -> None:
        """The writer is done: drop the segments not started (the voice stage voices them
        with every core) and wait for the one being voiced."""
        with self._lock:
            for fut in self._futures:
                fut.cancel()
        self._pool.shutdown(wait=True)

    def wait(self) -> None:
        for fut in list(self._futures):
            fut.result()
        self._pool.shutdown(wait=True)
