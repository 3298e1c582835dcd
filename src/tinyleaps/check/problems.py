"""What a check reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One violation. ``rule`` is a short stable id (``empty-turn``, ``invented-handle``,
    ``unknown-speaker``, ``op-not-credited``, ``outro-missing-op``, ``uncited-topic``,
    ``unknown-source``, ``host-share``); ``message`` is one line a human (or an LLM being
    asked to repair its output) can act on."""

    rule: str
    message: str
    segment: str | None = None
    turn: int | None = None  # index into Script.turns

    def __str__(self) -> str:
        already = self.message.startswith("turn ")
        where = f"turn {self.turn + 1}: " if self.turn is not None and not already else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class CheckRow:
    """One row of ``tinyleaps check`` output."""

    name: str
    status: str  # "pass" | "fail" | "skip" | "warn" (reported, never a failure)
    detail: str = ""
