"""Stable identities: episode slugs, episode guids and the podcast:guid of a feed."""

from __future__ import annotations

import re
import uuid

from ..artifacts import Episode
from ..fsutil import safe_filename

#: Namespace of ``podcast:guid`` (Podcasting 2.0 spec: UUIDv5 of the feed URL).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
#: Our own namespace for episode guids (a UUIDv5 of the show's name).
_EPISODE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tinyleaps.invalid/episode")


def podcast_guid(feed_url: str) -> str:
    """The channel's ``podcast:guid``: UUIDv5 of the feed URL without scheme and
    trailing slashes (``https://example.com/feed.xml`` -> ``example.com/feed.xml``)."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def episode_guid(ep: Episode) -> str:
    """A guid derived from the show and the episode's identity (its recorded-at moment
    and title), so re-publishing never changes it."""
    key = "\n".join([ep.show.strip(), ep.recorded_at.strip(), ep.title.strip()])
    return f"tinyleaps:{uuid.uuid5(_EPISODE_NAMESPACE, key)}"


def episode_slug(ep: Episode) -> str:
    """``2025-07-12-tiny-leaps-...``: the date, then the sanitized title."""
    date = safe_filename(ep.recorded_at[:10], default="undated")
    return f"{date}-{safe_filename(ep.title, max_len=60)}"
