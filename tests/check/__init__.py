"""Tests of ``tinyleaps check`` (src/tinyleaps/check/): the grounding rules a script must keep
and the audio's round-trip word error rate."""
