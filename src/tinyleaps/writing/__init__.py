"""Writers: a rundown in, a two-host script out."""

from __future__ import annotations

import logging

from .. import registry
from ..config import ShowConfig
from .base import Writer
from .llm.options import LLM_STYLES, LLMOptions, llm_options
from .options import WORDS_PER_MINUTE, WriteOptions

__all__ = ["LLM_STYLES", "WORDS_PER_MINUTE", "LLMOptions", "WriteOptions", "Writer",
           "choose_writer", "llm_options", "release_models"]

log = logging.getLogger(__name__)


def choose_writer(writer_id: str, show: ShowConfig, options: WriteOptions) -> Writer:
    """Pick the writer. ``auto`` prefers the LLM writer whenever it can run: the model
    the user named (``--llm-url`` answers, or ``--llm-model`` is a GGUF file that exists),
    or, with no model named, the bundled model when it is installed or can be assembled.
    Otherwise it uses the extractive writer, with a warning when the user named a model
    that is not reachable.
    """
    if writer_id == "auto":
        llm = registry.backends("writer").get("llm")
        named = bool(options.llm.url or options.llm.model)
        if llm is not None and llm.available(options):
            writer_id = "llm"
        else:
            if named:
                log.warning("the LLM named by --llm-url/--llm-model is not reachable; "
                            "using the extractive writer")
            writer_id = "extractive"
    cls = registry.get("writer", writer_id)
    return cls(show, options)  # type: ignore[no-any-return]


def release_models() -> None:
    """Free the models a writer loaded in this process (llama.cpp's servers): the episode
    pipeline calls it once the script is written, so the voice stage has the memory."""
    from .llm.llamacpp import unload_all

    unload_all()
