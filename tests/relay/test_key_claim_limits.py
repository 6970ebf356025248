"""One-time-key claims are limited per claimer and target (issue 10, item 10).

Any enrolled device could drain another's one-time keys (each claim takes
one), leaving everyone who later opens a session with it on its fallback
key. Against a real relay started with a claim limit of 3 per (claimer,
target) and 5 per claimer: the fourth claim of one pair is 429 with
Retry-After and takes nothing; other claimers are unaffected; the per-claimer
limit holds across targets.
"""

from __future__ import annotations

import pytest

from liaison_client.net.errors import RelayRefusedError
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess, enroll_device
from tests.relay.test_key_directory import _publish


@pytest.fixture
def limited_relay(start_relay_process: StartRelay) -> RelayProcess:
    return start_relay_process("--claims-per-target", "3", "--claims-per-claimer", "5")


def test_one_claimer_cannot_drain_a_targets_one_time_keys(limited_relay: RelayProcess) -> None:
    target, drainer, colleague = (enroll_device(limited_relay, attempts=1) for _ in range(3))
    assert _publish(target, 20) == 20
    for _ in range(3):
        assert not drainer.client.claim_key(target.device_id, target.identity.ed25519_key).fallback
    with pytest.raises(RelayRefusedError) as refused:
        drainer.client.claim_key(target.device_id, target.identity.ed25519_key)
    assert (refused.value.status, refused.value.error) == (429, "rate_limited")
    # The refused claim took nothing: 17 left, and a colleague still gets a one-time key.
    assert target.client.publish_keys([], None) == 17
    assert not colleague.client.claim_key(target.device_id, target.identity.ed25519_key).fallback


def test_the_per_claimer_limit_holds_across_targets(limited_relay: RelayProcess) -> None:
    targets = [enroll_device(limited_relay, attempts=1) for _ in range(3)]
    drainer = enroll_device(limited_relay, attempts=1)
    for target in targets:
        _publish(target, 5)
    claims = [(t, n) for t in targets for n in range(2)]
    for target, _ in claims[:5]:
        drainer.client.claim_key(target.device_id, target.identity.ed25519_key)
    last = claims[5][0]
    with pytest.raises(RelayRefusedError) as refused:
        drainer.client.claim_key(last.device_id, last.identity.ed25519_key)
    assert refused.value.status == 429
    assert last.client.publish_keys([], None) == 4
