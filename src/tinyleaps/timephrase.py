"""The episode's "recorded at" moment, parsed and spoken."""

from __future__ import annotations

from datetime import datetime

from .errors import InputError


def parse_when(value: str | None) -> datetime:
    """Parse ``--when`` (ISO 8601). Default: now, in the local time zone. Naive → local."""
    if not value:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(
            f"--when {value!r}: not an ISO 8601 date-time (e.g. 2025-07-12T22:00:00-07:00)"
        ) from exc
    return moment if moment.tzinfo else moment.astimezone()


def part_of_day(moment: datetime) -> str:
    h = moment.hour
    if 5 <= h < 12:
        return "morning"
    if 12 <= h < 17:
        return "afternoon"
    if 17 <= h < 21:
        return "evening"
    return "night" if h >= 23 or h < 5 else "evening"


def spoken_clock(moment: datetime) -> str:
    """'10 PM', 'half past 9 AM', 'midnight': rounded to the nearest half hour."""
    minutes = moment.hour * 60 + moment.minute
    q = round(minutes / 30) * 30 % (24 * 60)
    hour, minute = divmod(q, 60)
    h12 = hour % 12 or 12
    ampm = "AM" if hour < 12 else "PM"
    if minute == 0:
        if hour == 0:
            return "midnight"
        if hour == 12:
            return "noon"
        return f"{h12} {ampm}"
    return f"half past {h12} {ampm}"


def spoken_moment(moment: datetime) -> str:
    """'a Saturday evening at around 10 PM'."""
    return f"a {moment.strftime('%A')} {part_of_day(moment)} at around {spoken_clock(moment)}"


def spoken_date(moment: datetime) -> str:
    """'Saturday, July 12th, 2025'."""
    d = moment.day
    suffix = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{moment.strftime('%A')}, {moment.strftime('%B')} {d}{suffix}, {moment.year}"
