"""What the scripted fake model answers in the writer tests (no tests here): a good line
for two of ``sample_rundown()``'s points and its question; every other beat is left out,
so the floor writes it."""

from __future__ import annotations

from tinyleaps.writing.llm.base import Message

GOOD = {
    "tells @FullOf_Bad_Ideas's point": "@FullOf_Bad_Ideas now loads Yi 34B with the 200k "
                                       "context on a 24 GB card, and it just works.",
    "tells @ArtyfacialIntelagent's point": "@ArtyfacialIntelagent asks whether anyone measured "
                                           "if the 8-bit cache changes the answers.",
}


def good(key: str, messages: list[Message]) -> str | None:
    """The line for a reply key ("2 ELIZA tells @x's point"), None to leave it out."""
    for suffix, line in GOOD.items():
        if key.endswith(suffix):
            return line
    if key.endswith("asks"):
        return "Does the smaller cache change the answers?"
    return None  # everything else: left to the floor
