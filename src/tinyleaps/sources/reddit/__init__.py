"""Reddit sources: saved ``/comments/`` JSON and listings, or live fetches."""

from __future__ import annotations

from .backend import RedditFileSource, RedditLiveSource, fetch_thread, read_reddit_file
from .client import RedditClient, parse_subreddit, parse_thread_url, user_agent
from .parse import ThreadBuilder, is_reddit_response, parse_response

__all__ = [
    "RedditClient",
    "RedditFileSource",
    "RedditLiveSource",
    "ThreadBuilder",
    "fetch_thread",
    "is_reddit_response",
    "parse_response",
    "parse_subreddit",
    "parse_thread_url",
    "read_reddit_file",
    "user_agent",
]
