"""Tests of the plan stage (src/tinyleaps/planning/): sources.json -> rundown.json; stories,
points, long transcripts and articles, steering, follow-ups, real recorded days."""
