"""The timeline model pages a real store through the Workspace on the service thread."""

from __future__ import annotations

import tracemalloc

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison_client.crypto.rejection import Rejection
from liaison_client.profile import Profile
from liaison_client.store.envelope_log import EnvelopeOutcome, ProcessedEnvelope
from liaison_client.store.records import MessageState
from liaison_client.workspace import TIMELINE_PAGE_SIZE, TimelineEntry, Workspace
from tests.ui.timeline.seeding import BASE_MS, seed_channel
from ui.timeline.timeline_model import TimelineModel, TimelineRole

WAIT_MS = 20_000


def opened(qtbot: QtBot, workspace: Workspace, channel_id: str) -> TimelineModel:
    model = TimelineModel(workspace, channel_id)
    model.set_top_in_view(True)  # as a view scrolled to its top says (no view here)
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
        model.load_newest()
    return model


def fetch_older(qtbot: QtBot, model: TimelineModel) -> None:
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
        model.fetchMore()


def texts(model: TimelineModel) -> list[str]:
    return [model.entry_at(row).message_id for row in range(model.rowCount())]


def test_opens_on_the_newest_page_only(qtbot: QtBot, profile: Profile,
                                       workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 1_000)
    model = opened(qtbot, workspace, channel)
    assert model.rowCount() == TIMELINE_PAGE_SIZE
    assert texts(model) == [f"m-{n:06d}" for n in range(800, 1_000)]
    assert model.canFetchMore()


def test_scrolling_up_prepends_older_pages_until_the_first_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 450)
    model = opened(qtbot, workspace, channel)
    fetch_older(qtbot, model)
    assert model.rowCount() == 400
    fetch_older(qtbot, model)
    assert texts(model) == [f"m-{n:06d}" for n in range(450)]
    assert not model.canFetchMore()


def test_an_empty_channel_has_no_rows_and_nothing_to_fetch(
        qtbot: QtBot, workspace: Workspace) -> None:
    channel = workspace.create_channel("Op Empty").channel_id
    model = opened(qtbot, workspace, channel)
    assert model.rowCount() == 0
    assert not model.canFetchMore()


def test_refresh_appends_new_messages_and_updates_delivery_states(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 10)
    outcome = workspace.send_text(channel, "New 新消息", deliver=False)
    model = opened(qtbot, workspace, channel)
    assert outcome.message_id is not None
    assert model.entry_at(model.rowCount() - 1).state == "queued"
    profile.store.messages.set_state(outcome.message_id, MessageState.SENT)
    second = workspace.send_text(channel, "Second", deliver=False)
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
        model.refresh()
    assert [model.entry_at(r).text for r in range(10, 12)] == ["New 新消息", "Second"]
    assert model.entry_at(10).state == "sent"
    assert model.rowCount() == 12
    assert second.message_id is not None
    profile.store.messages.set_state(outcome.message_id, MessageState.DELIVERED)
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
        model.refresh()
    assert model.entry_at(10).state == "delivered"
    assert model.data(model.index(10), TimelineRole.STATE) == "delivered"
    assert model.rowCount() == 12


def test_a_refused_envelope_sits_in_its_place_and_is_never_a_message(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 5)
    profile.store.envelope_log.record(ProcessedEnvelope(
        "env-forged", "DEVICE-MALLORY", EnvelopeOutcome.REJECTED,
        str(Rejection.BAD_SIGNATURE), None, BASE_MS + 2_500, channel))
    model = opened(qtbot, workspace, channel)
    entries: list[TimelineEntry] = [model.entry_at(r) for r in range(model.rowCount())]
    assert [e.message_id for e in entries] == [
        "m-000000", "m-000001", "m-000002", "env-forged", "m-000003", "m-000004"]
    refusal = entries[3]
    assert refusal.kind == "rejected"
    assert refusal.state == "rejected"
    assert refusal.text.startswith("rejected:")
    spoken = model.data(model.index(3), Qt.ItemDataRole.AccessibleTextRole)
    assert isinstance(spoken, str)
    assert spoken.startswith("Refused message from DEVICE-MALLORY")


def test_highlight_marks_exactly_one_row(qtbot: QtBot, profile: Profile,
                                         workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 5)
    model = opened(qtbot, workspace, channel)
    model.set_highlighted("m-000002")
    assert [model.data(model.index(r), TimelineRole.HIGHLIGHTED) for r in range(5)] == [
        False, False, True, False, False]


def test_a_100000_message_channel_opens_within_a_memory_bound(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    """100,000 messages: opening and scrolling back five pages holds those pages only.

    Measured with tracemalloc (Python allocations of the model's records):
    about 1.1 MB for 1,200 rows here (0.9 KB a row, so all 100,000 would hold
    ~87 MB); the 8 MB bound leaves room and still fails if a page load ever
    pulled in the whole channel.
    """
    channel = seed_channel(profile, workspace, 100_000)
    tracemalloc.start()
    try:
        model = opened(qtbot, workspace, channel)
        for _ in range(5):
            fetch_older(qtbot, model)
        current, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert model.rowCount() == 6 * TIMELINE_PAGE_SIZE
    assert model.entry_at(0).message_id == f"m-{100_000 - 6 * TIMELINE_PAGE_SIZE:06d}"
    assert model.canFetchMore()
    assert current < 8 * 1024 * 1024, f"{current / 1e6:.1f} MB held for 1,200 rows"
