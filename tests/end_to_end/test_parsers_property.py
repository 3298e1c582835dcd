"""Property tests (Hypothesis) for every parser a user's file reaches: Reddit JSON, each
transcript format, Markdown front matter, RSS/Atom feeds, show.toml and lexicon.toml.

The property is the contract's: whatever the file holds, ``tinyleaps`` either reads it
or exits with status 2 and one error line naming the file, never a traceback or an
"internal error". Files are generated from the real formats and then damaged (values of
every JSON type where strings belong, timestamps out of range, NaN, deep nesting, broken
markup, stray bytes). Modest example counts keep ``make test`` fast.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tinyleaps.artifacts import Sources
from tinyleaps.cli.episode import sample_threads
from tinyleaps.sources.recordings import is_audio

from .cli_helpers import WHEN, error_line, run_cli

PROFILE = settings(max_examples=100, deadline=timedelta(seconds=10), derandomize=True,
                   database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow, HealthCheck.data_too_large])
THREAD = json.loads((sample_threads() / "tl1smol.json").read_text(encoding="utf-8"))


@contextmanager
def workdir() -> Iterator[Path]:
    """A fresh folder per example (tmp_path is one folder for all of a test's examples)."""
    path = Path(tempfile.mkdtemp(prefix="tl-prop-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def reads_or_names(capsys: pytest.CaptureFixture[str], named: Path, *args: object) -> int:
    """Run ``tinyleaps ARGS``: exit 0, or exit 2 with one line naming ``named``."""
    code, _out, err = run_cli(capsys, *map(str, args))
    if code != 0:
        line = error_line(err)
        assert code == 2, line
        assert str(named) in line, line
    return code


def ingest_or_name(capsys: pytest.CaptureFixture[str], src: Path) -> Sources | None:
    """``tinyleaps ingest SRC``: the items read, or None after a clean error naming SRC."""
    out = src.parent / "out" / "sources.json"
    if reads_or_names(capsys, src, "ingest", src, "--out", out) != 0:
        assert not out.exists()
        return None
    sources = Sources.load(out)
    assert sources.sources
    for item in sources.sources:
        assert all(isinstance(getattr(item, k), str)
                   for k in ("id", "kind", "author", "url", "title", "text", "created"))
    return sources


# --------------------------------------------------------------------------- values

SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
WORDS = st.lists(st.sampled_from(["the", "model", "Q4", "@someone", "u/x", "&amp;", "<b>",
                                  "**bold**", "[link](http://x)", "😀", "\u202e", "\x00",
                                  "GGUF", "3090", "...", "---", "+++", "-->"]),
                 min_size=0, max_size=12).map(" ".join)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document."""
    found = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, (*prefix, i))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return data


@st.composite
def damaged(draw: st.DrawFn, doc: Any, edits: int = 4) -> Any:
    """``doc`` with a few values (anywhere, at any depth) replaced by any JSON value."""
    data = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, edits))):
        path = draw(st.sampled_from(_paths(data)))
        data = _set(data, path, draw(JSON | WORDS | st.sampled_from(
            ["", "[deleted]", "t1", "t3", "more", "Listing", 1e300, -1, 2**63])))
    return data


def _nested(depth: int) -> str:
    """JSON text of ``depth`` levels of replies (written as text: json.dumps itself
    stops at Python's recursion limit)."""
    head = ('{{"kind": "Listing", "data": {{"children": [{{"kind": "t1", "data": {{'
            '"id": "c{0}", "body": "deeper {0}", "author": "a", "parent_id": "t1_x", '
            '"replies": ')
    return "".join(head.format(i) for i in range(depth)) + '""' + "}}]}}" * depth


# --------------------------------------------------------------------------- Reddit JSON


@PROFILE
@given(doc=damaged(THREAD, edits=6), raw=st.booleans())
def test_reddit_thread_json(capsys, doc: Any, raw: bool) -> None:
    with workdir() as d:
        src = d / "thread.json"
        text = json.dumps(doc, allow_nan=True)
        src.write_text(text if raw else text[: len(text) * 3 // 4], encoding="utf-8")
        sources = ingest_or_name(capsys, src)
        if sources is not None:  # what ingest accepted, the planner takes (or names
            rundown = d / "rundown.json"  # sources.json or the thread it came from)
            reads_or_names(capsys, d, "plan", d / "out" / "sources.json", "--out", rundown,
                           "--when", WHEN)


@pytest.mark.parametrize("depth", [50, 150, 2000, 50_000])
def test_reddit_json_nested_deeply(capsys, tmp_path: Path, depth: int) -> None:
    """Replies nested ``depth`` levels deep: read (each level a comment) or refused as
    nested too deeply, never a RecursionError."""
    src = tmp_path / "deep.json"
    post = json.dumps(THREAD[0])
    src.write_text(f"[{post}, {_nested(depth)}]", encoding="utf-8")
    sources = ingest_or_name(capsys, src)
    if depth <= 150:
        assert sources is not None and len(sources.sources) == depth + 1


@PROFILE
@given(data=st.binary(max_size=300), prefix=st.sampled_from([b"", b'[{"kind": "Listing"',
                                                               b"\xef\xbb\xbf", b"{"]))
def test_reddit_json_bytes(capsys, data: bytes, prefix: bytes) -> None:
    # bytes that sniff as audio are a recording whatever the name: Whisper's (slow) case
    assume(not is_audio((prefix + data)[:16]))
    with workdir() as d:
        src = d / "listing.json"
        src.write_bytes(prefix + data)
        ingest_or_name(capsys, src)


# --------------------------------------------------------------------------- transcripts

STAMP = st.one_of(
    st.tuples(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
              st.integers(0, 999)).map(lambda t: "{:02d}:{:02d}:{:02d}.{:03d}".format(*t)),
    st.sampled_from(["00:00", "99:99:99,999", "0:00:00", "00:61.5", "1:2:3", "--", ""]))
SPEAKER = st.sampled_from(["KAI", "Maya Okafor", "Speaker 1", "", "A" * 80, "<b>x</b>",
                           "Dr. O'Neil", "名前", "x:y"])


@st.composite
def transcript_text(draw: st.DrawFn) -> tuple[str, str]:
    """(suffix, text) of a transcript in one of the six formats, with damage."""
    fmt = draw(st.sampled_from(["vtt", "srt", "json", "whisper", "markdown", "script"]))
    cues = draw(st.lists(st.tuples(STAMP, STAMP, SPEAKER, WORDS | TEXT), max_size=6))
    if fmt == "vtt":
        body = ["WEBVTT" + draw(st.sampled_from(["", " - Show", "\ufeff"])), ""]
        for a, b, who, text in cues:
            body += [f"{a} --> {b}", f"<v {who}>{text}", ""]
        suffix = ".vtt"
    elif fmt == "srt":
        body = []
        for i, (a, b, who, text) in enumerate(cues, 1):
            body += [str(i), f"{a.replace('.', ',')} --> {b}", f"{who}: {text}", ""]
        suffix = ".srt"
    elif fmt == "json":
        segs = [{"speaker": who, "startTime": draw(JSON | st.just(a)), "endTime": b,
                 "body": text} for a, b, who, text in cues]
        doc = draw(damaged({"version": "1.0.0", "segments": segs or [{"body": "x"}]}, 2))
        return ".json", json.dumps(doc, allow_nan=True)
    elif fmt == "whisper":
        body = [f"[{a} --> {b}]  {'>> ' if i % 2 else ''}{text}"
                for i, (a, b, _who, text) in enumerate(cues)]
        suffix = ".txt"
    elif fmt == "markdown":
        body = ["---", f"title: {draw(WORDS)}", f"date: {draw(STAMP)}", "---", ""]
        for a, _b, who, text in cues:
            body += [draw(st.sampled_from(["", f"## [{a}] {text}", "# Title"])), "",
                     f"[{a}] **{who}:** {text}", ""]
        suffix = ".md"
    else:
        body = [f"{who}: {text}" for _a, _b, who, text in cues]
        suffix = ".txt"
    noise = draw(st.lists(st.tuples(st.integers(0, 40), WORDS | TEXT), max_size=3))
    for at, line in noise:
        body.insert(min(at, len(body)), line)
    return suffix, "\n".join(body) + "\n"


@PROFILE
@given(doc=transcript_text())
def test_transcript_files(capsys, doc: tuple[str, str]) -> None:
    suffix, text = doc
    with workdir() as d:
        src = d / f"talk{suffix}"
        src.write_text(text, encoding="utf-8")
        ingest_or_name(capsys, src)


# --------------------------------------------------------------------------- front matter


@st.composite
def article_text(draw: st.DrawFn) -> str:
    fence = draw(st.sampled_from(["---", "+++"]))
    meta = draw(st.dictionaries(st.sampled_from(["title", "author", "authors", "by", "date",
                                                 "url", "link", "tags"]),
                                JSON | WORDS, min_size=1, max_size=5))
    meta.setdefault("title", draw(WORDS | st.just("A title")))
    if fence == "---":
        import yaml

        head = yaml.safe_dump(meta, allow_unicode=True) if draw(st.booleans()) else "\n".join(
            f"{k}: {v}" for k, v in meta.items())  # hand-written YAML, often invalid
    else:
        head = "\n".join(f"{k} = {json.dumps(v, allow_nan=True)}" for k, v in meta.items())
    body = draw(st.lists(WORDS | TEXT, max_size=5))
    return f"{fence}\n{head}\n{fence}\n\n# {draw(WORDS)}\n\n" + "\n\n".join(body) + "\n"


@PROFILE
@given(text=article_text())
def test_markdown_front_matter(capsys, text: str) -> None:
    with workdir() as d:
        src = d / "post.md"
        src.write_text(text, encoding="utf-8")
        ingest_or_name(capsys, src)


# --------------------------------------------------------------------------- feeds


@st.composite
def feed_xml(draw: st.DrawFn) -> str:
    def field() -> str:
        value = draw(WORDS | TEXT)
        return draw(st.sampled_from([value.replace("&", "&amp;").replace("<", "&lt;"),
                                     f"<![CDATA[{value}]]>", value]))

    items = "".join(
        f"<{'item' if rss else 'entry'}><title>{field()}</title>"
        f"<link{'>' + field() + '</link>' if rss else ' href=' + json.dumps(draw(WORDS)) + '/>'}"
        f"<{'pubDate' if rss else 'updated'}>{draw(STAMP | WORDS)}"
        f"</{'pubDate' if rss else 'updated'}><author>{field()}</author>"
        f"<{'description' if rss else 'summary'}>{field()}"
        f"</{'description' if rss else 'summary'}></{'item' if rss else 'entry'}>"
        for rss in draw(st.lists(st.booleans(), max_size=4)))
    head = draw(st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', "",
                                 '<?xml version="1.0" encoding="latin-1"?>',
                                 "<!DOCTYPE rss [<!ENTITY x 'xx'>]>"]))
    root = draw(st.sampled_from(["rss", "feed"]))
    return (f'{head}<{root} version="2.0" xmlns="http://www.w3.org/2005/Atom">'
            f"<channel><title>{field()}</title>{items}</channel></{root}>"
            + draw(st.sampled_from(["", "</channel>", "<item>", "\x00"])))


@PROFILE
@given(text=feed_xml())
def test_feed_files(capsys, text: str) -> None:
    with workdir() as d:
        src = d / "feed.xml"
        src.write_text(text, encoding="utf-8")
        ingest_or_name(capsys, src)


# --------------------------------------------------------------------------- show.toml


def toml_value(value: Any) -> str:
    """A TOML value (our own small writer; JSON escapes are valid TOML escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(value), repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}"
                               for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


TOML_SCALARS = (st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats()
                | WORDS | st.sampled_from(["KAI", "auto", "llm", "guided", "free", "x"]))
TOML_VALUES = st.recursive(TOML_SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["name", "voice", "persona",
                                                              "style", "base_url"]),
                                             inner, max_size=3), max_leaves=8)
SHOW_KEYS = ["name", "description", "language", "author", "owner_email", "tts", "llm",
             "topics", "minutes", "writer", "llm_style", "llm_url", "llm_model", "site",
             "base_url", "cover"]


@st.composite
def show_toml(draw: st.DrawFn) -> str:
    values = draw(st.dictionaries(st.sampled_from(SHOW_KEYS), TOML_VALUES, max_size=6))
    lines = [f"{k} = {toml_value(v)}" for k, v in values.items()]
    lines.append("sources = " + draw(st.sampled_from(
        ['["missing-threads.json"]', "[]", '"one"', "[1, 2]", '["", "x.txt"]'])))
    if "base_url" not in values:
        lines.append('base_url = "https://example.com/show"')
    if draw(st.booleans()):
        hosts = draw(st.lists(st.dictionaries(st.sampled_from(["name", "voice", "persona"]),
                                              TOML_SCALARS | SPEAKER, max_size=3), max_size=3))
        lines += [line for h in hosts
                  for line in ["[[hosts]]", *(f"{k} = {toml_value(v)}" for k, v in h.items())]]
    noise = draw(st.sampled_from(["", "[", "x = ", "= 1", 'name = "dup"', "\x00", "[tts"]))
    return "\n".join(lines) + "\n" + noise + "\n"


@pytest.fixture(scope="module")
def rundown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tinyleaps.cli import main

    out = tmp_path_factory.mktemp("rundown")
    assert main(["ingest", str(sample_threads()), "--out", str(out / "sources.json")]) == 0
    assert main(["plan", str(out / "sources.json"), "--out", str(out / "rundown.json"),
                 "--when", WHEN]) == 0
    return out / "rundown.json"


@PROFILE
@given(text=show_toml())
def test_show_toml_for_write(capsys, rundown: Path, text: str) -> None:
    with workdir() as d:
        cfg = d / "show.toml"
        cfg.write_text(text, encoding="utf-8")
        code = reads_or_names(capsys, cfg, "write", rundown, "--out", d / "script.json",
                              "--writer", "extractive", "--config", cfg)
        assert code == 0 or not (d / "script.json").exists()


@PROFILE
@given(text=show_toml())
def test_show_toml_for_daily(capsys, text: str) -> None:
    """``daily`` reads show.toml's run settings too; its sources never resolve here (no
    network, no model run), so a good config fails on the missing source instead."""
    with workdir() as d:
        (d / "show.toml").write_text(text, encoding="utf-8")
        code, _out, err = run_cli(capsys, "daily", d, "--no-audio")
        line = error_line(err)
        assert code == 2, line
        assert str(d / "show.toml") in line or "missing-threads.json" in line, line


# --------------------------------------------------------------------------- lexicon.toml


@st.composite
def lexicon_toml(draw: st.DrawFn) -> str:
    words = draw(st.dictionaries(WORDS | TEXT, TOML_VALUES | WORDS, max_size=5))
    body = "\n".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in words.items())
    return draw(st.sampled_from(["[words]\n", "words = 1\n", "", "[words.x]\n"])) + body + "\n"


@PROFILE
@given(text=lexicon_toml(), spoken=WORDS | TEXT)
def test_lexicon_toml(capsys, text: str, spoken: str) -> None:
    """A bad lexicon.toml beside show.toml is one line naming it, before any voicing;
    a good one applies to any text without an error."""
    from tinyleaps.errors import InputError
    from tinyleaps.voice.speech_text import Lexicon, to_speech

    with workdir() as d:
        (d / "show.toml").write_text('name = "Lexicon Test"\n', encoding="utf-8")
        lexicon = d / "lexicon.toml"
        lexicon.write_text(text, encoding="utf-8")
        empty = d / "script.json"  # no turns: a good lexicon gets as far as this error
        empty.write_text(json.dumps({"show": "x", "title": "t", "recorded_at": WHEN}))
        code, _out, err = run_cli(capsys, "voice", empty, "--out", d / "v",
                                  "--config", d / "show.toml")
        line = error_line(err)
        assert code == 2
        try:
            loaded = Lexicon.load(lexicon)
        except InputError:
            assert str(lexicon) in line, line
            return
        assert line.endswith(f"{empty}: the script has no turns to voice")
        assert isinstance(to_speech(spoken, loaded), str)


# --------------------------------------------------------------------------- live Reddit

LISTING = {"kind": "Listing", "data": {"children": THREAD[0]["data"]["children"]}}
MORE = {"json": {"errors": [], "data": {"things": THREAD[1]["data"]["children"][:3]}}}


@PROFILE
@given(listing=damaged(LISTING, 3), thread=damaged(THREAD, 3), more=damaged(MORE, 2),
       status=st.sampled_from([200, 200, 200, 404, 403]))  # 5xx: retried with real sleeps
def test_a_hostile_reddit_server(listing: Any, thread: Any, more: Any, status: int) -> None:
    """r/<sub> and thread URLs fetched from a server answering damaged JSON (an httpx
    MockTransport: never the network): the items, or a SourceError naming what was
    fetched."""
    import httpx

    from tinyleaps.errors import SourceError
    from tinyleaps.sources import IngestOptions, ingest

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        doc = more if "morechildren" in path else thread if "/comments/" in path else listing
        return httpx.Response(status, text=json.dumps(doc, allow_nan=True),
                              headers={"content-type": "application/json"})

    options = IngestOptions(transport=httpx.MockTransport(answer), limit=2, more_limit=4)
    for spec in ("r/LocalLLaMA", "https://www.reddit.com/r/LocalLLaMA/comments/tl1smol/x/"):
        try:
            items = ingest([spec], options).sources
        except SourceError as exc:
            assert "LocalLLaMA" in str(exc) or "reddit.com" in str(exc), exc
            continue
        assert items and all(isinstance(i.text, str) and isinstance(i.author, str)
                             for i in items)
