"""Publishing: RSS feed, static site with a player, the show's catalog, ``serve``.
(``daily``, which makes an episode and then publishes, is :mod:`tinyleaps.daily`.)

Public API::

    publish(dirs, site, base_url, show=None) -> PublishResult
    covered_threads(db) -> dict[thread_id, num_comments_when_covered]
    build_feed(channel, [(bundle, slug)]) -> bytes
    load_bundle(folder) -> EpisodeBundle
    create_app(site) -> Starlette;  serve(site, host, port)
"""

from __future__ import annotations

from .bundle import EpisodeBundle, load_bundle
from .catalog import covered_comments, covered_threads, list_episodes
from .feed import Channel, build_feed
from .ids import episode_guid, episode_slug, podcast_guid
from .publisher import PublishResult, publish
from .server import create_app, serve

__all__ = [
    "Channel",
    "EpisodeBundle",
    "PublishResult",
    "build_feed",
    "covered_comments",
    "covered_threads",
    "create_app",
    "episode_guid",
    "episode_slug",
    "list_episodes",
    "load_bundle",
    "podcast_guid",
    "publish",
    "serve",
]
