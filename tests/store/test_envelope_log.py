"""Processed envelopes: duplicates recognised, refusals listed for the user."""

from __future__ import annotations

from liaison_client.store.envelope_log import EnvelopeOutcome, ProcessedEnvelope
from tests.crypto.conftest import bare_store


def test_processed_envelopes_are_seen_and_refusals_listed_newest_first() -> None:
    with bare_store() as store:
        store.envelope_log.record(ProcessedEnvelope("e1", "LI", EnvelopeOutcome.ACCEPTED,
                                                    None, None, 1))
        store.envelope_log.record(ProcessedEnvelope("e2", "MALLORY", EnvelopeOutcome.REJECTED,
                                                    "replayed", "index 0", 2))
        store.envelope_log.record(ProcessedEnvelope("e3", "MALLORY", EnvelopeOutcome.REJECTED,
                                                    "bad-signature", "m9", 3))
        assert store.envelope_log.seen("e1")
        assert not store.envelope_log.seen("e4")
        assert [e.envelope_id for e in store.envelope_log.rejected()] == ["e3", "e2"]


def test_old_entries_are_forgotten_after_the_relay_retention() -> None:
    with bare_store() as store:
        store.envelope_log.record(ProcessedEnvelope("old", "LI", EnvelopeOutcome.ACCEPTED,
                                                    None, None, 1))
        store.envelope_log.record(ProcessedEnvelope("new", "LI", EnvelopeOutcome.ACCEPTED,
                                                    None, None, 100))
        assert store.envelope_log.forget_before(50) == 1
        assert not store.envelope_log.seen("old")
        assert store.envelope_log.seen("new")
