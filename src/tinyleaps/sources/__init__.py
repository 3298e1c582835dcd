"""Sources: turn SOURCE arguments into ``sources.json``."""

from __future__ import annotations

from pathlib import Path

from .. import registry
from ..artifacts import SourceItem, Sources
from ..errors import SourceError
from ..fsutil import not_special
from .base import IngestOptions, SourceBackend

__all__ = ["IngestOptions", "SourceBackend", "ingest", "backend_for"]


def backend_for(spec: str) -> SourceBackend:
    for cls in registry.backends("source").values():
        if cls.accepts(spec):
            return cls()  # type: ignore[no-any-return]
    if "://" not in spec and not spec.startswith("r/") and not Path(spec).exists():
        raise SourceError(f"{spec}: no such file or directory")
    raise SourceError(f"{spec}: not a source tinyleaps can read (see `tinyleaps episode --help`)")


def _expand(spec: str) -> list[str]:
    p = Path(spec)
    if "://" in spec or not p.is_dir():
        return [spec]
    files = sorted(str(f) for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
    accepted = [f for f in files if any(c.accepts(f) for c in registry.backends("source").values())]
    if not accepted:
        raise SourceError(f"{spec}: folder holds no readable source files")
    return accepted


def ingest(specs: list[str], options: IngestOptions | None = None) -> Sources:
    """Ingest every SOURCE; items with the same id are kept once (first wins)."""
    options = options or IngestOptions()
    items: dict[str, SourceItem] = {}
    for spec in specs:
        if not spec.strip():
            raise SourceError("'': an empty SOURCE (give a file, folder, URL or r/<sub>)")
        not_special(spec, "source file")  # a FIFO would hang the first read
        for one in _expand(spec):
            if options.progress:
                options.progress(one)
            for item in backend_for(one).ingest(one, options):
                items.setdefault(item.id, item)
    if not items:
        raise SourceError(f"{' '.join(specs)}: no usable posts, comments or text found")
    return Sources(sources=list(items.values()), inputs=list(specs))
