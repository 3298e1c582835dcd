"""The text package: one home for sentence splitting, word lists, emoji, tf-idf."""

from __future__ import annotations

import numpy as np
import pytest

from tinyleaps.text.clean import clean_prose, spoken_title, strip_emoji
from tinyleaps.text.names import is_placeholder_label
from tinyleaps.text.sentences import (
    last_sentence,
    paragraph_sentences,
    split_at_stops,
    split_sentences,
    spoken_sentences,
)
from tinyleaps.text.vectors import cosine, matrix, term_counts, tfidf
from tinyleaps.text.words import STOPWORDS, norm, singular, stem, tokens, wordlist


def test_prose_sentences_do_not_split_inside_figures_or_abbreviations() -> None:
    text = "It needs 3.5 GB of VRAM. e.g. on a 3090 it flies! $20 a month is fine."
    assert split_sentences(text) == ["It needs 3.5 GB of VRAM. e.g. on a 3090 it flies!",
                                     "$20 a month is fine."]


def test_a_closing_quote_is_kept_only_when_asked() -> None:
    text = 'He said "ship it." Then they did.'
    assert split_sentences(text) == ['He said "ship it.', "Then they did."]
    assert split_sentences(text, keep_closers=True) == ['He said "ship it."', "Then they did."]


def test_paragraphs_and_bullets_end_sentences() -> None:
    post = "Results below\n\n- Qwen3 runs at 40 tok/s\n- Llama is slower"
    assert paragraph_sentences(post) == ["Results below", "- Qwen3 runs at 40 tok/s",
                                         "- Llama is slower"]


def test_speech_splits_before_a_lowercase_filler() -> None:
    assert spoken_sentences("It was fast. so we kept it. yeah.") == [
        "It was fast.", "so we kept it.", "yeah."]
    assert split_at_stops("Okay. Okay. ") == ["Okay.", "Okay.", ""]
    assert last_sentence('It costs $5. "Really?" ') == '"Really?"'


def test_word_lists_come_from_the_data_file() -> None:
    assert {"the", "gonna", "people"} <= STOPWORDS
    assert "um" in wordlist("stopwords", "spoken") and "um" not in STOPWORDS
    assert "qwen" in wordlist("names", "known")
    assert "gpu" in wordlist("names", "generic")
    with pytest.raises(KeyError):
        wordlist("names", "nonexistent")


def test_tokens_keep_compound_names_and_their_parts() -> None:
    assert tokens("Kimi-K2 is really fast") == ["kimi-k2", "kimik2", "kimi", "k2", "fast"]
    assert norm("It’s 40 tok/s!") == "it s 40 tok s"
    assert singular("models") == "model" and singular("class") == "class"
    assert {stem(w) for w in ("releases", "released", "releasing", "release")} == {"releas"}


def test_emoji_and_their_joiners_go_letters_stay() -> None:
    assert strip_emoji("Great 🚀 日本語 👍🏽 done✅") == "Great  日本語  done"
    assert strip_emoji("new \U0001FAE8 emoji") == "new  emoji"  # Unicode 15: unnamed in 3.11
    assert clean_prose("See [the repo](https://github.com/x/y) 🔥 **now**") == "See the repo now"
    assert spoken_title("[News] Qwen3 is out!!!! 🎉") == "Qwen3 is out!"


def test_placeholder_speaker_labels() -> None:
    assert all(map(is_placeholder_label, ["Speaker 1", "SPEAKER_00", " spk2", "Guest 3"]))
    assert not is_placeholder_label("Jane Doe") and not is_placeholder_label("Speaker")


def test_tfidf_smooth_and_plain_idf() -> None:
    docs = [{"qwen": 1.0, "model": 1.0}, {"llama": 1.0, "model": 1.0}]
    smooth = tfidf(docs)
    assert smooth[0]["model"] > 0 and cosine(smooth[0], smooth[1]) > 0
    plain = tfidf(docs, smooth=False)
    assert plain[0]["model"] == 0.0  # in every document: no weight
    assert cosine(plain[0], plain[1]) == pytest.approx(0.0)
    assert cosine(plain[0], plain[0]) == pytest.approx(1.0)
    mat, vocab = matrix(tfidf([term_counts(["gpu", "gpu", "vram"]), term_counts(["cpu"])],
                              smooth=False))
    assert vocab == ["cpu", "gpu", "vram"]
    assert mat.dtype == np.float32 and mat[1].tolist() == [1.0, 0.0, 0.0]
    assert np.linalg.norm(mat[0]) == pytest.approx(1.0)
