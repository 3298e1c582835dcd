"""The source backend interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..artifacts import SourceItem
from ..text.names import Names, load_names


@dataclass
class IngestOptions:
    """Per-run options for source backends (live fetch settings, progress)."""

    sort: str = "top"  # r/<sub> listing: hot | top | new
    time: str = "day"  # top listing window: day | week
    limit: int = 25  # threads fetched from a listing
    more_limit: int = 32  # `more` stubs expanded per thread (live fetch)
    user_agent: str | None = None
    asr_model: str | None = None  # audio sources: "base", "tiny.en" or a model folder
    transport: Any = None  # httpx transport; tests pass a replaying transport
    progress: Callable[[str], None] | None = None
    #: the recording's name for transcripts and audio (``--title``); else from the content
    title: str | None = None
    #: a show folder whose lexicon.toml [spellings] fix transcribed names (with the user's)
    lexicon_dir: Path | None = None
    _names: Names | None = field(default=None, repr=False, compare=False)

    def names(self) -> Names:
        """Model and company names with the user's spelling fixes (loaded once)."""
        if self._names is None:
            self._names = load_names(self.lexicon_dir)
        return self._names


def read_head(spec: str, size: int) -> bytes | None:
    """The first ``size`` bytes of a local file, or None for URLs, folders and unreadable
    or missing files: what every backend's ``accepts()`` sniffs."""
    path = Path(spec)
    if "://" in spec or not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return None


class SourceBackend(ABC):
    """Turns one SOURCE argument into normalized :class:`SourceItem` objects."""

    id: ClassVar[str]
    description: ClassVar[str] = ""

    @classmethod
    @abstractmethod
    def accepts(cls, spec: str) -> bool:
        """Cheap test: is ``spec`` (a path, URL or ``r/<sub>``) something this reads?"""

    @abstractmethod
    def ingest(self, spec: str, options: IngestOptions) -> list[SourceItem]:
        """Read ``spec``. Raise :class:`~tinyleaps.errors.SourceError` naming it on failure."""
