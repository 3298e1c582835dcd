"""The planner: which threads become topics, which comments become points, who is named."""

from __future__ import annotations

import sys
import types

import pytest

from tinyleaps.artifacts import KeyPoint, Rundown, RundownSegment, SourceItem
from tinyleaps.errors import InputError
from tinyleaps.planning import PlanOptions, describe_origin, plan
from tinyleaps.planning.excerpts import is_one_liner, speakable_excerpt
from tinyleaps.text.clean import spoken_title

from ..builders import WHEN, comment, discussion, post, sources
from ..builders import plan_options as options


def titles(rundown: Rundown) -> list[str]:
    return [s.title for s in rundown.segments]


# ------------------------------------------------------------------ ranking


def test_top_thread_of_the_day_comes_first_and_a_small_help_question_is_left_out() -> None:
    big = post("big", "Kimi K2 released with open weights", "A trillion parameters.", votes=900)
    mid = post("mid", "Speculative decoding tricks for llama.cpp", "My notes.", votes=120)
    small = post("sml", "Running Mistral on a Raspberry Pi", "It works.", votes=40)
    help_q = post(
        "hlp", "Which GPU should I buy?", "Budget 500.", votes=60, flair="Question | Help"
    )
    srcs = sources(
        [big, *discussion(big)],
        [mid, *discussion(mid)],
        [small, *discussion(small)],
        [help_q, *discussion(help_q, n=3)],
    )
    rundown = plan(srcs, options(topics=3))
    assert titles(rundown) == [
        "Kimi K2 released with open weights",
        "Speculative decoding tricks for llama.cpp",
        "Running Mistral on a Raspberry Pi",
    ]
    assert [s.id for s in rundown.segments] == ["topic-1", "topic-2", "topic-3"]
    assert rundown.segments[0].score == 1.0 and rundown.segments[0].op == "op_big"


def test_a_hot_help_question_competes_like_any_thread() -> None:
    hot = post(
        "hot",
        "Why is my 3090 slower than my 4090?",
        "Same model.",
        votes=400,
        comments=150,
        flair="Question | Help",
    )
    calm = post("clm", "A tidy benchmark of small models", "Table inside.", votes=60)
    rundown = plan(sources([hot, *discussion(hot)], [calm, *discussion(calm)]), options(topics=1))
    assert titles(rundown) == ["Why is my 3090 slower than my 4090?"]


def test_threads_after_when_are_excluded_and_old_ones_fade() -> None:
    future = post("fut", "Tomorrow's big release", "Soon.", votes=5000, hours_ago=-3)
    stale = post("old", "Last week's big release", "Old news.", votes=3000, hours_ago=24 * 7)
    fresh = post("new", "Tonight's modest release", "Fresh.", votes=150, hours_ago=2)
    srcs = sources(
        [future, *discussion(future)], [stale, *discussion(stale)], [fresh, *discussion(fresh)]
    )
    rundown = plan(srcs, options(topics=3))
    assert titles(rundown) == ["Tonight's modest release", "Last week's big release"]


def test_link_post_without_discussion_ranks_below_a_discussed_self_post() -> None:
    link = post("lnk", "Paper: scaling laws revisited", votes=140, comments=3, is_self=False)
    talk = post("tlk", "My home server for local models", "Specs below.", votes=100)
    srcs = sources([link, *discussion(link, n=2)], [talk, *discussion(talk)])
    assert titles(plan(srcs, options(topics=2)))[0] == "My home server for local models"


def test_threads_without_usable_comments_are_dropped_and_fewer_topics_are_planned() -> None:
    good = post("gd", "Qwen3 Coder hands-on", "Impressions.")
    bare = post("br", "Nobody answered this", "Hello?", votes=2000)
    lol = post("lol", "Only jokes here", "Hi.", votes=1500)
    jokes = [
        comment("j1", lol, "a", "lol", 99),
        comment("j2", lol, "b", "+1", 50),
        comment("j3", lol, "c", "https://i.imgur.com/x.gif", 40),
    ]
    rundown = plan(sources([good, *discussion(good)], [bare], [lol, *jokes]), options(topics=3))
    assert titles(rundown) == ["Qwen3 Coder hands-on"]


