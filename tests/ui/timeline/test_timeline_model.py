"""The timeline model pages a real store through the Workspace on the service thread."""

from __future__ import annotations

import tracemalloc

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison_client.crypto.rejection import Rejection
from liaison_client.profile import Profile
from liaison_client.store.envelope_log import EnvelopeOutcome, ProcessedEnvelope
from liaison_client.store.records import MessageState
from liaison_client.workspace import TIMELINE_PAGE_SIZE, TimelineEntry, Workspace
from tests.ui.screen_testing import WAIT_MS
from tests.ui.timeline.seeding import BASE_MS, seed_channel
from ui.timeline.timeline_model import WINDOW_PAGES, WINDOW_ROWS, TimelineModel, TimelineRole


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


@pytest.mark.slow
def test_an_empty_channel_has_no_rows_and_nothing_to_fetch(
        qtbot: QtBot, workspace: Workspace) -> None:
    channel = workspace.channels.create("Op Empty").channel_id
    model = opened(qtbot, workspace, channel)
    assert model.rowCount() == 0
    assert not model.canFetchMore()


@pytest.mark.slow
def test_refresh_appends_new_messages_and_updates_delivery_states(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 10)
    outcome = workspace.sending.send_text(channel, "New 新消息", deliver=False)
    model = opened(qtbot, workspace, channel)
    assert outcome.message_id is not None
    assert model.entry_at(model.rowCount() - 1).state == "queued"
    profile.store.messages.set_state(outcome.message_id, MessageState.SENT)
    second = workspace.sending.send_text(channel, "Second", deliver=False)
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_highlight_marks_exactly_one_row(qtbot: QtBot, profile: Profile,
                                         workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 5)
    model = opened(qtbot, workspace, channel)
    model.set_highlighted("m-000002")
    assert [model.data(model.index(r), TimelineRole.HIGHLIGHTED) for r in range(5)] == [
        False, False, True, False, False]


@pytest.mark.slow
def test_a_100000_message_channel_opens_within_a_memory_bound(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    """100,000 messages: opening and scrolling back five pages holds the window only.

    Measured with tracemalloc (Python allocations of the model's records):
    about 0.9 KB a row, so all 100,000 would hold ~87 MB; the window holds
    ``WINDOW_ROWS`` (800) however far back the officer scrolls. The 8 MB bound
    leaves room and still fails if a page load ever pulled in the whole channel.
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
    assert model.rowCount() == WINDOW_ROWS
    assert model.entry_at(0).message_id == f"m-{100_000 - 6 * TIMELINE_PAGE_SIZE:06d}"
    assert model.canFetchMore()
    assert current < 8 * 1024 * 1024, f"{current / 1e6:.1f} MB held for {WINDOW_ROWS} rows"


def scroll_down(qtbot: QtBot, model: TimelineModel) -> None:
    model.set_top_in_view(False)
    model.set_bottom_in_view(True)
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT_MS):
        model.fetchMore()


@pytest.mark.slow
def test_scrolling_back_lets_go_of_the_newest_pages_and_never_holds_more_than_the_window(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 3_000)
    model = opened(qtbot, workspace, channel)
    for _ in range(WINDOW_PAGES + 2):
        fetch_older(qtbot, model)
        assert model.rowCount() <= WINDOW_ROWS
    oldest = 3_000 - (WINDOW_PAGES + 3) * TIMELINE_PAGE_SIZE
    assert texts(model) == [f"m-{n:06d}" for n in range(oldest, oldest + WINDOW_ROWS)]
    assert model.has_newer
    assert model.has_older


@pytest.mark.slow
def test_scrolling_back_50_pages_and_down_again_shows_every_message_once_in_order(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    count = 52 * TIMELINE_PAGE_SIZE
    channel = seed_channel(profile, workspace, count)
    model = opened(qtbot, workspace, channel)
    for _ in range(50):
        fetch_older(qtbot, model)
        assert model.rowCount() <= WINDOW_ROWS
    assert model.entry_at(0).message_id == f"m-{count - 51 * TIMELINE_PAGE_SIZE:06d}"
    # Read downwards: every row the window ever holds, in the order it holds them.
    seen: list[str] = texts(model)
    while model.has_newer:
        before = model.entry_at(model.rowCount() - 1).message_id
        scroll_down(qtbot, model)
        assert model.rowCount() <= WINDOW_ROWS
        new_rows = texts(model)
        seen.extend(new_rows[new_rows.index(before) + 1:])
    first = count - 51 * TIMELINE_PAGE_SIZE
    assert seen == [f"m-{n:06d}" for n in range(first, count)]
    assert not model.canFetchMore()


@pytest.mark.slow
def test_refusals_come_back_exactly_once_when_pages_are_reloaded(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 6 * TIMELINE_PAGE_SIZE)
    for n in (150, 700, 1_150):  # on a page let go of going up, and going down
        profile.store.envelope_log.record(ProcessedEnvelope(
            f"env-{n}", "DEVICE-MALLORY", EnvelopeOutcome.REJECTED,
            str(Rejection.BAD_SIGNATURE), None, BASE_MS + n * 1000 + 500, channel))
    model = opened(qtbot, workspace, channel)
    while model.has_older:
        fetch_older(qtbot, model)
    seen = texts(model)
    while model.has_newer:
        before = seen[-1]
        scroll_down(qtbot, model)
        rows = texts(model)
        seen.extend(rows[rows.index(before) + 1:])
    refusals = [m for m in seen if m.startswith("env-")]
    assert refusals == ["env-150", "env-700", "env-1150"]
    assert seen.index("env-700") == seen.index("m-000700") + 1
    assert len(seen) == 6 * TIMELINE_PAGE_SIZE + 3


@pytest.mark.slow
def test_arrivals_while_reading_far_back_wait_for_the_way_down(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 8 * TIMELINE_PAGE_SIZE)
    model = opened(qtbot, workspace, channel)
    for _ in range(WINDOW_PAGES):
        fetch_older(qtbot, model)
    newest_let_go = model.has_newer
    assert newest_let_go
    rows_before = texts(model)
    outcome = workspace.sending.send_text(channel, "Arrived while reading back", deliver=False)
    model.refresh()  # as the sync controller's messages_changed does
    assert texts(model) == rows_before  # nothing appended to a window that is not at the end
    while model.has_newer:
        scroll_down(qtbot, model)
    qtbot.waitUntil(lambda: not model.busy, timeout=WAIT_MS)
    assert model.entry_at(model.rowCount() - 1).message_id == outcome.message_id
    assert model.entry_at(model.rowCount() - 1).state == "queued"


@pytest.mark.slow
def test_a_jump_far_back_holds_half_a_page_either_side_of_the_hit(
        qtbot: QtBot, profile: Profile, workspace: Workspace) -> None:
    channel = seed_channel(profile, workspace, 10_000,
                           texts={1234: "Reefer MSKU 7654321 走私 contraband"})
    model = opened(qtbot, workspace, channel)
    [hit] = workspace.timeline.search(channel, "走私 reefer")
    with qtbot.waitSignal(model.revealed, timeout=WAIT_MS) as revealed:
        model.reveal(hit)
    row = revealed.args[0]
    assert model.entry_at(row).message_id == "m-001234"
    half = TIMELINE_PAGE_SIZE // 2
    assert texts(model) == [f"m-{n:06d}" for n in range(1234 - half, 1235 + half)]
    assert model.has_older
    assert model.has_newer
