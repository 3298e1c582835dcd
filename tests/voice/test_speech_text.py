"""Speech-text rules, pinned with sentences from real r/LocalLLaMA threads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinyleaps.errors import InputError
from tinyleaps.voice.model_names import name_tokens
from tinyleaps.voice.numbers import digits_words
from tinyleaps.voice.speech_text import (
    Lexicon,
    load_lexicon,
    site_name,
    to_speech,
    written_form,
)


def _bodies(shared_data: Path, day: str, thread: str) -> list[str]:
    data = json.loads((shared_data / "reddit/LocalLLaMA" / day / f"{thread}.json").read_text())
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("body"), str):
                out.append(node["body"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return out


def _real(shared_data: Path, needle: str) -> str:
    for day in ("2025-07-12", "2025-07-22", "2025-08-05"):
        for path in sorted((shared_data / "reddit/LocalLLaMA" / day).glob("*.json")):
            if needle in path.read_text(encoding="utf-8"):
                for body in _bodies(shared_data, day, path.stem):
                    if needle in body:
                        return body
    pytest.skip(f"no comment with {needle!r} in the shared data")


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("thanks @Only-Letterhead-3411", "thanks Only Letterhead thirty four eleven"),
        ("as u/TheBloke said", "as The Bloke said"),
        ("Running Qwen-30B locally", "Running Kwen 30 billion locally"),  # not "minus 30"
        ("Llama-70B at Q4", "Lahma 70 billion at Q4"),
        ("Q8_0 beats Q4_K_M", "Q8 zero beats Q4 K.M."),
        ("IQ4_XS fits", "I Q4 X.S. fits"),
        ("the 405B model", "the 405 billion model"),
        ("Yi-34B-200k", "Yi 34 billion, 200 K context"),
        ("Qwen3-30B-A3B", "Kwen 3, 30 billion, A3B"),
        ("GGUF on llama.cpp or vLLM", "G.G.U.F. on lahma C.P.P. or V.L.L.M."),
        ("45 tok/s on 24GB", "45 tokens per second on 24 gigabytes"),
        ("Llama 3.1 is ~8% better", "Lahma 3 point 1 is about 8 percent better"),
        ("$1,200 or $9.99", "twelve hundred dollars or 9 dollars and 99 cents"),
        ("Price $1,050.", "Price one thousand fifty dollars."),
        ("$5k budget, $1 each", "5 thousand dollars budget, one dollar each"),
        ("R&D 🔥🚀 **really**", "R and D really"),
        ("see https://github.com/ggml-org/llama.cpp/pull/1", "see a link to GitHub"),
        ("two RTX 3090s", "two R.T.X. thirty nineties"),
        ("2x RTX 3090: Price", "two R.T.X. thirty ninety: Price"),
        ("Power limiting 3090s is", "Power limiting thirty nineties is"),
        ("Can confirm on a 4070 Ti.", "Can confirm on a forty seventy T.I."),
        ("7900 XTX or RX 7900XT", "seventy nine hundred X.T.X. or R.X. seventy nine hundred X.T."),
        ("GTX 1080 Ti", "G.T.X. ten eighty T.I."),
        ("4096 tokens in 2024", "4096 tokens in 2024"),
        ("12 GB RTX 3060", "12 gigabytes R.T.X. thirty sixty"),
        ("thanks @ggml_enjoyer", "thanks G.G.M.L. enjoyer"),
        ("came from @_moria_: I normally", "came from moria: I normally"),
        ("the most upvoted reply", "the most up voted reply"),
        ("Qwen3-Coder is here", "Kwen 3 Coder is here"),
        ("MegaTTS 3 from ByteDance", "Mega T.T.S. 3 from ByteDance"),
        ("ClosedAI and OpenAI's WavVAE", "Closed A.I. and Open A.I.'s Wav V.A.E."),
        ("LLMs on GPUs", "LLMs on GPUs"),
        ("a link to huggingface.co", "a link to Hugging Face"),
        ("see preview.redd.it/abc.png.", "see Reddit."),
        ("EXL2 quants", "E.X.L. 2 quants"),
        # handles as a person says them: digits in pairs, camel case and underscores apart
        ("from @ResearchCrafty1804", "from Research Crafty eighteen oh four"),
        ("u/Particular_Pool8344 asked", "Particular Pool eighty three forty four asked"),
        ("@DeepWisdomGuy and u/Final_Wheel", "Deep Wisdom Guy and Final Wheel"),
        ("@Expensive-Apricot-25 and @steny007", "Expensive Apricot twenty five and steny zero "
         "zero seven"),
        ("@olympics2022wins said", "olympics twenty twenty two wins said"),
        ("@anon-nsfw2328219", "anon N.S.F.W. two three two eight two one nine"),
        ("And I'm Eliza.", "And I'm Elyza."),
    ],
)
def test_rules(text: str, spoken: str) -> None:
    assert to_speech(text) == spoken


@pytest.mark.parametrize(
    ("digits", "said"),
    [("3411", "thirty-four eleven"), ("1804", "eighteen oh four"), ("2000", "two thousand"),
     ("2005", "two thousand five"), ("1400", "fourteen hundred"), ("804", "eight oh four"),
     ("342", "three forty-two"), ("42", "forty-two"), ("7", "seven"), ("007", "zero zero seven"),
     ("12345", "one two three four five")],
)
def test_digits_in_a_name_are_read_as_people_read_them(digits: str, said: str) -> None:
    assert " ".join(digits_words(digits)) == said


def test_name_tokens_are_handles_model_ids_and_families_not_plain_numbers() -> None:
    text = ("@Only-Letterhead-3411 ran Qwen3-Coder-480B-A35B at Q4_K_M on OpenRouter, "
            "Llama too: 24GB, 10x faster, 22nd try, 256K context, u/bob_smith agrees.")
    assert name_tokens(text) == ["@Only-Letterhead-3411", "Qwen3-Coder-480B-A35B", "Q4_K_M",
                                 "OpenRouter", "Llama", "u/bob_smith"]


def test_real_kimi_comment_html_escaped_quant_and_units(shared_data: Path) -> None:
    body = _real(shared_data, "running the Q4_K_M model yields roughly 10 TPS")
    spoken = to_speech(body)
    assert "&gt;" not in spoken and ">" not in spoken
    assert "Q4 K.M. model yields roughly 10 tokens per second" in spoken
    assert "600 gigabytes of V RAM" in spoken
    assert "Kimi K2" in spoken


def test_real_markdown_link_to_hugging_face(shared_data: Path) -> None:
    body = _real(shared_data, "EAddario does quants like that")
    spoken = to_speech(body)
    assert "a link to Hugging Face" in spoken
    assert "https" not in spoken and "[" not in spoken and "](" not in spoken
    assert "huggingface.co" in body  # the original text is untouched


def test_real_gpt_oss_comment(shared_data: Path) -> None:
    body = _real(shared_data, "Qwen3-30B-A3B and the newly released OpenAI GPT-OSS 20B")
    spoken = to_speech(body)
    assert spoken.startswith(
        "Kwen 3, 30 billion, A3B and the newly released Open A.I. G.P.T. O.S.S.")
    assert "20 billion" in spoken
    assert "800 gigabytes per second" in spoken


def test_real_tok_per_sec_and_repo_id(shared_data: Path) -> None:
    body = _real(shared_data, "openai/gpt-oss-20b, 205.70 tok/sec")
    spoken = to_speech(body)
    assert "G.P.T. O.S.S. 20 billion, 205 point 70 tokens per second" in spoken
    assert "openai/" not in spoken


def test_real_handles_from_thread_authors(shared_data: Path) -> None:
    data = json.loads(
        (shared_data / "reddit/LocalLLaMA/2025-07-12/1lxmr2h.json").read_text(encoding="utf-8")
    )
    authors = {c["data"].get("author", "") for c in data[1]["data"]["children"]}
    assert "Only-Letterhead-3411" in authors
    assert to_speech("@Only-Letterhead-3411 asked") == "Only Letterhead thirty four eleven asked"


def test_site_names() -> None:
    assert site_name("https://www.reddit.com/r/LocalLLaMA/") == "Reddit"
    assert site_name("https://old.reddit.com/r/x") == "Reddit"
    assert site_name("https://blog.example.org/post") == "blog dot example dot org"


def test_lexicon_applies_first_and_is_protected(tmp_path: Path) -> None:
    lex_file = tmp_path / "lexicon.toml"
    lex_file.write_text('[words]\n"GGUF" = "gee guff"\n"Qwen" = "chwen"\n', encoding="utf-8")
    lex = Lexicon.load(lex_file)
    assert to_speech("a GGUF of Qwen, 30B", lex) == "a gee guff of chwen, 30 billion"
    assert to_speech("GGUFs stay", lex) == "GGUFs stay"  # whole words only


def test_lexicon_loaded_from_config_dir_and_show_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "lexicon.toml").write_text('[words]\n"GGUF" = "gee guff"\n"MoE" = "moe"\n')
    show = tmp_path / "show"
    show.mkdir()
    (show / "lexicon.toml").write_text('[words]\n"MoE" = "mixture of experts"\n')
    monkeypatch.setenv("TINYLEAPS_CONFIG_DIR", str(cfg))
    assert load_lexicon().words == {"GGUF": "gee guff", "MoE": "moe"}
    assert load_lexicon(show).words["MoE"] == "mixture of experts"


def test_bad_lexicon_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.toml"
    bad.write_text("[words\n")
    with pytest.raises(InputError, match="lexicon.toml: invalid TOML"):
        Lexicon.load(bad)


def test_real_qwen3_coder_post_says_kwen_and_keeps_one_phrase(shared_data: Path) -> None:
    body = _real(shared_data, "we're announcing Qwen3-Coder")
    spoken = to_speech(body)
    assert "we're announcing Kwen 3 Coder" in spoken
    assert "Kwen 3 Coder 480 billion, A35B Instruct" in spoken
    assert "Qwen" not in spoken and "3, Coder" not in spoken
    assert "Qwen3-Coder-480B-A35B-Instruct" in body  # the original text is untouched


def test_megatts_thread_spells_the_trailing_acronym() -> None:
    # from the MegaTTS post (selftext) of 2025-07-22/1m641zg, as the writer quotes it
    spoken = to_speech("they decided not to release the WavVAE encoder necessary")
    assert "Wav V.A.E. encoder" in spoken
    assert "Mega T.T.S. 3" in to_speech("MegaTTS 3 Voice Cloning is Here")


def test_real_bare_domain_is_spoken_as_the_site(shared_data: Path) -> None:
    body = _real(shared_data, "preview.redd.it")
    spoken = to_speech(body)
    assert "redd.it" not in spoken and "Reddit" in spoken


def test_respelled_words_turn_back_into_the_written_word_for_the_reference() -> None:
    spoken = to_speech("llama.cpp and Llama 3 on r/LocalLLaMA")
    assert spoken == "lahma C.P.P. and Lahma 3 on r slash Local Lahma"
    assert written_form(spoken) == "llama C.P.P. and Llama 3 on r slash Local Llama"
    assert written_form(to_speech("Qwen3-Coder")) == "Qwen 3 Coder"  # said "Kwen"
