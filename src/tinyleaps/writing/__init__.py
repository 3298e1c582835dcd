"""Writers: a rundown in, a two-host script out."""

from __future__ import annotations

import logging

from .. import registry
from ..config import ShowConfig
from .base import WORDS_PER_MINUTE, WriteOptions, Writer

__all__ = ["WORDS_PER_MINUTE", "WriteOptions", "Writer", "choose_writer"]

log = logging.getLogger(__name__)


def choose_writer(writer_id: str, show: ShowConfig, options: WriteOptions) -> Writer:
    """``auto`` prefers the LLM writer when a model can run (embedded or ``--llm-url``),
    else the extractive writer. An explicit id is used as given."""
    if writer_id == "auto":
        llm = registry.backends("writer").get("llm")
        if llm is not None and llm.available(options):
            writer_id = "llm"
        else:
            log.info("no LLM available; using the extractive writer")
            writer_id = "extractive"
    cls = registry.get("writer", writer_id)
    return cls(show, options)  # type: ignore[no-any-return]
