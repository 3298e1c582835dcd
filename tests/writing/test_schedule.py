"""The dispatcher of the model writer's requests: stories sent ahead into parallel
slots, repairs first, never more requests at once than slots, replies in script order."""

from __future__ import annotations

import time

import pytest

from tinyleaps.config import ShowConfig
from tinyleaps.errors import BackendError
from tinyleaps.writing.llm.base import ChatBackend
from tinyleaps.writing.llm.conversation import ConversationWriter
from tinyleaps.writing.llm.schedule import ChatRequest, Dispatcher, Sent, overlap_seconds
from tinyleaps.writing.options import WriteOptions

from ..builders import sample_rundown
from ..conftest import FakeModel
from .model_replies import good


def slow(model: FakeModel, delay: float = 0.05, parallel: int = 2,
         fail: str | None = None) -> ChatBackend:
    """The fake chat backend taking ``delay`` seconds a request (its model records what
    ran at once and in which order), answering the writer's keys with ``good``."""
    model.handler, model.delay, model.fail = good, delay, fail
    return model.backend(parallel=parallel)


def ask(text: str) -> ChatRequest:
    return ChatRequest([{"role": "user", "content": text}])


def test_announced_stories_run_two_at_a_time_and_repairs_go_first(fake_model: FakeModel) -> None:
    chat = fake_model
    dispatch = Dispatcher(slow(chat, delay=0.1), slots=2)
    for i in range(4):
        dispatch.announce(i, ask(f"story {i}"))
    first = dispatch.chat([{"role": "user", "content": "story 0"}])
    assert first.text == "re: story 0"
    repair = dispatch.chat([{"role": "user", "content": "repair 0"}])  # not announced
    assert repair.text == "re: repair 0"
    dispatch.advance()
    for i in range(1, 4):
        assert dispatch.chat(ask(f"story {i}").messages).text == f"re: story {i}"
        dispatch.advance()
    dispatch.stop()
    # story 1 started beside story 0; story 2 waited for the writer to finish story 0,
    # so the repair took the free slot before it
    assert set(chat.order[:2]) == {"story 0", "story 1"} and chat.order[2] == "repair 0"
    assert chat.order[3:] == ["story 2", "story 3"]
    assert chat.most == 2
    assert overlap_seconds(dispatch.sent) >= 0.05  # story 0 and 1 decoded together


def test_one_slot_sends_only_what_the_writer_asks_in_its_order(fake_model: FakeModel) -> None:
    chat = fake_model
    dispatch = Dispatcher(slow(chat, delay=0.01, parallel=1), slots=1)
    for i in range(3):
        dispatch.announce(i, ask(f"story {i}"))
    time.sleep(0.05)
    assert chat.order == []  # nothing sent ahead
    for i in range(3):
        dispatch.chat(ask(f"story {i}").messages)
        dispatch.advance()
    assert chat.order == ["story 0", "story 1", "story 2"] and chat.most == 1


def test_an_error_sent_ahead_reaches_the_writer_when_it_asks(fake_model: FakeModel) -> None:
    dispatch = Dispatcher(slow(fake_model, delay=0.01, fail="story 1"), slots=2)
    dispatch.announce(0, ask("story 0"))
    dispatch.announce(1, ask("story 1"))
    dispatch.chat(ask("story 0").messages)
    dispatch.advance()
    with pytest.raises(BackendError, match="out of context"):
        dispatch.chat(ask("story 1").messages)


def test_stop_drops_requests_that_never_started(fake_model: FakeModel) -> None:
    chat = fake_model
    dispatch = Dispatcher(slow(chat), slots=2)
    for i in range(5):
        dispatch.announce(i, ask(f"story {i}"))
    dispatch.chat(ask("story 0").messages)
    dispatch.stop()  # the writer gave up after story 0
    time.sleep(0.2)
    assert set(chat.order) == {"story 0", "story 1"}


def test_overlap_counts_only_time_with_two_requests_in_slots() -> None:
    sent = [Sent(0, 0.0, 4.0), Sent(1, 1.0, 3.0), Sent(None, 5.0, 6.0)]
    assert overlap_seconds(sent) == 2.0


def test_the_writer_with_two_slots_writes_the_same_script_in_the_same_order(
        fake_model: FakeModel) -> None:
    scripts, segments = [], []
    for parallel in (1, 2):
        slow(fake_model, delay=0.02)
        seen: list[str] = []
        options = WriteOptions(minutes=5, llm=fake_model.options(parallel=parallel))
        options.on_segment = lambda script, sid, seen=seen: seen.append(sid)
        script = ConversationWriter(ShowConfig(), options).write(sample_rundown())
        scripts.append(script)
        segments.append(seen)
        assert script.writer["slots"] == parallel
    assert scripts[0].to_text() == scripts[1].to_text()
    assert segments[0] == segments[1] == [s.id for s in scripts[0].segments]
    assert [c["purpose"] for c in scripts[0].writer["calls"]] == \
        [c["purpose"] for c in scripts[1].writer["calls"]]
    assert scripts[1].writer["overlap_s"] > 0
