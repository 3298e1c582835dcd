"""The episode's "recorded at" moment, parsed and spoken."""

from __future__ import annotations

from datetime import date, datetime

from .errors import InputError

#: years ``--when`` accepts (the intro speaks the moment; dates far out overflow)
YEARS = (1970, 2999)
EXAMPLE = "2025-07-12T22:00:00-07:00"


def when_value(value: str) -> datetime:
    """``value`` (ISO 8601 date and time) as an aware datetime; naive → local time.
    ValueError saying why it is not one: a date alone has no time for the intro to
    speak ("live on a Saturday evening at around 10 PM")."""
    text = value.strip()
    if _is_date(text):
        raise ValueError(f"{value!r} is a date without a time of day; add one, e.g. "
                         f"{text}T22:00:00 or {EXAMPLE}")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date and time "
                         f"(e.g. {EXAMPLE})") from None
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ValueError(f"{value!r}: the year must be from {YEARS[0]} to {YEARS[1]}")
    if moment.tzinfo is None:
        try:
            moment = moment.astimezone()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"{value!r}: cannot place it in the local time zone; "
                             "add an offset such as +00:00") from None
    return moment


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_when(value: str | None) -> datetime:
    """Parse ``--when`` (see :func:`when_value`). Default: now, in the local time zone."""
    if not value:
        return datetime.now().astimezone()
    try:
        return when_value(value)
    except ValueError as exc:
        raise InputError(f"--when {exc}") from exc


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
