"""Tiny Leaps: turn what a community is talking about into a two-host podcast episode."""

from __future__ import annotations

from .artifacts import Episode, Rundown, Script, Sources
from .errors import (
    ArtifactError,
    BackendError,
    BackendUnavailable,
    CheckFailed,
    InputError,
    SourceError,
    TinyLeapsError,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Episode",
    "Rundown",
    "Script",
    "Sources",
    "TinyLeapsError",
    "InputError",
    "SourceError",
    "ArtifactError",
    "BackendError",
    "BackendUnavailable",
    "CheckFailed",
]
