"""Writers: a rundown in, a two-host script out."""

from __future__ import annotations

import logging

from .. import registry
from ..config import ShowConfig
from .base import WORDS_PER_MINUTE, WriteOptions, Writer

__all__ = ["WORDS_PER_MINUTE", "WriteOptions", "Writer", "choose_writer"]

log = logging.getLogger(__name__)


def choose_writer(writer_id: str, show: ShowConfig, options: WriteOptions) -> Writer:
    """Pick the writer. ``auto`` uses the LLM writer when the user named a model
    (``--llm-url`` or ``--llm-model``) and it can run, else the extractive writer.

    The bundled 1.5B model is opt-in (``--writer llm``): measured on the demo it still
    invents first-hand experience and repeats itself, which the extractive writer never
    does (see docs/benchmarks.md, "LLM writer").
    """
    if writer_id == "auto":
        llm = registry.backends("writer").get("llm")
        wants_llm = bool(options.llm_url or options.llm_model)
        if wants_llm and llm is not None and llm.available(options):
            writer_id = "llm"
        else:
            if wants_llm:
                log.warning("the LLM named by --llm-url/--llm-model is not reachable; "
                            "using the extractive writer")
            writer_id = "extractive"
    cls = registry.get("writer", writer_id)
    return cls(show, options)  # type: ignore[no-any-return]
