"""Delivery: order, idempotent retries, fan-out, acknowledgement, long-poll, expiry."""

from __future__ import annotations

import threading
import time

import pytest

from liaison_client.net.errors import RelayRefusedError
from liaison_client.net.wire import FetchedPage, OutgoingEnvelope
from liaison_client.protocol.delivery import DeliveryState
from tests.fixtures.waiting import wait_until
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess, enroll_device, reconnect, restart

# The session's relay (tests/fixtures/relay.py): every test enrolls devices of its own and
# reads only their queues. A test that restarts its relay starts one of its own.
pytestmark = pytest.mark.shared_relay


def _envelope(envelope_id: str, *recipients: str, ttl: int | None = None) -> OutgoingEnvelope:
    return OutgoingEnvelope(envelope_id, recipients, f"ciphertext of {envelope_id}".encode(), ttl)


def test_envelopes_arrive_in_the_order_they_were_accepted(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    for batch in (["e1", "e2"], ["e3"], ["e4", "e5", "e6"]):
        alice.client.send([_envelope(i, bob.device_id) for i in batch])
    page = bob.client.fetch()
    assert [e.envelope_id for e in page.envelopes] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert next(e.ciphertext for e in page.envelopes) == b"ciphertext of e1"
    assert {e.sender_device_id for e in page.envelopes} == {alice.device_id}
    cursors = [e.cursor for e in page.envelopes]
    assert cursors == sorted(cursors)
    assert page.cursor == cursors[-1]


def test_pages_continue_after_the_cursor(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope(f"e{i}", bob.device_id) for i in range(5)])
    first = bob.client.fetch(limit=2)
    second = bob.client.fetch(first.cursor, limit=10)
    assert [e.envelope_id for e in first.envelopes + second.envelopes] == [
        f"e{i}" for i in range(5)]


def test_a_retried_envelope_id_is_queued_once(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    first = alice.client.send([_envelope("same", bob.device_id)])
    retry = alice.client.send([_envelope("same", bob.device_id)])
    assert [a.duplicate for a in first + retry] == [False, True]
    assert [e.envelope_id for e in bob.client.fetch().envelopes] == ["same"]


def test_envelope_ids_are_per_sender(relay: RelayProcess) -> None:
    alice, carol, bob = enroll_device(relay), enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("x", bob.device_id)])
    carol.client.send([_envelope("x", bob.device_id)])
    assert [e.sender_device_id for e in bob.client.fetch().envelopes] == [
        alice.device_id, carol.device_id]


def test_one_envelope_fans_out_to_every_recipient(relay: RelayProcess) -> None:
    alice, bob, carol = enroll_device(relay), enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("group", bob.device_id, carol.device_id)])
    assert [e.envelope_id for e in bob.client.fetch().envelopes] == ["group"]
    assert [e.envelope_id for e in carol.client.fetch().envelopes] == ["group"]


def test_unacknowledged_envelopes_are_delivered_again(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("e1", bob.device_id)])
    assert len(bob.client.fetch().envelopes) == 1
    assert len(bob.client.fetch().envelopes) == 1  # at least once: still pending


def test_acknowledged_envelopes_are_gone_and_reported_delivered(relay: RelayProcess) -> None:
    alice, bob, carol = enroll_device(relay), enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("e1", bob.device_id, carol.device_id),
                       _envelope("e2", bob.device_id)])
    page = bob.client.fetch()
    assert bob.client.acknowledge(page.envelopes[0].cursor) == 1
    assert [e.envelope_id for e in bob.client.fetch().envelopes] == ["e2"]
    states = alice.client.delivery_states(["e1", "e2", "unknown"])
    assert states == {
        "e1": {bob.device_id: DeliveryState.DELIVERED, carol.device_id: DeliveryState.PENDING},
        "e2": {bob.device_id: DeliveryState.PENDING},
    }


def test_delivery_state_is_only_told_to_the_sender(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("e1", bob.device_id)])
    assert bob.client.delivery_states(["e1"]) == {}


