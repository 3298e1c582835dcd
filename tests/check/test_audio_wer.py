"""Word error rate: normalization that both sides share, and the edit distance."""

from __future__ import annotations

import pytest

from tinyleaps.audio.intelligibility import (
    edit_distance,
    normalize_words,
    number_words,
    score_words,
    word_diff,
    word_error_rate,
)


def test_handles_hyphens_and_numbers_normalize_like_speech() -> None:
    assert normalize_words("Thanks, u/bob_smith & @Alice-B!") == [
        "thanks", "bob", "smith", "and", "alice", "b"]
    assert normalize_words("The 7B model: 2.5x faster, 1,024 tokens, 100%") == [
        "the", "7", "billion", "model", "2.5", "x", "faster", "1024", "tokens", "100",
        "percent"]
    assert normalize_words("It’s 4bit") == ["its", "4", "bit"]  # its == it's


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("two R.T.X. thirty nineties", "2 RTX 3090s"),  # what Whisper writes for a GPU
        ("Price one thousand fifty dollars.", "price $1,050."),
        ("My fourteen hundred dollars used G.P.U. build", "My $1400 used GPU build."),
        ("Apache 2 point 0, 32 K context", "Apache 2.0, 32K context"),
        ("3 point 1 billion parameters", "3.1 billion parameters"),
        ("twenty twenty five and twenty oh five", "2025 and 2005"),
        ("Q8 zero K.V. cache", "Q80 KV cache"),
        ("48 gigabytes of V RAM", "48GB of VRAM"),
        ("one hundred and twelve", "112"),
        ("anon two three two eight two one nine", "anon 2328219"),
    ],
)
def test_digits_and_number_words_compare_in_one_canonical_form(said: str, heard: str) -> None:
    assert word_error_rate(said, heard) == 0.0


def test_a_number_heard_wrong_still_counts() -> None:
    # "thirty ninety" is 3090, so Whisper's "30.90" (thirty point nine zero) is an error
    assert normalize_words("thirty ninety") == ["3090"]
    assert normalize_words("$30.90") == ["30.90", "dollars"]
    assert word_error_rate("R.T.X. thirty ninety", "RTX 30.90") == pytest.approx(0.5)
    assert word_error_rate("one thousand fifty dollars", "$10.50") == pytest.approx(0.5)
    assert word_error_rate("fourteen hundred", "four hundred") == 1.0
    assert word_error_rate("Q8 zero", "Q eighty") == 0.0  # "Q80" either way, by design
    assert word_error_rate("eight zero", "eighty") == 1.0  # outside a code name it counts


def test_only_true_homophones_are_forgiven() -> None:
    assert word_error_rate("K.V. cache in llama C.P.P.", "KV cash in lama CPP") == 0.0
    assert word_error_rate("Qwen 3 and whose model", "Quen 3 and who's model") == 0.0
    assert word_error_rate("Qwen 3", "Qun 3") == 0.5  # another vowel: heard wrong
    assert word_error_rate("Eliza", "Elisa") == 1.0
    assert word_error_rate("context", "contacts") == 1.0


def test_number_words() -> None:
    assert number_words(0) == ["zero"]
    assert " ".join(number_words(2_000_019)) == "two million nineteen"
    assert " ".join(number_words(342)) == "three hundred forty two"


def test_wer_ignores_spelling_but_counts_hearing_errors() -> None:
    assert word_error_rate("KAI counted ten models, thanks @bob.", "Kai counted 10 models. "
                           "Thanks Bob!") == 0.0
    # one substitution, one deletion over 5 words
    assert word_error_rate("the cat sat on mats", "the bat sat on") == pytest.approx(0.4)
    assert edit_distance(["a", "b"], ["a", "x", "b"]) == 1
    assert word_error_rate("", "") == 0.0 and word_error_rate("", "noise") == 1.0


def test_letters_said_one_by_one_and_contractions_match_what_whisper_writes() -> None:
    assert normalize_words("Open A.I.'s G.G.U.F. on a G P U") == [
        "open", "ai's", "gguf", "on", "a", "gpu"]
    assert word_error_rate("Mega T.T.S. and Closed A.I.", "Mega TTS and closed AI") == 0.0
    assert word_error_rate("we're sure it can't", "we are sure it cannot") == 0.0
    assert word_error_rate("Q4 K.M. beats it", "Q4 KM beats it") == 0.0


def test_word_diff_shows_what_was_said_and_what_was_heard() -> None:
    assert word_diff("Kwen Coder is here", "Q1 coder is here") == [("qwen", "q1")]


def test_dollar_amounts_and_sizes_count_the_same_written_or_spoken() -> None:
    assert word_error_rate("My 1400 dollars build, 48 gigabytes", "My $1,400 build, 48GB") == 0.0


def test_word_boundaries_are_not_heard_so_spacing_alone_is_no_error() -> None:
    assert word_error_rate("via open router", "via OpenRouter") == 0.0
    assert word_error_rate("Mega T.T.S. 3 from Byte Dance", "MegaTTS 3 from ByteDance") == 0.0
    assert word_error_rate("thanks offlinesir", "thanks offline sir") == 0.0
    assert word_error_rate("Open A.I. released there open weight models on Open A.I.",
                           "OpenAI released their open weight models on OpenAI") == 0.0
    # the letters must match: "open rooter" is still one error
    assert word_error_rate("via open router", "via open rooter") == pytest.approx(1 / 3)


def test_names_and_model_ids_are_scored_apart() -> None:
    said = "thanks Only Letterhead thirty four eleven for the Qwen 3 tip, it runs well"
    heard = "thanks only letter head 34 11 for the Quinn 3 tip it runs"
    score = score_words(said, heard, ["Only Letterhead thirty four eleven", "Qwen 3"])
    # spacing and digits are no error: "Quinn" for Qwen is, and so is the lost "well"
    assert (score.name_errors, score.name_words) == (1, 5)
    assert (score.errors, score.words) == (2, 12)
    assert score.name_wer == pytest.approx(0.2) and score.wer == pytest.approx(2 / 12)


def test_the_listeners_backchannels_are_not_errors_but_only_as_many_as_were_said() -> None:
    said = "the seven billion model runs on a laptop"
    heard = "the seven billion model right runs on a laptop right yeah"
    plain = score_words(said, heard)
    assert plain.errors == 3 and plain.forgiven == 0
    once = score_words(said, heard, extras=["Right."])
    assert (once.errors, once.forgiven) == (2, 1)  # one "right" was said, not two
    # a backchannel never excuses a word of the speaker heard wrong
    assert score_words(said, "the seven billion model right on a laptop",
                       extras=["Right."]).errors == 1
