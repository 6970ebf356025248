"""The relay being down is a normal state: the message stays queued, the round says so,
retries back off, and once the relay is back everything arrives once.

Also the receiving side's bookkeeping: the queue cursor is committed with the
page it ends and the relay is acknowledged up to it, so a later round fetches
nothing again.
"""

from __future__ import annotations

from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.profile import Profile
from liaison_client.relay_connection import RELAY_INBOX_CURSOR
from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import now_ms
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.engine import ConnectionState
from liaison_client.sync.inbound import ACKNOWLEDGED_CURSOR
from liaison_client.sync.outbound import OUTGOING_ATTACHMENTS_DIR, Outbound, PostReport
from liaison_client.sync.retry_policy import RETRY_BASE_MS
from liaison_client.workspace import Workspace
from tests.relay.relay_process import RelayProcess, restart
from tests.sync.conftest import Operation
from tests.sync.hostile_relay import HostileRelay

FAR_FUTURE_MS = 2**62


def workspace_at(profile: Profile, url: str) -> Workspace:
    """The profile's workspace talking to a relay restarted at ``url`` (a new port)."""
    return Workspace(profile, RelayClient(url, device_id=profile.device_id,
                                          signer=identity_signer(profile.identity)))


def test_a_message_sent_while_the_relay_is_down_stays_queued_and_backs_off(
        trio: Operation, relay: RelayProcess) -> None:
    li, anna, tomas = trio.everyone
    relay.kill()

    outcome = li.workspace.sending.send_text(trio.channel_id, "written while the relay is down")
    assert not outcome.accepted
    assert outcome.message_id is not None
    # Its recipients are in the outbox row only: no delivery row claims "sent" yet.
    assert li.profile.store.deliveries.for_message(outcome.message_id) == []
    # The group message and, this being the channel's first, its key shares.
    queued = li.profile.store.outbox.due(limit=10, at_ms=FAR_FUTURE_MS)
    assert outcome.problem == f"relay unreachable: {len(queued)} envelope(s) kept in the outbox"
    assert li.profile.store.outbox.due(limit=10) == []  # backing off, not hammering
    for _ in range(2):  # the officer insists: "sync now" tries again at once, and fails
        assert li.workspace.sync().connection is ConnectionState.OFFLINE
    queued = li.profile.store.outbox.due(limit=10, at_ms=FAR_FUTURE_MS)
    assert {item.attempts for item in queued} == {3}
    # Third failure: the next attempt waits 2 s × 2² = 8 s.
    assert min(item.next_attempt_at_ms for item in queued) - now_ms() > 4 * RETRY_BASE_MS // 2

    revived = restart(relay)
    try:
        with workspace_at(li.profile, revived.url) as li_back, \
                workspace_at(anna.profile, revived.url) as anna_back:
            outbound = Outbound(CryptoState(li.profile), li.root / OUTGOING_ATTACHMENTS_DIR)
            with RelayClient(revived.url, device_id=li.device_id,
                             signer=identity_signer(li.profile.identity)) as client:
                assert outbound.post(client) == PostReport(sent=0, kept=len(queued))  # not due
            # A round whose fetch the relay answered knows it is back: the backoff ends.
            background = li_back.engine.run_once()
            assert (background.sent, background.outbox, background.problem) == (
                len(queued), 0, "")
            assert {d.recipient_device_id: d.state for d in
                    li.profile.store.deliveries.for_message(outcome.message_id)} == {
                anna.device_id: LocalDeliveryState.SENT, tomas.device_id: LocalDeliveryState.SENT}
            received = anna_back.sync()
            assert [m.message.body.searchable_text() for m in received.messages] == [
                "written while the relay is down"]
    finally:
        revived.stop()
    assert anna.texts(trio.channel_id) == ["written while the relay is down"]


def test_the_queue_cursor_is_committed_with_its_page_then_acknowledged(
        trio: Operation, relay: RelayProcess) -> None:
    li, anna, _ = trio.everyone
    for i in range(3):
        li.workspace.sending.send_text(trio.channel_id, f"message {i}", deliver=False)
    li.sync()

    assert anna.workspace.sync().received == 3
    settings = anna.profile.store.settings
    assert int(settings.get(RELAY_INBOX_CURSOR, 0)) > 0
    assert settings.get(ACKNOWLEDGED_CURSOR) == settings.get(RELAY_INBOX_CURSOR)
    assert HostileRelay(relay).pending_for(anna.device_id) == []
    again = anna.workspace.sync()
    assert (again.received, again.rejected) == (0, 0)
    assert anna.texts(trio.channel_id) == ["message 0", "message 1", "message 2"]
