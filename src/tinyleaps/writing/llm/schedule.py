"""How the model writer's requests reach the model: the stories' requests sent ahead
into the server's parallel slots, while the writer still takes each story's reply,
checks it, repairs it and hands it on in script order.

llama.cpp decodes the sequences of its parallel slots in one batch (continuous
batching); on a CPU a step for two sequences costs little more than a step for one,
because the weights are read from memory once for both. The stories of an episode are
independent (each request carries only its own beats), so while the writer waits for
story 1, story 2's request already runs in the second slot. :class:`Dispatcher` wraps
the chat backend:

* :meth:`Dispatcher.announce` queues a request the writer will make later (a story's
  first request); it starts once a slot is free and it is less than ``slots`` stories
  ahead of the one the writer is on;
* :meth:`Dispatcher.chat` (the backend call the writer makes) returns the announced
  request's reply when it is the same request; any other request (a repair) runs at
  once, ahead of every announced one, so the story the writer is on finishes first and
  its lines reach the voices in script order, as early as they can;
* :meth:`Dispatcher.advance` says the writer has moved on to the next story.

Nothing about what is asked or checked changes: the writer still makes every request
itself, in order; with one slot the dispatcher sends exactly those requests, one at a
time, in that order.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .base import ChatBackend, ChatResult, Message


@dataclass(frozen=True)
class ChatRequest:
    """One chat request, as the writer would make it."""

    messages: list[Message]
    json_schema: dict[str, Any] | None = None
    max_tokens: int = 512
    temperature: float = 0.7
    seed: int = 0

    def key(self) -> str:
        return json.dumps([self.messages, self.json_schema, self.max_tokens,
                           self.temperature, self.seed], sort_keys=True)


@dataclass
class Sent:
    """When a request held a slot (seconds since the dispatcher started) and for what."""

    story: int | None  # the announced story's index; None for a request made live
    start: float
    end: float = 0.0


class Dispatcher(ChatBackend):
    """``backend`` behind at most ``slots`` concurrent requests, stories sent ahead."""

    id = "dispatch"

    def __init__(self, backend: ChatBackend, slots: int) -> None:
        super().__init__(backend.options)
        self.backend = backend
        self.slots = max(1, slots)
        self.sent: list[Sent] = []
        self._cond = threading.Condition()
        self._busy = 0
        self._position = 0  # the story the writer is on
        self._waiting: list[tuple[tuple[int, int], int, int | None]] = []
        self._tickets = itertools.count()
        self._announced: dict[str, tuple[int, Future[ChatResult]]] = {}
        self._closed = False
        self._clock = time.monotonic()

    # ----------------------------------------------------------------- the writer's side

    def announce(self, story: int, request: ChatRequest) -> None:
        """Send ``request`` (story number ``story``) ahead, when its turn comes."""
        if self.slots == 1:
            return  # one slot: every request waits for the writer anyway
        future: Future[ChatResult] = Future()
        self._announced[request.key()] = (story, future)
        threading.Thread(target=self._send_ahead, args=(story, request, future),
                         name=f"story-{story}", daemon=True).start()

    def advance(self) -> None:
        """The writer has finished the story it was on."""
        with self._cond:
            self._position += 1
            self._cond.notify_all()

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        request = ChatRequest(messages, json_schema, max_tokens, temperature, seed)
        ahead = self._announced.pop(request.key(), None)
        if ahead is not None:
            return ahead[1].result()
        with self._slot(None):
            return self._send(request)

    def stop(self) -> None:
        """Drop announced requests that have not started (the writer will not ask)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def describe(self) -> dict[str, Any]:
        return self.backend.describe()

    # ------------------------------------------------------------------ the slots

    def _send_ahead(self, story: int, request: ChatRequest,
                    future: Future[ChatResult]) -> None:
        try:
            with self._slot(story):
                future.set_result(self._send(request))
        except BaseException as exc:  # the writer gets it when it asks (or never)
            future.set_exception(exc)

    def _send(self, request: ChatRequest) -> ChatResult:
        return self.backend.chat(request.messages, json_schema=request.json_schema,
                                 max_tokens=request.max_tokens,
                                 temperature=request.temperature, seed=request.seed)

    @contextmanager
    def _slot(self, story: int | None) -> Iterator[None]:
        """Hold one of the server's slots: requests made live first, then announced
        stories in order, each only once the writer is less than ``slots`` behind it."""
        entry = ((0 if story is None else 1, story or 0), next(self._tickets), story)
        with self._cond:
            self._waiting.append(entry)
            while self._next() is not entry:
                if self._closed and story is not None:
                    self._waiting.remove(entry)
                    raise RuntimeError("the writer finished without this request")
                self._cond.wait()
            self._waiting.remove(entry)
            self._busy += 1
            sent = Sent(story, time.monotonic() - self._clock)
            self.sent.append(sent)
        try:
            yield
        finally:
            with self._cond:
                self._busy -= 1
                sent.end = time.monotonic() - self._clock
                self._cond.notify_all()

    def _next(self) -> tuple[tuple[int, int], int, int | None] | None:
        """The waiting request that gets the next free slot (None: no slot is free)."""
        if self._busy >= self.slots:
            return None
        ready = [e for e in self._waiting
                 if e[2] is None or e[2] < self._position + self.slots]
        return min(ready, default=None)


def overlap_seconds(sent: list[Sent]) -> float:
    """Seconds during which two or more requests held a slot at once."""
    edges = sorted([(s.start, 1) for s in sent] + [(s.end, -1) for s in sent])
    busy, last, total = 0, 0.0, 0.0
    for at, step in edges:
        if busy >= 2:
            total += at - last
        busy += step
        last = at
    return round(total, 2)
