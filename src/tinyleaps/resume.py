"""How the pipeline resumes: each stage records a fingerprint of its inputs (and its
wall time) in the episode folder's ``.tinyleaps/state.json``; a stage whose outputs exist
and whose fingerprint is unchanged is not run again."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .fsutil import atomic_write_json, sha256_file

STATE_FILE = Path(".tinyleaps") / "state.json"


class StageLog:
    """Per-stage wall times and fingerprints, persisted in the episode folder."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_FILE
        self.state: dict[str, Any] = read_json_object(self.path)
        if not isinstance(self.state.get("stages"), dict):
            self.state["stages"] = {}
        self.times: dict[str, float] = {}

    def fresh(self, stage: str, fingerprint: str, outputs: list[Path]) -> bool:
        rec = self.state["stages"].get(stage)
        if not isinstance(rec, dict) or rec.get("fingerprint") != fingerprint:
            return False
        if not all(p.is_file() for p in outputs):
            return False
        seconds = rec.get("seconds")
        self.times[stage] = float(seconds) if isinstance(seconds, int | float) else 0.0
        return True

    @contextmanager
    def run(self, stage: str, fingerprint: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        seconds = round(time.perf_counter() - start, 3)
        self.times[stage] = seconds
        self.state["stages"][stage] = {"fingerprint": fingerprint, "seconds": seconds}
        self.save()

    def save(self) -> None:
        atomic_write_json(self.path, self.state)


def read_json_object(path: Path) -> dict[str, Any]:
    """A JSON object file we wrote ourselves (state, voice info); {} when it is missing,
    unreadable or was tampered with, so the stage that wrote it runs again."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def fingerprint(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            h.update(_file_digest(part).encode())
        else:
            h.update(json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


def _file_digest(path: Path) -> str:
    if path.is_dir():
        return fingerprint(*sorted((p.name, p) for p in path.iterdir() if p.is_file()))
    if not path.is_file():
        return "missing"
    return sha256_file(path)


def spec_fingerprint(specs: list[str]) -> list[Any]:
    """The SOURCE arguments, each local file or folder with its contents' digest."""
    out: list[Any] = []
    for spec in specs:
        p = Path(spec)
        out.append([spec, _file_digest(p)] if "://" not in spec and p.exists() else spec)
    return out
