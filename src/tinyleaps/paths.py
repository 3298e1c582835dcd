"""Where tinyleaps keeps user-level files. Override with environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def cache_dir(*parts: str) -> Path:
    """``$TINYLEAPS_CACHE_DIR`` or the platform user cache dir (``~/.cache/tinyleaps``)."""
    base = os.environ.get("TINYLEAPS_CACHE_DIR") or platformdirs.user_cache_dir("tinyleaps")
    p = Path(base).joinpath(*parts)
    p.mkdir(parents=True, exist_ok=True)
    return p


def config_dir(*parts: str) -> Path:
    """``$TINYLEAPS_CONFIG_DIR`` or the platform user config dir."""
    base = os.environ.get("TINYLEAPS_CONFIG_DIR") or platformdirs.user_config_dir("tinyleaps")
    return Path(base).joinpath(*parts)
