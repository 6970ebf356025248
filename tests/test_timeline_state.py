"""One vocabulary for message state: every stored state has its timeline state."""

from __future__ import annotations

import pytest

from liaison_client.store.records import MessageState
from liaison_client.workspace import TimelineState


@pytest.mark.parametrize("state", list(MessageState))
def test_every_stored_message_state_is_a_timeline_state_of_the_same_name(
        state: MessageState) -> None:
    assert TimelineState.of_message(state).value == state.value


def test_the_timeline_adds_only_not_sent_rejected_missing_and_event() -> None:
    extra = {s.value for s in TimelineState} - {s.value for s in MessageState}
    assert extra == {"not_sent", "rejected", "missing", "event"}
