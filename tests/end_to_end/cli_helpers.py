"""Helpers for tests that run the real command line and judge its failures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tinyleaps.cli import main

WHEN = "2025-07-12T22:00:00-07:00"
NO_AUDIO = ("--no-audio", "--writer", "extractive", "--when", WHEN)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``tinyleaps ARGS`` in this process: exit status, stdout, stderr."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*args: object, timeout: float = 60) -> tuple[int, str, str]:
    """``tinyleaps ARGS`` in a child process (for runs that could hang: a test fails
    after ``timeout`` seconds instead of blocking the suite)."""
    proc = subprocess.run([sys.executable, "-m", "tinyleaps", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def error_line(err: str) -> str:
    """The one line a failed run printed: nothing before it, no traceback."""
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one error line, got:\n{err}"
    assert lines[0].startswith("tinyleaps: error: "), err
    assert "Traceback" not in err and "internal error" not in err, err
    return lines[0]


def fails_cleanly(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run ``tinyleaps ARGS``, assert exit status 2 and one error line; return the line."""
    code, _out, err = run_cli(capsys, *args)
    line = error_line(err)
    assert code == 2, (code, line)
    return line


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """``chattr +i path`` for the block: nothing can be created, renamed or removed in it,
    even by root (a read-only mount seen from inside). Skips where chattr cannot."""
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)],
                                        capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield path
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)
