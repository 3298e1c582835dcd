"""Tests of ``tinyleaps check`` (src/tinyleaps/check/): the audio's round-trip word error
rate (the grounding rules it reports are tested in tests/grounding/)."""