def test_no_usable_thread_raises_an_input_error_naming_the_input() -> None:
    lonely = post("x", "Anyone?", "Hello.")
    with pytest.raises(InputError, match=r"^threads/today: no thread with comments to discuss$"):
        plan(sources([lonely], inputs=["threads/today"]), options())


def test_a_transcript_too_short_to_discuss_says_so_not_threads() -> None:
    turns = [SourceItem(id=f"t:{i}", kind="transcript_turn", author="Priya", url="",
                        title="talk", created="2025-07-12", text=text)
             for i, text in enumerate(["The new tokenizer treats code and prose apart.",
                                       "Roughly a third more in our tests."])]
    from tinyleaps.artifacts import Sources

    with pytest.raises(InputError, match=r"^talk\.vtt: nothing long enough to discuss"):
        plan(Sources(sources=turns, inputs=["talk.vtt"]), options())


def test_excluded_threads_are_not_planned_again() -> None:
    a = post("aaa", "Covered last week", "Old topic.", votes=900)
    b = post("bbb", "Not covered yet", "New topic.", votes=100)
    srcs = sources([a, *discussion(a)], [b, *discussion(b)])
    rundown = plan(srcs, options(topics=2, exclude_threads={"reddit:t3_aaa"}))
    assert titles(rundown) == ["Not covered yet"]


# ------------------------------------------------------------------ duplicates


def test_two_threads_on_the_same_release_become_one_segment_citing_both() -> None:
    first = post(
        "k1",
        "Kimi K2 is here: Moonshot AI open sources a 1T MoE model",
        "Moonshot AI released Kimi-K2 weights on Hugging Face.",
        votes=800,
    )
    second = post(
        "k2",
        "Moonshot's Kimi-K2 1T MoE weights are out",
        "Kimi K2 from Moonshot AI is on Hugging Face now.",
        votes=300,
    )
    other = post("ot", "Speculative decoding tricks for llama.cpp", "Notes.", votes=200)
    dup_comment = comment(
        "kd",
        second,
        "kimi_fan",
        "Kimi K2 agentic coding scores beat every other open model I tried.",
        90,
    )
    srcs = sources([first, *discussion(first)], [second, dup_comment], [other, *discussion(other)])
    rundown = plan(srcs, options(topics=3))
    assert titles(rundown) == [
        "Kimi K2 is here: Moonshot AI open sources a 1T MoE model",
        "Speculative decoding tricks for llama.cpp",
    ]
    seg = rundown.segments[0]
    assert seg.main_source == "reddit:t3_k1" and "reddit:t3_k2" in seg.source_ids
    assert "kimi_fan" in [p.author for p in seg.points]  # the duplicate's comments count
    assert "Moonshot's Kimi-K2 1T MoE weights are out" in seg.summary
    assert rundown.sources["reddit:t3_k2"].author == "op_k2"


# ------------------------------------------------------------------ key points


def test_reply_chain_is_picked_with_reply_to_the_answered_author() -> None:
    p = post("rc", "Is 4-bit quantization good enough?", "Asking for coding.")
    top = comment("t1", p, "alice", "Four bit is fine for chat but coding suffers noticeably.", 200)
    reply = comment(
        "r1",
        p,
        "bob",
        "Use Q6 for code, the difference in syntax errors is huge.",
        120,
        parent=top.id,
    )
    weak = comment(
        "r2", p, "carol", "I never noticed any difference at all with my models.", 1, parent=top.id
    )
    rest = discussion(p, n=4, base=30)
    seg = plan(sources([p, top, reply, weak, *rest]), options()).segments[0]
    first, second = seg.points[:2]
    assert (first.author, first.role, first.reply_to) == ("alice", "comment", None)
    assert (second.author, second.role, second.reply_to) == ("bob", "reply", "alice")
    assert "carol" not in [pt.author for pt in seg.points]


