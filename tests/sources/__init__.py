"""Tests of the ingest stage (src/tinyleaps/sources/): Reddit files and the live client,
transcripts, articles, feeds, audio files, text cleaning and the names lexicon."""
