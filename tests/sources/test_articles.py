"""Articles: Markdown with YAML/TOML front matter, and HTML pages (main text only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinyleaps.errors import SourceError
from tinyleaps.sources import backend_for, ingest
from tinyleaps.sources.articles import ArticleSource
from tinyleaps.sources.sniff import split_front_matter

YAML_MD = """---
title: "Running a 70B model on a used server"
author: Dana Whitfield
date: 2025-08-01
url: https://example.org/70b-server
---

# Running a 70B model on a used server

Eight memory channels gave us **4.2 tokens per second** with [llama.cpp](https://github.com/ggml-org/llama.cpp).

- Power draw stayed under 400 W
- Fans were loud
"""

TOML_MD = """+++
title = "Speculative decoding, explained"
authors = ["Ravi Menon", "Lea Fischer"]
date = 2025-07-30T10:00:00Z
+++

A small draft model proposes tokens &amp; the big model checks them.
"""

HTML = """<!DOCTYPE html><html><head><title>Tokenizers &amp; you</title>
<meta name="author" content="Priya Natarajan"></head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a> Subscribe to our newsletter</nav>
<article><h1>Tokenizers &amp; you</h1>
<p>Code costs roughly a third more tokens than prose with the new tokenizer, which changes
how much of a repository fits into the context window of a local model.</p>
<p>We measured it on forty open source projects &lt;and&gt; the gap held for every language.</p>
</article><footer>Copyright 2025 Example Media. All rights reserved.</footer></body></html>"""


def test_yaml_front_matter_article(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(YAML_MD)
    (item,) = ingest([str(path)]).sources
    assert (item.kind, item.author, item.title) == (
        "article", "Dana Whitfield", "Running a 70B model on a used server")
    assert item.url == "https://example.org/70b-server" and item.created == "2025-08-01"
    assert "4.2 tokens per second" in item.text and "**" not in item.text
    assert "github.com" not in item.text or "a link" in item.text
    assert item.id.startswith("article:")


def test_toml_front_matter_with_author_list(tmp_path: Path) -> None:
    path = tmp_path / "spec.markdown"
    path.write_text(TOML_MD)
    (item,) = ArticleSource().ingest(str(path), _opts())
    assert item.author == "Ravi Menon, Lea Fischer"
    assert item.created == "2025-07-30T10:00:00+00:00"
    assert item.text == "A small draft model proposes tokens & the big model checks them."
    assert item.url == path.resolve().as_uri()


def test_html_page_main_text_without_menus_or_footer(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"  # content decides, not the extension
    path.write_text(HTML)
    assert type(backend_for(str(path))).__name__ == "ArticleSource"
    (item,) = ingest([str(path)]).sources
    assert item.title == "Tokenizers & you" and item.author == "Priya Natarajan"
    assert "roughly a third more tokens than prose" in item.text
    assert "<and>" in item.text
    assert "About us" not in item.text and "All rights reserved" not in item.text


def test_front_matter_parsing_edge_cases() -> None:
    assert split_front_matter("no front matter") == ({}, "no front matter")
    assert split_front_matter("---\ntitle: x\nno closing fence") == (
        {}, "---\ntitle: x\nno closing fence")
    assert split_front_matter("---\n: [bad yaml\n---\nbody")[0] == {}
    assert split_front_matter("---\ntitle: A\n---\n\nBody")== ({"title": "A"}, "Body")


def test_html_without_text_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    with pytest.raises(SourceError, match=r"empty\.html: HTML page has no readable main text"):
        ingest([str(path)])


def _opts():  # type: ignore[no-untyped-def]
    from tinyleaps.sources.base import IngestOptions

    return IngestOptions()
