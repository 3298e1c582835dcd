"""Markdown -> speakable text, on hand-made and real r/LocalLLaMA comments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tinyleaps.text.markdown import CODE_PHRASE, domain_of, speakable, unescape_reddit


def test_links_keep_their_text_and_bare_urls_name_the_domain() -> None:
    text = speakable(
        "See [the PR](https://github.com/ggml-org/llama.cpp/pull/1) and https://www.huggingface.co/x/y."
    )
    assert text == "See the PR and a link to huggingface.co."


def test_link_whose_text_is_a_url_is_spoken_as_its_domain() -> None:
    assert speakable("[https://x.com/a/b](https://x.com/a/b)") == "a link to x.com"


def test_code_blocks_are_replaced_and_inline_code_is_kept() -> None:
    md = (
        "Run this:\n\n```\nllama-server -fa\n```\n\n"
        "then `-ctk q8_0` works.\n\n    indented code\n    more"
    )
    assert speakable(md) == f"Run this:\n\n{CODE_PHRASE}\n\nthen -ctk q8_0 works.\n\n{CODE_PHRASE}"


def test_tables_become_one_sentence_per_row() -> None:
    md = (
        "| Model | tok/s | VRAM |\n|---|:-:|---|\n| Qwen3 8B | 45 | 6 GB |\n| Llama 3 | 30 | 8 GB |"
    )
    assert speakable(md) == "Qwen3 8B: tok/s 45, VRAM 6 GB. Llama 3: tok/s 30, VRAM 8 GB."


def test_big_tables_are_summarized() -> None:
    rows = "\n".join(f"| m{i} | {i} |" for i in range(9))
    assert (
        speakable(f"| Model | Score |\n|-|-|\n{rows}")
        == "A table comparing Model and Score across 9 rows."
    )


def test_emphasis_headings_bullets_quotes_and_spoilers_are_unmarked() -> None:
    md = (
        "# Results\n\n**bold** *it* __b2__ _i2_ ~~wrong~~ right snake_case_name\n\n"
        "* first\n* second!\n\n> quoted one\n> quoted two\n\nIt was >!the butler!< 2^10 ^(tiny)"
    )
    assert speakable(md) == (
        "Results.\n\nbold it b2 i2 right snake_case_name\n\nfirst. second!\n\n"
        "\u201cquoted one quoted two\u201d\n\nIt was the butler 2 to the power of 10 tiny"
    )


def test_zero_width_space_images_and_rules_vanish_but_emoji_and_cjk_stay() -> None:
    md = "&#x200B;\n\n![gif](giphy|abc)\n\n***\n\nGreat 🚀 日本語のテキスト"
    assert speakable(md) == "Great 🚀 日本語のテキスト"


def test_backslash_escapes_are_literal_characters() -> None:
    assert speakable(r"\>not a quote \^\_\_\^ \*stars\*") == ">not a quote ^__^ *stars*"


def test_unescape_reddit_removes_exactly_one_level() -> None:
    assert (
        unescape_reddit("a &amp;lt; b &lt;tag&gt; &amp;amp; &#x200B;")
        == "a &lt; b <tag> &amp; &#x200B;"
    )


def test_domain_of() -> None:
    assert domain_of("https://www.reddit.com/r/x") == "reddit.com"
    assert domain_of("not a url at all") == ""


def _comment(shared: Path, rel: str, comment_id: str) -> dict[str, Any]:
    data = json.loads((shared / "reddit/LocalLLaMA" / rel).read_text(encoding="utf-8"))
    stack = list(data[1]["data"]["children"])
    while stack:
        c = stack.pop()
        if c["kind"] == "t1":
            if c["data"]["id"] == comment_id:
                return dict(c["data"])
            if c["data"]["replies"]:
                stack.extend(c["data"]["replies"]["data"]["children"])
    raise LookupError(comment_id)


def test_real_comment_with_spoiler(shared_data: Path) -> None:
    body = unescape_reddit(_comment(shared_data, "2025-07-12/1lxnsh1.json", "n2oskuf")["body"])
    assert speakable(body) == "Scam Haltman (thanks GPT-4)"


def test_real_comment_with_fenced_json(shared_data: Path) -> None:
    body = unescape_reddit(_comment(shared_data, "2025-07-12/1lxyg6z.json", "n2uxg0l")["body"])
    text = speakable(body)
    assert CODE_PHRASE in text
    assert '"tags"' not in text and "```" not in text
    assert "it even created the devstral tag" in text


def test_real_bot_comment_with_links_and_table(shared_data: Path) -> None:
    body = unescape_reddit(_comment(shared_data, "2025-07-12/1lxmr2h.json", "n2oxp97")["body"])
    text = speakable(body)
    assert "http" not in text and "](" not in text and "|" not in text and "^" not in text
    assert text.startswith(
        "I will be messaging you in 14 days on 2025-07-26 07:30:30 UTC to remind you of this link"
    )


@pytest.mark.parametrize("md", ["", "   \n\n  ", "&#x200B;"])
def test_empty_input_gives_empty_text(md: str) -> None:
    assert speakable(md) == ""