def test_deleted_authors_and_one_liners_never_become_points() -> None:
    p = post("dl", "Local TTS roundup", "Which voices do you use?")
    items = [
        comment("d1", p, "[deleted]", "Kokoro is the best small voice model I have heard.", 500),
        comment("d2", p, "AutoModerator", "Please read the rules before posting here okay.", 400),
        comment("d3", p, "eve", "this", 300),
        comment("d4", p, "frank", "lol", 250),
        comment("d5", p, "gina", "Piper voices are fast enough to run on a Raspberry Pi.", 20),
        *discussion(p, n=3, base=15),
    ]
    rundown = plan(sources([p, *items]), options())
    authors = [pt.author for pt in rundown.segments[0].points]
    assert authors[0] == "gina"
    assert not {"[deleted]", "AutoModerator", "eve", "frank"} & set(authors)
    assert "[deleted]" not in {ref.author for ref in rundown.sources.values()}


def test_points_are_diverse_and_one_per_author() -> None:
    p = post("dv", "Best runtime for Apple silicon?", "MLX or llama.cpp?")
    items = [
        comment("v1", p, "hal", "MLX is faster than llama.cpp on M2 Max for large models.", 300),
        comment(
            "v2", p, "ivy", "MLX is faster than llama.cpp on M2 Max for the large models!", 250
        ),
        comment("v3", p, "hal", "Also the MLX community converts new models within hours.", 240),
        comment(
            "v4", p, "jon", "Memory pressure matters more than the runtime once you swap.", 100
        ),
        comment(
            "v5", p, "kim", "LM Studio bundles both runtimes so you can just compare them.", 90
        ),
    ]
    points = plan(sources([p, *items]), options()).segments[0].points
    assert [pt.author for pt in points] == ["hal", "jon", "kim"]


def test_point_text_is_a_speakable_excerpt_cut_at_a_sentence() -> None:
    sents = [
        f"Sentence number {i} explains one more detail about the new quantization format."
        for i in range(1, 9)
    ]
    long = " ".join(sents)
    p = post("lx", "Quantization deep dive", long)
    items = [comment("l1", p, "ken", long, 99), *discussion(p, n=3)]
    seg = plan(sources([p, *items]), options()).segments[0]
    assert seg.points[0].text == " ".join(sents[:3])
    assert len(seg.points[0].text.split()) <= 60
    assert seg.summary.startswith("Sentence number 1 explains")


# ------------------------------------------------------------------ rundown fields


def test_rundown_cites_every_source_it_uses_and_speaks_origin_and_time() -> None:
    p = post("rf", "🚀 [New Model] Granite 4 is out!!!", "IBM shipped it.", votes=500)
    rundown = plan(sources([p, *discussion(p)]), options())
    seg = rundown.segments[0]
    cited = {seg.main_source, *seg.source_ids, *(pt.source_id for pt in seg.points)}
    assert set(rundown.sources) == cited and set(seg.source_ids) >= cited - {seg.main_source}
    assert seg.spoken_title == "Granite 4 is out!"
    assert seg.title == "🚀 [New Model] Granite 4 is out!!!"
    assert rundown.origin == "r/LocalLLaMA"
    assert rundown.recorded_at == "2025-07-12T22:00:00+00:00"
    assert Rundown.from_dict(rundown.to_dict()) == rundown


def test_link_post_summary_says_what_it_links_to() -> None:
    p = post("lk", "Moonshot AI just made their moonshot", votes=700, is_self=False)
    p.extra["domain"] = "i.redd.it"
    seg = plan(sources([p, *discussion(p)]), options()).segments[0]
    assert seg.summary == "Moonshot AI just made their moonshot. The post is an image."


# ------------------------------------------------------------------ text helpers


@pytest.mark.parametrize(
    ("raw", "spoken"),
    [
        ("[Rust] qwen3-rs: Educational Qwen3 Inference", "qwen3-rs: Educational Qwen3 Inference"),
        (
            "Thank you r/LocalLLaMA! Observer AI launches tonight! 🚀",
            "Thank you r/LocalLLaMA! Observer AI launches tonight!",
        ),
        ("GPU UPGRADE!!!!NEED Suggestion!!!!", "GPU UPGRADE! NEED Suggestion!"),
        ("Does this mean it &amp; that?", "Does this mean it &amp; that?"),
    ],
)
def test_spoken_title(raw: str, spoken: str) -> None:
    assert spoken_title(raw) == spoken


