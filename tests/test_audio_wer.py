"""Word error rate: normalization that both sides share, and the edit distance."""

from __future__ import annotations

import pytest

from tinyleaps.audio.intelligibility import (
    edit_distance,
    normalize_words,
    number_words,
    word_error_rate,
)


def test_handles_hyphens_and_numbers_normalize_like_speech() -> None:
    assert normalize_words("Thanks, u/bob_smith & @Alice-B!") == [
        "thanks", "bob", "smith", "and", "alice", "b"]
    assert normalize_words("The 7B model: 2.5x faster, 1,024 tokens, 100%") == [
        "the", "seven", "b", "model", "two", "point", "five", "x", "faster", "one",
        "thousand", "twenty", "four", "tokens", "one", "hundred", "percent"]
    assert normalize_words("It’s 4bit") == ["it's", "four", "bit"]


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
