"""Reported speech, the floor of every told point: the key sentence, third person, links
and markdown spoken, capped; a short joke kept as a quotation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tinyleaps.writing.reported import (
    MAX_QUOTE_WORDS,
    MAX_REPORT_WORDS,
    key_sentences,
    quotable,
    report,
    speak_links,
)
from tinyleaps.writing.third_person import third_person

from ..paths import SHARED_DATA


@pytest.mark.parametrize("comment, expected", [
    # first person becomes the third: I/my/we/our, "was" agrees with "they"
    ("I power limit my 3090s to 250W and I was surprised how little speed I lost.",
     "says they power limit their 3090s to 250W and they were surprised how little speed "
     "they lost."),
    # an opinion becomes the verb
    ("I think the base models deserve real kudos for shipping under MIT.",
     "thinks the base models deserve real kudos for shipping under MIT."),
    ("Honestly I doubt the 1M context holds up past 100k.",
     "doubts the 1M context holds up past 100k."),
    # a yes/no question is turned round
    ("Are we finally going to get frontier models on normal hardware?",
     "asks whether they are finally going to get frontier models on normal hardware."),
    # a request
    ("Pls make a 20b version too for 16GB cards", "wants them to make a 20b version too "
     "for 16GB cards."),
    # spoken openers, fillers and a trailing "lol" go
    ("Yeah, it runs fine on a Mac mini, uhm, with 32 GB lol",
     "says it runs fine on a Mac mini, with 32 GB."),
    # someone else's words in quotes keep their first person; "US" is a country
    ('Altman said "I think it will be worth the wait" and the US labs cheered.',
     "says Altman said 'I think it will be worth the wait' and the US labs cheered."),
    # a subject-less comment gets one
    ("Just tested it with a Rubik's cube project that the old model could not get right.",
     "says they just tested it with a Rubik's cube project that the old model could not get "
     "right."),
])
def test_a_comment_is_reported_in_the_third_person(comment: str, expected: str) -> None:
    rep = report(comment)
    assert rep is not None
    assert rep.line("@someone") == "@someone " + expected


def test_links_are_spoken_by_name_or_dropped_with_their_preposition() -> None:
    assert speak_links("GGUFs are at a link to huggingface.co/unsloth/x. We also fixed it.") \
        == "GGUFs are on Hugging Face. We also fixed it."
    assert speak_links("Code is here: a link to example.org/repo and it builds.") \
        == "Code is and it builds."
    rep = report("Weights are up at a link to github.com/org/model now, with **bold** claims "
                 "and `code` and [a write-up](https://example.org/post).")
    assert rep is not None
    assert rep.clause == "weights are up on GitHub now, with bold claims and code and a write-up"


def test_the_key_sentence_carries_the_point_not_the_edit_or_the_thanks() -> None:
    comment = ("Thanks for sharing! I get 17 tok/s on two 3090s with 70B at Q4. "
               "Edit: typo.")
    assert key_sentences(comment)[0] == ["I get 17 tok/s on two 3090s with 70B at Q4."]
    rep = report(comment)
    assert rep is not None and rep.clause == "they get 17 tok/s on two 3090s with 70B at Q4"


def test_a_long_comment_is_cut_where_a_clause_ends_never_mid_thought() -> None:
    long = ("The new quant keeps quality close to eight bits on every test I ran, which "
            "surprised me, but the prompt processing speed drops by almost half once the "
            "context passes thirty thousand tokens on my card, so I went back.")
    rep = report(long)
    assert rep is not None
    assert len(rep.clause.split()) <= MAX_REPORT_WORDS
    assert rep.clause == ("the new quant keeps quality close to eight bits on every test "
                          "they ran, which surprised them")
    # a dependent clause never ends a report ("but when X said Y" without its main clause)
    dangling = ("Maybe I'm pessimistic, but when the CEO said something amazing was coming "
                "and that it would be well worth the wait for everyone who had been asking, "
                "I assumed the model had been crippled on purpose.")
    rep = report(dangling)
    assert rep is None or not re.search(r"\bwhen\b[^,]*$", rep.clause)


def test_nothing_to_report_in_a_bare_reaction() -> None:
    assert report("Wow! It's huge!") is None
    assert report("lol") is None
    assert report("“We will release it next week, lobotomized enough to be safe and "
                  "censored, under the strictest license in the industry.”") is None


def test_a_short_joke_can_be_quoted_but_never_over_fifteen_words() -> None:
    assert quotable("Another day of thanking the open-weight labs, lol") == \
        "Another day of thanking the open-weight labs"
    assert quotable("word " * (MAX_QUOTE_WORDS + 1)) is None
    assert quotable("See a link to github.com/x for details") is None


def test_third_person_leaves_words_that_only_look_like_pronouns() -> None:
    assert third_person("My 4090 beats our old card; I'm happy") == \
        "Their 4090 beats their old card; they're happy"
    assert third_person("The US and IM apps") == "The US and IM apps"


@pytest.mark.shared
def test_every_real_comment_of_a_day_reports_short_and_in_the_third_person() -> None:
    """All comments of one real day: every report is at most the cap, has no first
    person outside quotations, reads no link, and never starts mid-word."""
    day = SHARED_DATA / "reddit" / "LocalLLaMA" / "2025-07-15"
    if not day.is_dir():
        pytest.skip(f"{day} is absent")
    comments = []
    for path in sorted(day.glob("*.json"))[:30]:
        data = json.loads(Path(path).read_text())
        comments += _bodies(data[1]["data"]["children"])
    assert len(comments) > 200
    reported = 0
    for body in comments:
        rep = report(body)
        if rep is None:
            continue
        reported += 1
        words = rep.clause.split()
        assert len(words) <= MAX_REPORT_WORDS, rep.clause
        spoken = re.sub(r"\"[^\"]*\"|'[^']*'", " ", rep.clause)
        assert not re.search(r"\b(?:I|I'm|I've|my|we|our)\b", spoken), (body, rep.clause)
        assert "http" not in rep.clause and "a link" not in rep.clause
    assert reported > len(comments) // 2


def _bodies(children: list[dict]) -> list[str]:
    out = []
    for child in children:
        data = child.get("data", {})
        if child.get("kind") == "t1" and data.get("body") not in (None, "[deleted]",
                                                                   "[removed]"):
            out.append(data["body"])
            replies = data.get("replies")
            if isinstance(replies, dict):
                out += _bodies(replies["data"]["children"])
    return out