@pytest.mark.parametrize("text", ["this", "lol", "+1", "^ this", "https://x.com/a/b", "So true!"])
def test_one_liners(text: str) -> None:
    assert is_one_liner(text)


def test_a_single_overlong_sentence_is_cut_at_a_comma() -> None:
    words = ", ".join(f"word{i} and more" for i in range(40))
    out = speakable_excerpt(words + ".")
    assert out.endswith("…") and len(out.split()) <= 60 and ",…" not in out


def test_origin_names_every_kind_of_source() -> None:
    reddit = post("o1", "A thread", "Body")
    article = SourceItem(
        "article:x",
        "article",
        "Jane Doe",
        "https://e.com/a",
        "An article",
        "Body.",
        WHEN.isoformat(),
    )
    assert describe_origin([reddit, article]) == "r/LocalLLaMA and an article"


# ------------------------------------------------------------------ mixed sources


def _fake_longform(monkeypatch: pytest.MonkeyPatch, segments: list[RundownSegment]) -> None:
    module = types.ModuleType("tinyleaps.planning.longform")
    module.longform_candidates = lambda srcs, opts: [  # type: ignore[attr-defined]
        RundownSegment(**{**s.__dict__, "points": list(s.points), "source_ids": list(s.source_ids)})
        for s in segments
    ]
    monkeypatch.setitem(sys.modules, "tinyleaps.planning.longform", module)


def _article(aid: str, title: str, text: str) -> tuple[SourceItem, RundownSegment]:
    item = SourceItem(
        f"article:{aid}",
        "article",
        "Jane Writer",
        f"https://news.example/{aid}",
        title,
        text,
        WHEN.isoformat(),
    )
    seg = RundownSegment(
        id="",
        title=title,
        spoken_title=title,
        main_source=item.id,
        source_ids=[item.id],
        op="Jane Writer",
        url=item.url,
        summary=text,
        points=[KeyPoint(item.id, "Jane Writer", text, role="post")],
        score=0.2,
    )
    return item, seg


def test_mixed_sources_get_at_least_one_longform_topic(monkeypatch: pytest.MonkeyPatch) -> None:
    item, seg = _article("ssd", "Why SSD offloading is back", "Offloading experts to NVMe works.")
    threads = []
    for i, name in enumerate(["Granite 4 launch", "Mistral Small update", "Phi-5 rumours"]):
        p = post(f"m{i}", name, "Discuss.", votes=500 - i)
        threads.append([p, *discussion(p)])
    _fake_longform(monkeypatch, [seg])
    rundown = plan(sources(*threads, [item]), options(topics=3))
    assert titles(rundown) == [
        "Granite 4 launch",
        "Mistral Small update",
        "Why SSD offloading is back",
    ]
    assert rundown.sources["article:ssd"].author == "Jane Writer"
    assert rundown.origin == "r/LocalLLaMA and an article"


def test_a_thread_and_an_article_on_the_same_story_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    item, seg = _article(
        "k2",
        "Moonshot AI releases Kimi K2, a trillion parameter open model",
        "Kimi K2 from Moonshot AI has open weights and strong agentic coding.",
    )
    p = post(
        "kk",
        "Kimi K2 by Moonshot AI: trillion parameter open weights",
        "Kimi K2 weights are open.",
        votes=700,
    )
    o = post("oo", "Home server noise tips", "Fans.", votes=300)
    _fake_longform(monkeypatch, [seg])
    rundown = plan(sources([p, *discussion(p)], [o, *discussion(o)], [item]), options(topics=3))
    assert len(rundown.segments) == 2
    kimi = rundown.segments[0]
    assert kimi.main_source == "reddit:t3_kk" and "article:k2" in kimi.source_ids
    assert "Jane Writer" in [pt.author for pt in kimi.points]


def test_covered_thread_returns_only_when_it_grew_a_lot() -> None:

    opts = PlanOptions(exclude_threads={"reddit:t3_a": 40})
    assert opts.covered("reddit:t3_a", 60)  # a little more talk: still covered
    assert not opts.covered("reddit:t3_a", 95)  # more than doubled and +50: back on
    assert not opts.covered("reddit:t3_b", 10)
    assert PlanOptions(exclude_threads={"reddit:t3_a"}).covered("reddit:t3_a", 1000)
