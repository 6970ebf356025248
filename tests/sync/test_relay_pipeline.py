"""The receive run's helper thread: calls run in the order given, an acknowledgement
counts only once the relay answered it, and a failure reaches the caller."""

from __future__ import annotations

import secrets
import uuid

import pytest

from liaison_client.net.errors import RelayUnavailableError
from liaison_client.net.wire import OutgoingEnvelope
from liaison_client.sync.relay_pipeline import RelayPipeline
from tests.relay.relay_process import RelayProcess, enroll_device


def test_pages_are_fetched_ahead_and_acknowledged_in_order(relay: RelayProcess) -> None:
    sender, receiver = enroll_device(relay), enroll_device(relay)
    sender.client.send([OutgoingEnvelope(uuid.uuid4().hex, (receiver.device_id,),
                                         secrets.token_bytes(64)) for _ in range(5)])
    with RelayPipeline(receiver.client) as pipeline:
        first = pipeline.fetch(lambda: receiver.client.fetch(0, limit=3)).result()
        ahead = pipeline.fetch(lambda: receiver.client.fetch(first.cursor, limit=3))
        pipeline.acknowledge(first.cursor)
        second = ahead.result()
        pipeline.acknowledge(second.cursor)
        assert pipeline.acknowledged() == second.cursor
        assert pipeline.acknowledged() is None  # nothing sent since
    assert (len(first.envelopes), len(second.envelopes)) == (3, 2)
    assert receiver.client.fetch(0).envelopes == ()  # both pages acknowledged
    sender.client.close()
    receiver.client.close()


def test_an_acknowledgement_the_relay_never_answered_is_not_counted(
        relay: RelayProcess) -> None:
    receiver = enroll_device(relay, attempts=1)
    relay.kill()
    with RelayPipeline(receiver.client) as pipeline:
        pipeline.acknowledge(7)
        pipeline.idle()  # waits, and leaves the failure to the call's own result
        with pytest.raises(RelayUnavailableError):
            pipeline.acknowledged()


def test_a_failed_fetch_is_raised_to_the_caller(relay: RelayProcess) -> None:
    receiver = enroll_device(relay, attempts=1)
    relay.kill()
    with RelayPipeline(receiver.client) as pipeline, pytest.raises(RelayUnavailableError):
        pipeline.fetch(lambda: receiver.client.fetch(0)).result()
