"""Files on disk: atomic writes (a temp file in the same folder, fsync, rename), folders
created for a run and removed again when it fails before writing anything, regular-file
checks for user files, and paths an artifact names kept inside their folder.

Every OS error while writing becomes an :class:`~tinyleaps.errors.InputError` naming
the file we meant to write (never the temp file), so an output folder that cannot be
written is one clear error line, exit status 2.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import stat
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import Busy, InputError

#: Temp files of atomic writes start with this, so a run can tell its leftovers (after a
#: kill -9) from the user's own dot-files.
TEMP_PREFIX = ".tinyleaps-tmp-"

def file_mode() -> int:
    """The mode a new file gets from ``open()`` under the process umask (0644 under 022).

    ``mkstemp`` creates 0600 files; atomic writes chmod their temp file to this, so an
    episode folder reads like any other program's output."""
    return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux: read it without changing it
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


def write_error(path: Path, exc: OSError) -> InputError:
    """One line for a failed write: the file we meant to write and why."""
    return InputError(f"{path}: cannot write ({exc.strerror or exc})")


def make_dirs(path: str | os.PathLike[str]) -> Path:
    """``mkdir -p path``; an InputError naming ``path`` when it cannot be made."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise InputError(f"{p}: exists and is not a folder") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot create the folder ({exc.strerror or exc})") from exc
    return p


@contextmanager
def run_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Create ``path`` (and missing parents) for a run; if the run fails, the folders it
    created are removed again as long as nothing was written into them."""
    p = Path(path)
    missing = [d for d in (p, *p.parents) if not d.exists()]
    make_dirs(p)
    try:
        yield p
    except BaseException:
        for d in missing:  # deepest first
            try:
                d.rmdir()
            except OSError:
                break
        raise


@contextmanager
def folder_lock(folder: Path, what: str = "run") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` itself (flock on the folder, no lock file to
    leave behind); :class:`Busy` when another process holds it. A killed run's lock goes
    with its process."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise InputError(f"{folder}: cannot open the folder ({exc.strerror or exc})") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise Busy(f"{folder}: another tinyleaps {what} is writing this folder; "
                       "try again when it has finished") from exc
        yield
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: str | os.PathLike[str], suffix: str = "") -> Iterator[Path]:
    """Yield a temp path next to ``path``; on success it is renamed over ``path``.

    Use it for files written by other programs (ffmpeg). On an exception the temp file
    is removed and ``path`` keeps whatever it held before.
    """
    target = Path(path)
    make_dirs(target.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.",
                                   suffix=suffix or target.suffix, dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise write_error(target, exc) from exc
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.chmod(tmp_path, file_mode())
            os.replace(tmp_path, target)
        except OSError as exc:
            raise write_error(target, exc) from exc
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    target = Path(path)
    with atomic_path(target) as tmp:
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise write_error(target, exc) from exc
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: str | os.PathLike[str], data: Any) -> Path:
    return atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def remove_temp_files(folder: Path) -> list[Path]:
    """Delete the temp files atomic writes left in ``folder`` (and its ``.tinyleaps``)
    when a run was killed; call it only while holding the folder's lock."""
    removed = []
    for d in (folder, folder / ".tinyleaps"):
        for p in d.glob(f"{TEMP_PREFIX}*") if d.is_dir() else []:
            try:
                p.unlink()
            except OSError:
                continue
            removed.append(p)
    return removed


# --------------------------------------------------------------------------- reading


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_text(path: str | os.PathLike[str], error: type[InputError] = InputError,
              missing: str = "file not found", encoding: str = "utf-8") -> str:
    """The text of a file a user named; otherwise ``error`` naming the file and the problem
    (``missing``, a folder, not UTF-8, or why the system would not read it)."""
    with _reading(Path(path), error, missing) as p:
        return p.read_text(encoding=encoding)


def read_json(path: str | os.PathLike[str], error: type[InputError] = InputError,
              encoding: str = "utf-8") -> Any:
    """The JSON value of a file a user named; ``error`` as :func:`read_text` and
    :func:`json_value` say otherwise."""
    return json_value(read_text(path, error, encoding=encoding), str(Path(path)), error)


def json_value(text: str, where: str, error: type[InputError] = InputError) -> Any:
    """``text`` parsed as JSON; ``error`` naming ``where`` and the line otherwise."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{where}: invalid JSON at line {exc.lineno} column {exc.colno}: "
                    f"{exc.msg}") from exc
    except RecursionError as exc:
        raise error(f"{where}: JSON nested too deeply") from exc


@contextmanager
def _reading(p: Path, error: type[InputError], missing: str) -> Iterator[Path]:
    try:
        yield p
    except FileNotFoundError as exc:
        raise error(f"{p}: {missing}") from exc
    except IsADirectoryError as exc:
        raise error(f"{p}: is a folder, not a file") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{p}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise error(f"{p}: cannot read ({exc.strerror or exc})") from exc


def regular_file(path: str | os.PathLike[str], what: str = "file",
                 error: type[InputError] = InputError) -> Path:
    """``path`` when it is a regular file (symlinks followed); ``error`` otherwise.

    Call it before opening a file a user named: opening a FIFO blocks until someone
    writes to it, and a device never ends."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        raise error(f"{p}: no such {what}") from exc
    except OSError as exc:
        raise error(f"{p}: cannot read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{p}: is a folder, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{p}: not a regular file (a FIFO, socket or device); "
                    f"give a {what} on disk")
    return p


def not_special(spec: str, what: str = "file") -> None:
    """InputError when ``spec`` names a local FIFO, socket or device (folders, regular
    files, URLs and missing paths pass: their own errors are clearer)."""
    p = Path(spec)
    if "://" in spec:
        return
    try:
        st = p.stat()
    except (OSError, ValueError):
        return
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        regular_file(p, what)


def inside(folder: Path, name: str, where: str,
           error: type[InputError] = InputError) -> Path:
    """``folder / name`` after checking it resolves inside ``folder`` (symlinks followed).

    ``name`` comes from an artifact, or is a fixed name that a symlink could redirect;
    ``where`` says which file (and key) named it. The error tells only what the folder
    says, nothing about the file it points at (not even whether it exists)."""
    if not name or "\x00" in name or Path(name).is_absolute():
        raise error(f"{where}: {name!r} is not a file name inside {folder}")
    try:
        root, target = folder.resolve(), (folder / name).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise error(f"{where}: {name!r} cannot be resolved inside {folder}") from exc
    if target == root or not target.is_relative_to(root):
        raise error(f"{where}: {name!r} points outside the folder {folder}")
    return folder / name


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, default: str = "untitled", max_len: int = 80) -> str:
    """A file name derived from untrusted text: ASCII, no separators, no dot-files."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("-", ascii_name).strip("-._")
    return (cleaned[:max_len].rstrip("-._") or default).lower()
