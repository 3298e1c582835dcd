"""Tests of the grounding rules (src/tinyleaps/grounding/) that planning, writing and
``tinyleaps check`` share: every deliberately broken script caught, credits by handle and
by name, whose voice a host's line speaks in."""
