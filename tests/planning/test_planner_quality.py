"""The planner keeps junk off the air: link-only and image comments, afterthought edits,
explicit or slurring comments and titles, link lists in a post's gist."""

from __future__ import annotations

import pytest

from tinyleaps.planning import plan
from tinyleaps.planning.decency import is_fit_to_air, offensive_word
from tinyleaps.planning.excerpts import is_mostly_links, speakable_excerpt

from ..builders import comment, discussion, post, sources
from ..builders import plan_options as options


def test_an_image_with_a_caption_or_a_link_list_never_becomes_a_point() -> None:
    p = post("im", "Benchmarks for the new 3B model", "Numbers inside.")
    items = [
        comment("i1", p, "drummer", "a link to preview.redd.it\n\nFull image for more context. "
                "Stolen from the blue board. Ty anons", 900),
        comment("i2", p, "linker", "Github: a link to github.com\n\nHuggingface: a link to "
                "huggingface.co", 800),
        comment("i3", p, "plain", "Ran it on a 3060 and it held 40 tokens a second at 8k.", 10),
        *discussion(p, n=3, base=5),
    ]
    points = plan(sources([p, *items]), options()).segments[0].points
    assert points[0].author == "plain"
    assert not {"drummer", "linker"} & {pt.author for pt in points}
    assert all("a link to" not in pt.text for pt in points)


def test_explicit_comments_and_slurs_are_skipped_but_mild_words_are_fine() -> None:
    p = post("ex", "Which small model writes the best dialogue?", "Asking for a game.")
    items = [
        comment("e1", p, "crude", "Now we know that the best sex would be with a Mistral "
                "Small, Qwen 2.5 and Kimi K2 model.", 900),
        comment("e2", p, "sweary", "Fucking 1 trillion parameters and it still cannot count.",
                800),
        comment("e3", p, "mild", "Damn, Gemma 3 writes surprisingly natural dialogue for its "
                "size.", 20),
        *discussion(p, n=3, base=5),
    ]
    authors = [pt.author for pt in plan(sources([p, *items]), options()).segments[0].points]
    assert authors[0] == "mild"
    assert "crude" not in authors and "sweary" not in authors


def test_a_thread_with_an_explicit_title_is_not_a_topic() -> None:
    bad = post("nsfw", "Best NSFW roleplay model this week?", "Looking for one.", votes=900)
    good = post("ok", "Granite 4 is out", "IBM shipped it.", votes=50)
    rundown = plan(sources([bad, *discussion(bad), good, *discussion(good)]), options())
    assert [s.title for s in rundown.segments] == ["Granite 4 is out"]


@pytest.mark.parametrize(
    ("text", "word"),
    [("the best sex would be", "sex"), ("what the f*ck is this", "f*ck"),
     ("that is bullshit", "bullshit"), ("Sussex, cocktails and Scunthorpe", None),
     ("assess the class of models", None), ("damn, that is fast", None)],
)
def test_decency_word_list_matches_whole_words_only(text: str, word: str | None) -> None:
    assert offensive_word(text) == word
    assert is_fit_to_air(text) is (word is None)


def test_afterthought_edits_and_spoken_links_are_left_out_of_excerpts() -> None:
    text = ("They've destroyed the token distribution, but we believe in you! Edit: EQ bench "
            "results are in... There's probably no saving this one.")
    assert speakable_excerpt(text) == ("They've destroyed the token distribution, but we "
                                       "believe in you!")
    assert speakable_excerpt("Edit: fixed the link. The model runs fine on CPU.") == \
        "Edit: fixed the link. The model runs fine on CPU."
    assert speakable_excerpt("I found it. a link to youtu.be") == "I found it."
    assert is_mostly_links("Performance on SWE-bench Verified! a link to preview.redd.it")
    assert not is_mostly_links("See the card on a link to huggingface.co for the full "
                               "details, it explains the license and the training mix well.")


def test_a_post_of_labelled_links_gets_no_link_list_summary() -> None:
    links = post("ln", "Moonshot AI just made their moonshot",
                 "Screenshot: a link to openrouter.ai. Announcement: a link to "
                 "moonshotai.github.io. Model: a link to huggingface.co.", votes=700)
    mixed = post("mx", "Kitten TTS: a tiny TTS model",
                 "Model introduction:\n\nKitten ML has released open source code and weights."
                 "\n\nGithub: a link to github.com\n\nHuggingface: a link to huggingface.co\n\n"
                 "The model is less than 25 MB, around 15M parameters.", votes=600)
    rundown = plan(sources([links, *discussion(links), mixed, *discussion(mixed)]), options())
    summaries = {s.title: s.summary for s in rundown.segments}
    assert summaries["Moonshot AI just made their moonshot"] == (
        "Moonshot AI just made their moonshot. The post is mostly links.")
    assert summaries["Kitten TTS: a tiny TTS model"] == (
        "Kitten ML has released open source code and weights. The model is less than 25 MB, "
        "around 15M parameters.")
