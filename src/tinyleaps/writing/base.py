"""The writer interface: a rundown in, a script out."""

from __future__ import annotations

from abc import ABC
from typing import ClassVar

from ..artifacts import Rundown, Script
from ..config import ShowConfig
from .beatplan import plan_beats
from .beats import BeatPlan
from .options import WriteOptions


class Writer(ABC):
    id: ClassVar[str]
    description: ClassVar[str] = ""

    def __init__(self, show: ShowConfig, options: WriteOptions) -> None:
        self.show = show
        self.options = options

    @classmethod
    def available(cls, options: WriteOptions) -> bool:
        """Can this writer run here now (model present, server reachable)?"""
        return True

    def plan(self, rundown: Rundown) -> BeatPlan:
        """The beat plan for ``rundown`` (:mod:`.beatplan`): the same for every writer."""
        return plan_beats(rundown, self.show.hosts, self.show.name, self.options)

    def write(self, rundown: Rundown) -> Script:
        """Write the whole show from ``rundown``."""
        return self.write_plan(self.plan(rundown))

    def write_plan(self, plan: BeatPlan) -> Script:
        """Fill in every beat's words. The result must pass the script checks. (A plugin
        writer may override :meth:`write` instead and ignore the beats.)"""
        raise NotImplementedError(f"the {self.id} writer writes from a rundown only")
