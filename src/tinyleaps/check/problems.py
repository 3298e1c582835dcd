"""What a check reports: one row of ``tinyleaps check`` (the rules' own
:class:`~tinyleaps.grounding.Problem` lines are folded into these rows)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckRow:
    """One row of ``tinyleaps check`` output."""

    name: str
    status: str  # "pass" | "fail" | "skip" | "warn" (reported, never a failure)
    detail: str = ""
