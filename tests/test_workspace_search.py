"""Searching every operation at once (issue 11, item 5: Ctrl+Shift+F): one FTS query over
the real SQLCipher store, newest first, only operations this device belongs to."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from liaison_client.profile import NewProfile, Profile
from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState
from liaison_client.workspace import TimelineService, Workspace


@pytest.fixture
def workspace(make_profile: Callable[..., tuple[NewProfile, Profile]]) -> Iterator[Workspace]:
    _, profile = make_profile()
    with Workspace(profile, None) as workspace:
        yield workspace


def add(workspace: Workspace, channel_id: str, n: int, text: str) -> None:
    store = workspace._context.store  # the store, as sync would fill it
    with store.transaction():
        store.messages.add(MessageRecord(f"m-{channel_id}-{n}", channel_id, "DEVICE-OTHER",
                                         1_780_000_000_000 + n, "text", text,
                                         MessageState.RECEIVED))


def test_search_all_finds_hits_in_every_operation_newest_first(workspace: Workspace) -> None:
    jade = workspace.channels.create("Op Jade").channel_id
    ivory = workspace.channels.create("Op Ivory 象牙").channel_id
    add(workspace, jade, 1, "Reefer MSKU7654321 走私 fruit")
    add(workspace, ivory, 2, "象牙 走私 at berth 7")
    add(workspace, jade, 3, "nothing to see")
    hits = workspace.timeline.search_all("走私")
    assert [(h.channel_id, h.text) for h in hits] == [
        (ivory, "象牙 走私 at berth 7"), (jade, "Reefer MSKU7654321 走私 fruit")]
    assert [h.text for h in workspace.timeline.search_all("msku 走私")] == [
        "Reefer MSKU7654321 走私 fruit"]
    assert workspace.timeline.search_all("   ") == []
    # The per-operation search still answers one operation only.
    assert [h.channel_id for h in workspace.timeline.search(jade, "走私")] == [jade]


def test_search_all_leaves_out_channels_this_device_has_no_membership_for(
        workspace: Workspace) -> None:
    jade = workspace.channels.create("Op Jade").channel_id
    store = workspace._context.store
    with store.transaction():  # a channel row without a membership (never joined)
        store.channels.add(ChannelRecord("stray", "Stray", "dev", 0, False, 0, 0))
    add(workspace, "stray", 1, "走私 elsewhere")
    add(workspace, jade, 2, "走私 here")
    assert [h.channel_id for h in workspace.timeline.search_all("走私")] == [jade]


def test_highlights_follow_the_search_rules() -> None:
    text = "seizure_report_查获报告.pdf MSKU7654321"
    assert [text[a:b] for a, b in TimelineService.highlights(text, "查获 msku")] == [
        "查获", "MSKU"]
