"""Articles: the gist comes from the body (not a byline or disclaimer), and a long post's
sections become topics named by their headings."""

from __future__ import annotations

from pathlib import Path

from tinyleaps.artifacts import Sources
from tinyleaps.planning.articles import article_gist, is_boilerplate
from tinyleaps.planning.longform import longform_candidates
from tinyleaps.sources import ingest

FILLER = ["The setup matters more than the model for this kind of test.",
          "We wrote every command down so anyone can repeat the run at home.",
          "Each runtime got the same prompts and the same quantized weights.",
          "Fans were loud but the laptop never throttled during the runs.",
          "Results varied a little between mornings and evenings.",
          "We kept the default settings unless a runtime needed a flag to start.",
          "Every number below is the median of five runs.",
          "Background apps were closed and the power profile was fixed."]


def _section(what: str, detail: str) -> str:
    lines = [f"We ran {what} on a Ryzen laptop with 32 GB of memory for three days.", detail]
    for n in range(3):
        lines += [f"Round {n + 1} of the {what} test: " + f.lower() for f in FILLER]
    return " ".join(lines)


def _post(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: Four local runtimes, measured\nauthor: Jane Doe\n"
                    "date: 2025-08-03\n---\n" + body, encoding="utf-8")
    return path


def test_the_gist_skips_bylines_and_disclaimers(tmp_path: Path) -> None:
    body = ("By Jane Doe, August 3 2025\n\n"
            "Disclaimer: opinions are my own and not those of my employer, and this post "
            "contains affiliate links to the hardware I bought.\n\n"
            "We benchmarked four local runtimes on the same laptop and found that prompt "
            "processing differs by a factor of two. That matters for long documents.\n")
    item = ingest([str(_post(tmp_path, body))]).sources[0]
    cand, = longform_candidates(Sources(sources=[item]))
    assert cand.summary == ("We benchmarked four local runtimes on the same laptop and found "
                            "that prompt processing differs by a factor of two. That matters "
                            "for long documents.")
    assert all("opinions" not in p.text and "Jane Doe," not in p.text for p in cand.points)
    assert is_boilerplate("Opinions expressed here are my own.") and \
        not is_boilerplate("We measured 410 tokens per second.")
    assert article_gist(["Short.", "Posted on August 3."]) == ""


def test_a_long_post_becomes_one_topic_per_section(tmp_path: Path) -> None:
    parts = []
    for head, what, detail in [
        ("Prompt processing", "long prompts",
         "In our runs llama.cpp read 410 tokens per second of prompt."),
        ("Token generation", "long answers",
         "In our runs Ollama wrote 38 tokens per second on long answers."),
        ("Memory use", "the 8B model",
         "In our runs LM Studio needed 6.1 GB of memory at four bits."),
    ]:
        parts.append(f"## {head}\n\n{_section(what, detail)}\n")
    parts.append("## References\n\n" + "A link we used. " * 80 + "\n")
    item = ingest([str(_post(tmp_path, "Intro paragraph for the post.\n\n" + "\n".join(parts)))
                   ]).sources[0]
    assert [h for h, _ in item.extra["sections"]] == ["Prompt processing", "Token generation",
                                                       "Memory use", "References"]
    cands = longform_candidates(Sources(sources=[item]))
    assert sorted(c.spoken_title for c in cands) == ["Memory use", "Prompt processing",
                                                     "Token generation"]
    tokens = next(c for c in cands if c.spoken_title == "Token generation")
    assert tokens.title == "Four local runtimes, measured: Token generation"
    assert any("38 tokens per second" in p.text for p in tokens.points)
    assert all(c.main_source == item.id and c.op == "Jane Doe" for c in cands)
    assert len({c.id for c in cands}) == 3