def test_envelope_to_an_unknown_device_is_refused_whole(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    with pytest.raises(RelayRefusedError) as refused:
        alice.client.send([_envelope("ok", bob.device_id), _envelope("bad", "NOSUCHDEVICE1")])
    assert (refused.value.status, refused.value.error) == (422, "unknown_recipients")
    assert bob.client.fetch().envelopes == ()


def test_long_poll_wakes_when_an_envelope_arrives(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    pages: list[FetchedPage] = []
    poll = threading.Thread(target=lambda: pages.append(bob.client.fetch(wait=20)))
    started = time.monotonic()
    poll.start()
    time.sleep(0.5)
    alice.client.send([_envelope("wake", bob.device_id)])
    poll.join(timeout=25)
    assert not poll.is_alive()
    assert [e.envelope_id for e in pages[0].envelopes] == ["wake"]
    # It returned because of the envelope, not because the 20 s wait ran out.
    assert time.monotonic() - started < 15


def test_a_senders_long_poll_answers_when_a_recipient_acknowledges(relay: RelayProcess) -> None:
    """So the sender's "delivered" follows within a round trip (issue 11, item 12)."""
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("tick", bob.device_id)])
    pages: list[FetchedPage] = []
    poll = threading.Thread(target=lambda: pages.append(alice.client.fetch(wait=20)))
    poll.start()
    time.sleep(0.5)
    page = bob.client.fetch()
    acknowledged_at = time.monotonic()
    assert bob.client.acknowledge(page.cursor) == 1
    poll.join(timeout=25)
    assert not poll.is_alive()
    assert time.monotonic() - acknowledged_at < 2.0
    assert (pages[0].envelopes, pages[0].states_changed) == ((), True)
    # Told once: the next poll waits again.
    assert not alice.client.fetch().states_changed
    assert alice.client.delivery_states(["tick"]) == {
        "tick": {bob.device_id: DeliveryState.DELIVERED}}


def test_an_acknowledgement_between_two_polls_is_told_by_the_next(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("between", bob.device_id)])
    bob.client.acknowledge(bob.client.fetch().cursor)  # Alice is not polling now
    started = time.monotonic()
    page = alice.client.fetch(wait=20)
    assert time.monotonic() - started < 2.0, "answered at once, not after the wait"
    assert page.states_changed
    # Only the sender is told; the recipient's own fetch is not flagged.
    assert not bob.client.fetch().states_changed


def test_long_poll_with_nothing_to_deliver_ends_empty(start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--max-wait", "0.5")
    bob = enroll_device(relay)
    page = bob.client.fetch(after=0, wait=30)  # the relay bounds the wait itself
    assert page.envelopes == ()
    assert page.cursor == 0


def test_expired_envelope_is_not_delivered_and_the_sender_is_told(relay: RelayProcess) -> None:
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("short", bob.device_id, ttl=1),
                       _envelope("long", bob.device_id)])
    # Asking the sender's side does not deliver anything to Bob.
    wait_until(lambda: alice.client.delivery_states(["short"]) == {
        "short": {bob.device_id: DeliveryState.EXPIRED}}, interval=0.1)
    assert [e.envelope_id for e in bob.client.fetch().envelopes] == ["long"]


def test_ttl_is_capped_by_the_relay(start_relay_process: StartRelay) -> None:
    relay = start_relay_process("--max-ttl", "60")
    alice, bob = enroll_device(relay), enroll_device(relay)
    accepted = alice.client.send([_envelope("e", bob.device_id, ttl=365 * 86_400)])
    assert accepted[0].expires_at_ms - time.time() * 1000 <= 61_000


def test_accepted_envelopes_survive_a_restart(start_relay_process: StartRelay) -> None:
    relay = start_relay_process()
    alice, bob = enroll_device(relay), enroll_device(relay)
    alice.client.send([_envelope("durable", bob.device_id)])
    restarted = restart(relay)
    try:
        reconnect(bob, restarted)
        assert [e.envelope_id for e in bob.client.fetch().envelopes] == ["durable"]
    finally:
        restarted.stop()
