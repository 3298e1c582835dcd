"""Tests of the ingest stage (src/tinyleaps/sources/): Reddit files and the live client,
transcripts, articles, feeds, audio files, transcriber word repairs and the names lexicon."""
