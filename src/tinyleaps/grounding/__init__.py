"""Grounding: what a script may say about its sources, and who it must credit.

Planning (who led a topic), writing (how to credit a person, which names a line may
use) and ``tinyleaps check`` (the report) all apply these rules; they depend on this
package, never on each other for it.

* :mod:`.kinds`: source kinds (which start a thread, which name people by name);
* :mod:`.people`: handles, names, anonymous authors, a topic's original poster;
* :mod:`.voice`: whose voice a host's line speaks in (their own opinion, or the poster's);
* :mod:`.rules`: the script rules, as :class:`Problem` lines (``check_script``).
"""

from .people import (
    credit,
    credited_names,
    credits,
    find_handles,
    is_anonymous,
    is_handle,
    main_speaker,
    segment_op,
    segment_op_ids,
)
from .rules import MIN_HOST_SHARE, Problem, check_script, check_segment

__all__ = [
    "MIN_HOST_SHARE",
    "Problem",
    "check_script",
    "check_segment",
    "credit",
    "credited_names",
    "credits",
    "find_handles",
    "is_anonymous",
    "is_handle",
    "main_speaker",
    "segment_op",
    "segment_op_ids",
]
