"""One exception tree for the whole package.

Library code raises these (converting lower-level errors with ``raise ... from exc``);
only the CLI turns them into a one-line message and an exit status.
"""

from __future__ import annotations


class TinyLeapsError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class InputError(TinyLeapsError):
    """Bad user input: a source, option or file that cannot be used. Exit status 2.

    The message names the file/URL and what is wrong, e.g.
    ``threads/abc.json: not a Reddit response (expected a Listing)``.
    """

    exit_code = 2


class SourceError(InputError):
    """A source could not be read or fetched (missing file, HTTP 404/403/429/5xx...)."""


class ArtifactError(InputError):
    """A pipeline artifact (sources.json, rundown.json, script.json...) is invalid."""


class BackendError(TinyLeapsError):
    """A backend (LLM, TTS, ffmpeg) failed in a way the pipeline cannot recover from."""


class BackendUnavailable(BackendError):
    """A backend cannot run here (package missing, server down, model not found)."""

    exit_code = 2


class Busy(TinyLeapsError):
    """Another run holds the lock of the folder this run would write. Exit status 75
    (EX_TEMPFAIL: try again later)."""

    exit_code = 75


class CheckFailed(TinyLeapsError):
    """``tinyleaps check`` found a violation. Exit status 1."""

    exit_code = 1
