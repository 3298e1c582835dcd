"""Tests of the write stage (src/tinyleaps/writing/): rundown.json -> beats.json ->
script.json; the beat plan, the floor (extractive) writer, the LLM writer and its backends."""
