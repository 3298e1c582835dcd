"""Tests of the text package (src/tinyleaps/text/): sentences, word lists, stems, emoji,
tf-idf, and Markdown to speakable text on hand-made and real r/LocalLLaMA comments."""
