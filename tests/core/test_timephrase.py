"""The intro speaks the --when moment the way a host would say it."""

from __future__ import annotations

import pytest

from tinyleaps.errors import InputError
from tinyleaps.timephrase import parse_when, spoken_date, spoken_moment


@pytest.mark.parametrize(
    ("when", "spoken"),
    [
        ("2025-07-12T22:00:00-07:00", "a Saturday evening at around 10 PM"),
        ("2025-07-12T21:50:00-07:00", "a Saturday evening at around 10 PM"),
        ("2025-07-14T09:31:00+02:00", "a Monday morning at around half past 9 AM"),
        ("2025-07-15T14:10:00+00:00", "a Tuesday afternoon at around 2 PM"),
        ("2025-07-15T23:50:00+00:00", "a Tuesday night at around midnight"),
    ],
)
def test_spoken_moment(when: str, spoken: str) -> None:
    assert spoken_moment(parse_when(when)) == spoken


def test_spoken_date_has_ordinal() -> None:
    assert spoken_date(parse_when("2025-07-22T10:00:00+00:00")) == "Tuesday, July 22nd, 2025"


def test_bad_when_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--when 'yesterday'"):
        parse_when("yesterday")


def test_naive_when_gets_local_offset() -> None:
    assert parse_when("2025-07-12T22:00:00").utcoffset() is not None
