"""Tests of the voice stage (src/tinyleaps/voice/ and src/tinyleaps/audio/): script.json ->
episode.mp3 and transcripts; TTS backends, speech text, timing, mixing, loudness."""
