"""The engine's own duties: bounded stop, reload after a failed transaction,
one-time key supply, forgetting envelope ids only after the relay's retention."""

from __future__ import annotations

import threading

import pytest

from liaison_client.relay_connection import client_for_profile
from liaison_client.store.envelope_log import EnvelopeOutcome, ProcessedEnvelope
from liaison_client.store.records import now_ms
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.engine import ENVELOPE_MEMORY_MS, POLL_SLICE_SECONDS, ConnectionState
from liaison_client.sync.key_supply import TARGET_ONE_TIME_KEYS, maintain_key_supply
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import OfficerFactory


def test_stop_ends_a_long_poll_within_one_slice(make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    reports = []
    worker = threading.Thread(target=lambda: reports.append(li.workspace.engine.run_once(30)))
    worker.start()
    threading.Event().wait(0.5)
    li.workspace.engine.stop()
    worker.join(timeout=POLL_SLICE_SECONDS + 5)
    assert not worker.is_alive()
    assert reports[0].connection is ConnectionState.ONLINE


def test_a_failed_transaction_leaves_no_uncommitted_crypto_state_in_memory(
        make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    state = CryptoState(li.profile)
    committed = state.crypto.olm.unpublished_one_time_keys()

    def change_then_fail() -> None:
        with state.transaction() as crypto:
            crypto.olm.generate_one_time_keys(5)  # joins this transaction
            raise RuntimeError("disk trouble after the Account changed")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert state.reloads == 1
    assert state.crypto.olm.unpublished_one_time_keys() == committed


@pytest.fixture
def relay(start_relay_process: StartRelay) -> RelayProcess:
    """This module's relay lets one peer claim 30 of a device's keys (the default is 10 an
    hour per claimer and target, issue 10 item 10), enough to go below the low-water mark."""
    return start_relay_process("--claims-per-target", "100")


def test_one_time_keys_are_topped_up_when_peers_have_used_them(
        make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    anna_client = client_for_profile(anna.profile)
    li_client = client_for_profile(li.profile)
    assert anna_client is not None
    assert li_client is not None
    with anna_client, li_client:
        for _ in range(30):
            anna_client.claim_key(li.device_id, li.profile.whoami().fingerprint)
        report = maintain_key_supply(CryptoState(li.profile), li_client, force=True)
        assert report.published == 30
        assert li_client.publish_keys([]) == TARGET_ONE_TIME_KEYS


def test_envelope_ids_are_forgotten_only_after_the_relays_longest_retention(
        make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    log = li.profile.store.envelope_log
    now = now_ms()
    for envelope_id, age in (("ancient", ENVELOPE_MEMORY_MS + 60_000),
                             ("recent", ENVELOPE_MEMORY_MS - 60_000)):
        log.record(ProcessedEnvelope(envelope_id, "X", EnvelopeOutcome.ACCEPTED, None, None,
                                     now - age))
    li.workspace.sync()
    assert not log.seen("ancient")
    assert log.seen("recent")
