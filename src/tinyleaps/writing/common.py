"""What every writer shares: the script skeleton built from a rundown and the show."""

from __future__ import annotations

from datetime import datetime

from ..artifacts import Host, Rundown, Script, ScriptSegment
from ..config import ShowConfig
from ..timephrase import spoken_date

INTRO_ID = "intro"
OUTRO_ID = "outro"


def episode_title(rundown: Rundown, show: ShowConfig) -> str:
    when = datetime.fromisoformat(rundown.recorded_at)
    first = rundown.segments[0].title if rundown.segments else "the day's threads"
    return f"{show.name}, {spoken_date(when)}: {first}"


def script_skeleton(rundown: Rundown, show: ShowConfig, writer: str) -> Script:
    """A script with hosts, segments (intro, one per rundown topic, outro) and the cited
    sources filled in, and no turns yet."""
    segments = [ScriptSegment(id=INTRO_ID, kind="intro", title="Welcome")]
    segments += [
        ScriptSegment(id=s.id, kind="topic", title=s.title, source_ids=list(s.source_ids))
        for s in rundown.segments
    ]
    segments.append(
        ScriptSegment(
            id=OUTRO_ID,
            kind="outro",
            title="Thanks and goodbye",
            source_ids=[s.main_source for s in rundown.segments],
        )
    )
    return Script(
        show=show.name,
        title=episode_title(rundown, show),
        recorded_at=rundown.recorded_at,
        language=show.language,
        hosts=[Host(name=h.name, voice=h.voice, persona=h.persona) for h in show.hosts],
        segments=segments,
        turns=[],
        sources=dict(rundown.sources),
        writer={"id": writer},
    )
