"""Tests of the publish stage (src/tinyleaps/publish/): feed, pages, show notes, ``serve``,
``daily``, and the episode page in a real browser."""
