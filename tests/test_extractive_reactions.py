"""The extractive writer's reactions fit the words they follow, and its gists read well."""

from __future__ import annotations

import re
from functools import cache

import pytest

from tinyleaps.artifacts import Rundown, Script, SourceRef
from tinyleaps.check.script_rules import check_script, find_handles
from tinyleaps.config import ShowConfig
from tinyleaps.writing import phrases as P
from tinyleaps.writing.base import WriteOptions
from tinyleaps.writing.extractive import ExtractiveWriter
from tinyleaps.writing.reactions import features, name_terms
from tinyleaps.writing.speakable import trim_words, without_links

from .test_extractive_fixtures import make_rundown, make_topic, random_rundown, sample_rundown

_QUOTE = re.compile(r'"([^"]+)"')


def write(rundown: Rundown, minutes: float = 5, seed: int = 0) -> Script:
    return ExtractiveWriter(ShowConfig(), WriteOptions(minutes=minutes, seed=seed)).write(rundown)


def _stem(template: str) -> str:
    """The literal words of a template before its first placeholder (or all of it)."""
    head = template.split("{")[0].strip()
    return head if len(head) >= 12 else max(re.split(r"\{\w+\}", template), key=len).strip()


def _reactions_after_quotes(script: Script, pool: tuple[str, ...]) -> list[tuple[str, str]]:
    """(the quote, the text after it) wherever a phrase of ``pool`` follows a quote."""
    found = []
    last_quote = ""
    for turn in script.turns:
        pieces = re.split(r'("[^"]+")', turn.text)
        for piece in pieces:
            if piece.startswith('"'):
                last_quote = piece.strip('"')
            elif last_quote and any(_stem(t) in piece for t in pool):
                found.append((last_quote, piece))
    return found


@cache
def _all_scripts() -> list[Script]:
    scripts = [write(sample_rundown(), minutes=m) for m in (3, 8)]
    scripts += [write(random_rundown(seed), minutes=6, seed=seed) for seed in range(40)]
    return scripts


def test_a_number_reaction_only_follows_a_quote_with_that_figure() -> None:
    seen = 0
    for script in _all_scripts():
        for quote, after in _reactions_after_quotes(script, P.REACT_NUMBERS):
            seen += 1
            assert re.search(r"\d", quote), (quote, after)
            figure = features(quote).figure
            assert figure and figure in after, (quote, after)
    assert seen >= 3


@pytest.mark.parametrize(
    ("pool", "feature"),
    [(P.REACT_QUESTION, "question"), (P.REACT_HUMOUR, "humour"),
     (P.REACT_PUSHBACK, "pushback"), (P.REACT_ADVICE, "advice"),
     (P.REACT_STRONG, "strong")],
)
def test_each_reaction_kind_follows_only_quotes_with_its_feature(
        pool: tuple[str, ...], feature: str) -> None:
    for script in _all_scripts():
        for quote, after in _reactions_after_quotes(script, pool):
            assert getattr(features(quote), feature), (quote, after)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ran the Q4_K_M on my phone with llama.cpp: 14 tok/s generation.",
         {"figure": "14 tok/s"}),
        ("Two 3090s give you 48 GB for about $1,050 used.", {"figure": "48 GB"}),
        ("Now we know Mistral Small, Qwen 2.5 and Kimi K2 are the ones.", {"figure": None}),
        ("Audio: Donald Trump's 1000% legit confession", {"figure": None}),
        ("It's been 8 minutes, where's my GGUF!?!?", {"question": True}),
        ("No, it has to be safe! Like, so you don't cut yourself.", {"pushback": True}),
        ("Gotta make sure it's useless first lol", {"humour": True, "advice": False}),
        ("When Altman said 'something amazing' I assumed they meant it.", {"strong": None}),
        ("It likely rendered OpenAI's open model obsolete.", {"strong": "obsolete"}),
        ("Power limiting 3090s is the best-kept secret here.", {"strong": None}),
    ],
)
def test_reaction_features_come_from_the_words(text: str, expected: dict[str, object]) -> None:
    feat = features(text)
    for name, value in expected.items():
        assert getattr(feat, name) == value, name


def test_name_terms_are_names_not_sentence_starts_or_common_words() -> None:
    assert name_terms("So much for that LOL Good news anyway, Qwen3-Coder and MLX rock.") == \
        ["Qwen3-Coder", "MLX"]
    assert name_terms("Apache 2.0 means you can ship it.", loose=True) == ["Apache"]


def _reaction_rundown() -> Rundown:
    return make_rundown([make_topic(
        "rx", "Pebble-3B is out", "pebble_dev", "A 3B model under Apache 2.0 with 32k context.",
        [
            ("joker", "Finally a model my toaster can run lol", 90, None),
            ("plain", "The license is what matters for my team at work.", 80, None),
            ("mlx_fan", "MLX already has a conversion, and it runs well on a MacBook Air.",
             70, None),
            ("tester", "The MLX build kept the same answers as the GGUF on my prompts.", 60, None),
            ("asker", "Does anyone know if it handles tool calling?", 50, None),
        ])])


def test_plain_statements_get_no_pushback_numbers_or_strong_word_reaction() -> None:
    script = write(_reaction_rundown(), minutes=6)
    text = script.to_text()
    plain = next(t for t in script.turns if "The license is what matters" in t.text)
    after = script.turns[script.turns.index(plain) + 1].text.split('"')[0]
    for pool in (P.REACT_PUSHBACK, P.REACT_NUMBERS, P.REACT_STRONG, P.REACT_HUMOUR):
        assert not any(_stem(t) in after for t in pool), after
    assert check_script(script) == [], text


