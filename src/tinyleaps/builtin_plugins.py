"""The built-in backends, registered through the same hooks as any plugin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Register = Callable[[type[Any]], None]


def register_sources(register: Register) -> None:
    from .sources.reddit.backend import RedditFileSource, RedditLiveSource

    register(RedditFileSource)
    register(RedditLiveSource)

    from .sources.articles import ArticleSource
    from .sources.feeds import FeedSource
    from .sources.recordings import AudioSource
    from .sources.transcripts import TranscriptSource

    register(TranscriptSource)  # content-detected; Reddit JSON was claimed above
    register(ArticleSource)
    register(FeedSource)  # also any non-Reddit web URL (feed, or HTML article)
    register(AudioSource)


def register_writers(register: Register) -> None:
    from .writing.floor import FloorWriter
    from .writing.llm.conversation import ConversationWriter

    register(FloorWriter)
    register(ConversationWriter)


def register_tts(register: Register) -> None:
    from .voice.tts_backends import builtin_tts_backends

    for cls in builtin_tts_backends():
        register(cls)


def register_llms(register: Register) -> None:
    from .writing.llm.chat_backends import builtin_llm_backends

    for cls in builtin_llm_backends():
        register(cls)
