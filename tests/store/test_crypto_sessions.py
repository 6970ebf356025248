"""Session state rows: ratchets only move forward, bindings are never overwritten."""

from __future__ import annotations

import pytest

from liaison_client.store.crypto_sessions import (
    InboundGroupSessionRow,
    OlmSessionRow,
    OutboundGroupSessionRow,
    PendingGroupMessage,
)
from liaison_client.store.database import DatabaseError
from tests.crypto.conftest import bare_store


def test_an_outbound_ratchet_never_moves_backwards() -> None:
    with bare_store() as store:
        store.group_sessions.replace_outbound(OutboundGroupSessionRow("ch", "s1", 0, "p0", 0, 1))
        store.group_sessions.advance_outbound("ch", "s1", "p2", 2)
        with pytest.raises(RuntimeError, match="backwards"):
            store.group_sessions.advance_outbound("ch", "s1", "p1", 1)
        with pytest.raises(RuntimeError, match="backwards"):
            store.group_sessions.advance_outbound("ch", "other-session", "p3", 3)
        row = store.group_sessions.outbound("ch")
        assert row is not None
        assert (row.pickle, row.messages_sent) == ("p2", 2)


def test_an_inbound_binding_cannot_be_overwritten() -> None:
    with bare_store() as store:
        row = InboundGroupSessionRow("s1", "ch", "LI", "ed-li", 0, "pickle", 1)
        store.group_sessions.add_inbound(row)
        with pytest.raises(DatabaseError):
            store.group_sessions.add_inbound(
                InboundGroupSessionRow("s1", "ch", "MALLORY", "ed-m", 0, "pickle", 2))
        assert store.group_sessions.inbound("s1") == row


def test_replay_marks_remember_the_first_message() -> None:
    with bare_store() as store:
        assert store.group_sessions.replay_mark("s1", 0) is None
        store.group_sessions.mark_seen("s1", 0, "m1")
        assert store.group_sessions.replay_mark("s1", 0) == "m1"
        with pytest.raises(DatabaseError):
            store.group_sessions.mark_seen("s1", 0, "m2")


def test_pending_messages_are_held_once_and_released() -> None:
    with bare_store() as store:
        held = PendingGroupMessage("env-1", "s1", "LI", b"ciphertext", 5)
        assert store.group_sessions.hold_pending(held)
        assert not store.group_sessions.hold_pending(held)
        assert store.group_sessions.is_pending("env-1")
        assert store.group_sessions.pending_for("s1") == [held]
        store.group_sessions.release_pending("env-1")
        assert store.group_sessions.pending_count() == 0


def test_olm_sessions_are_listed_most_recent_first() -> None:
    with bare_store() as store:
        store.olm_sessions.save(OlmSessionRow("old", "ANNA", "curve", "p", 1, 1))
        store.olm_sessions.save(OlmSessionRow("new", "ANNA", "curve", "p", 2, 5))
        assert [r.session_id for r in store.olm_sessions.for_peer("curve")] == ["new", "old"]
        store.olm_sessions.save(OlmSessionRow("old", "ANNA", "curve", "p2", 1, 9))
        assert [r.session_id for r in store.olm_sessions.for_peer("curve")] == ["old", "new"]
