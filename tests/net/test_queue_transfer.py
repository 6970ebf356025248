"""Outbox out, inbox in: a relay that is down is a normal state, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.queue_transfer import receive_inbox, send_outbox
from liaison_client.net.relay_settings import RELAY_INBOX_CURSOR
from liaison_client.profile import Profile
from liaison_client.store.records import OutboxItem
from tests.relay.relay_process import RelayProcess, restart

MakeProfile = Callable[..., tuple[Any, Profile]]


def _client(url: str, profile: Profile) -> RelayClient:
    return RelayClient(url, device_id=profile.device_id, signer=identity_signer(profile.identity),
                       attempts=2, backoff_seconds=0.01)


def _registered(relay: RelayProcess, make_profile: MakeProfile, name: str) -> Profile:
    _, profile = make_profile(name=name)
    with _client(relay.url, profile) as client:
        client.register(relay.enroll(), profile.identity, profile.device_id)
    return profile


def _queue(profile: Profile, recipient: str, *ids: str) -> None:
    with profile.store.transaction():
        for envelope_id in ids:
            profile.store.outbox.put(OutboxItem(envelope_id=envelope_id, recipients=(recipient,),
                                                payload=f"sealed {envelope_id}".encode()))


def test_relay_down_keeps_the_outbox_and_says_so(
    relay: RelayProcess, make_profile: MakeProfile, tmp_path: Path
) -> None:
    sender = _registered(relay, make_profile, "Anna")
    receiver = _registered(relay, make_profile, "Li Wei")
    _queue(sender, receiver.device_id, "m1", "m2")
    relay.terminate()

    with _client(relay.url, sender) as client:
        report = send_outbox(sender.store, client)
    assert (report.sent, report.kept) == (0, 2)
    assert report.problem.startswith("relay unreachable: 2 envelope(s) kept in the outbox")
    due_later = sender.store.outbox.due(limit=10, at_ms=2**62)
    assert [i.attempts for i in due_later] == [1, 1]
    assert sender.store.outbox.due(limit=10) == []  # backing off, not hammering

    restarted = restart(relay)
    try:
        with _client(restarted.url, sender) as client:
            # The retry time has not come yet: nothing is sent early.
            assert send_outbox(sender.store, client).sent == 0
            with sender.store.transaction():
                for item in due_later:
                    sender.store.outbox.record_failure(item.envelope_id, "", 0)
            assert send_outbox(sender.store, client).sent == 2
        with _client(restarted.url, receiver) as client:
            assert receive_inbox(receiver.store, client).received == 2
        assert [i.envelope_id for i in receiver.store.inbox.pending()] == ["m1", "m2"]
    finally:
        restarted.stop()


def test_inbox_cursor_is_kept_with_the_envelopes(
    relay: RelayProcess, make_profile: MakeProfile
) -> None:
    sender = _registered(relay, make_profile, "Anna")
    receiver = _registered(relay, make_profile, "Li Wei")
    _queue(sender, receiver.device_id, "a", "b", "c")
    with _client(relay.url, sender) as client:
        send_outbox(sender.store, client)
    with _client(relay.url, receiver) as client:
        report = receive_inbox(receiver.store, client)
        assert (report.received, report.acknowledged) == (3, 3)
        assert receiver.store.settings.get(RELAY_INBOX_CURSOR) > 0
        assert receive_inbox(receiver.store, client).received == 0
