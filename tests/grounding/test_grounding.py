"""Grounding rules that planning, writing and check share: credits and whose voice a
host's line speaks in."""

from __future__ import annotations

from tinyleaps.artifacts import SourceRef
from tinyleaps.check.quality import as_poster
from tinyleaps.grounding import credit, main_speaker
from tinyleaps.grounding.kinds import family, medium
from tinyleaps.grounding.voice import first_hand, slides_into_poster, talks_to_quoted


def test_how_a_host_credits_an_author() -> None:
    assert credit("Noselessmonk", "reddit_comment") == "@Noselessmonk"
    assert credit("Jane Doe", "article") == "Jane Doe"
    assert credit("janedoe", "transcript_turn") == "janedoe"
    assert credit("[deleted]") is None and credit("Speaker 2") is None
    assert main_speaker(["Speaker 1", "Ana", "Bo", "Ana", "unknown"]) == "Ana"


def test_source_kinds_as_the_hosts_say_them() -> None:
    ref = SourceRef(kind="transcript_turn", author="Ana", url="file:///x.vtt",
                    title="Open Weights livestream #12")
    assert family(ref.kind) == "transcript" and medium(ref) == "livestream"
    assert medium(SourceRef(kind="reddit_post", author="a", url="u", title="t")) == "thread"


def test_the_line_checks_and_the_check_report_hear_the_same_voice() -> None:
    assert first_hand("Honestly I tried it on my rig") == "I tried"
    assert slides_into_poster("@bob says I run my 3090s at 250 W")
    assert talks_to_quoted("@bob, you nailed it")
    hosts = ["KAI", "ELIZA"]
    assert as_poster("I've been tinkering with it all week.", hosts)  # the poster's hands
    assert not as_poster("I'd want to see that on a second setup.", hosts)  # an opinion
    assert not as_poster("I'm KAI, and this is the show.", hosts)
    assert not as_poster("And I'm ELIZA, and tonight we've got one story: gpt-oss.", hosts)
    assert as_poster("We got 30 tokens a second on it.", hosts)  # still the poster's run
