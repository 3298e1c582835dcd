"""Show notes link every source and list everyone credited, with untrusted text escaped."""

from __future__ import annotations

from tinyleaps.artifacts import Script, ScriptSegment, SourceRef, Turn
from tinyleaps.publish.shownotes import credited_handles, render_shownotes

from ..builders import make_script


def _script(title: str = "KV cache Q8_0 in KoboldCpp") -> Script:
    return make_script(
        title="Tiny Leaps, Saturday",
        segments=[ScriptSegment("intro", "intro", "Welcome"),
                  ScriptSegment("topic-1", "topic", title, ["reddit:t3_a", "reddit:t1_b"]),
                  ScriptSegment("outro", "outro", "Bye", ["reddit:t3_a"])],
        turns=[Turn("KAI", "@Noselessmonk started this thread.", "topic-1", ["reddit:t3_a"]),
               Turn("ELIZA", "And @FullOf_Bad_Ideas loaded Yi.", "topic-1", ["reddit:t1_b"]),
               Turn("KAI", "Thanks @Noselessmonk!", "outro", ["reddit:t3_a"])],
        sources={
            "reddit:t3_a": SourceRef("reddit_post", "Noselessmonk",
                                     "https://www.reddit.com/r/LocalLLaMA/comments/a/", title),
            "reddit:t1_b": SourceRef("reddit_comment", "FullOf_Bad_Ideas",
                                     "https://www.reddit.com/r/LocalLLaMA/comments/a/_/b/", title),
        },
    )


def test_shownotes_link_every_source_and_credit_people() -> None:
    notes = render_shownotes(_script())
    assert "](https://www.reddit.com/r/LocalLLaMA/comments/a/)" in notes
    assert "](https://www.reddit.com/r/LocalLLaMA/comments/a/_/b/)" in notes
    assert "by @Noselessmonk" in notes
    assert "@FullOf\\_Bad\\_Ideas" in notes  # markdown-escaped underscores
    assert credited_handles(_script()) == ["Noselessmonk", "FullOf_Bad_Ideas"]


def test_hostile_title_is_escaped() -> None:
    notes = render_shownotes(_script('Evil <script>alert(1)</script> [x](javascript:1) & "q"'))
    assert "<script>" not in notes
    assert "\\<script\\>" in notes
    assert "](javascript:" not in notes
