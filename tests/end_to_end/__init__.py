"""Tests of whole runs of the command line: mixed sources to a checked script, and every
hostile or careless input a clean one-line error (issue 14 and our own pass)."""
