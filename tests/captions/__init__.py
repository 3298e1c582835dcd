"""Tests of the captions package (src/tinyleaps/captions/): one timestamp parser and one
WebVTT/SubRip reader, shared by ingest and check."""