def test_second_host_connects_a_point_to_an_earlier_speaker_and_cites_them() -> None:
    script = write(_reaction_rundown(), minutes=6)
    tester = next(t for t in script.turns if "kept the same answers" in t.text)
    turn = script.turns[script.turns.index(tester) + 1]
    reaction = turn.text.split('"')[0]
    assert "MLX" in reaction and "@mlx_fan" in reaction, reaction
    assert any(_stem(t) in reaction for t in P.LINK_EARLIER)
    assert "reddit:t1_rxc2" in turn.cites
    assert "mlx_fan" in find_handles(turn.text)
    assert check_script(script) == []


def test_the_joke_gets_a_light_reaction() -> None:
    script = write(_reaction_rundown(), minutes=6)
    joke = next(t for t in script.turns if "my toaster can run" in t.text)
    reply = script.turns[script.turns.index(joke) + 1].text
    assert any(_stem(t) in reply for t in P.REACT_HUMOUR), reply


def test_both_hosts_carry_at_least_30_percent_on_every_generated_show() -> None:
    for script in _all_scripts():
        words = {h: sum(len(t.text.split()) for t in script.turns if t.speaker == h)
                 for h in script.host_names()}
        assert min(words.values()) / sum(words.values()) >= 0.3


def test_explicit_point_in_an_old_rundown_is_skipped_by_the_writer() -> None:
    rundown = make_rundown([make_topic(
        "sx", "Benchmarks", "op_sx", "A new writing benchmark.",
        [("crude", "Now we know the best sex would be with a Mistral Small.", 90, None),
         ("fine", "The benchmark rewards long coherent dialogue, which I like.", 50, None)])])
    text = write(rundown).to_text()
    assert "sex" not in text and "@crude" not in text
    assert "@fine" in text


def test_link_post_gist_is_lowercase_and_names_the_merged_thread() -> None:
    rundown = make_rundown([make_topic(
        "im", "we have to delay it", "op_im",
        "we have to delay it. An image posted to Reddit. Also on this story: OpenAI delays "
        "its open weight model again for 'safety tests'; Does this mean it's not open source?",
        [("alice", "Gotta make sure it's useless first, apparently.", 50, None)])])
    opener = write(rundown).turns_of("topic-im")[0].text
    assert "is an image posted to Reddit" in opener
    assert "is An image" not in opener
    assert "OpenAI delays its open weight model again for 'safety tests'." in opener


def test_gist_drops_link_lists_and_ends_on_a_whole_sentence() -> None:
    summary = ("Kitten ML has released open source code and weights of their new TTS model. "
               "Github: a link to github.com Huggingface: a link to huggingface.co. We are "
               "releasing two flavors: the small one for phones, the large one for servers, "
               "and a third for research use with a longer context and more voices.")
    rundown = make_rundown([make_topic("kt", "Kitten TTS", "op_kt", summary,
                                       [("bob", "It is tiny and sounds decent.", 9, None)])])
    opener = write(rundown, minutes=2).turns_of("topic-kt")[0].text
    assert "Kitten ML has released open source code and weights of their new TTS model." \
        in opener
    assert "a link" not in opener and "Github" not in opener
    assert "..." not in opener and "…" not in opener


def test_trim_words_keeps_whole_sentences_and_cuts_only_a_runaway_one() -> None:
    text = "Short first one. " + " ".join(["Word"] * 30) + "."
    assert trim_words(text, 20) == "Short first one."
    assert trim_words("Same experience. Capped mine at 260 W and lost about 5 percent.", 10) \
        == "Same experience. Capped mine at 260 W and lost about 5 percent."
    runaway = ", ".join(["a long clause here"] * 20) + "."
    assert trim_words(runaway, 10).endswith("...")
    assert without_links("Model: a link to huggingface.co. It is small.") == "It is small."
    assert without_links("Check a link to github.com for the code.") == \
        "Check a link to github.com for the code."


def test_intro_says_topics_when_an_article_joined_the_threads() -> None:
    rundown = sample_rundown()
    rundown.sources["article:x"] = SourceRef(kind="article", author="Dana Whitfield",
                                             url="https://example.org/a", title="A piece")
    rundown.segments[0].source_ids.append("article:x")
    intro = " ".join(t.text for t in write(rundown).turns_of("intro"))
    assert "three topics lined up" in intro and "threads" not in intro


def test_the_intro_list_does_not_read_the_posters_first_person_as_the_hosts() -> None:
    from tinyleaps.artifacts import RundownSegment
    from tinyleaps.writing.extractive import _short_title

    def short(title: str) -> str:
        return _short_title(RundownSegment(id="t", title=title, spoken_title=title,
                                           main_source="x", source_ids=[], op="a", url="",
                                           summary=""))

    assert short("My $1,400 used-GPU build: two 3090s, 48 GB of VRAM") == "a $1,400 used-GPU build"
    assert short("llama.cpp: q8_0 KV cache plus flash attention gave me 2x the context"
                 ) == "llama.cpp: q8_0 KV cache plus flash attention"
    assert short("Kimi K2 is out and it made my day") == "Kimi K2 is out"
    assert short("Pebble-3B is out: Apache-2.0, 32k context") == "Pebble-3B is out"
    assert short("we have to delay it") == "we have to delay it"
