"""Tests of the command line (src/tinyleaps/cli/): whole runs, stage commands, resume, errors."""
