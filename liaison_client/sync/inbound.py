"""Receiving: fetched, decrypted and stored in one commit per page, then acknowledged.

For each page of the relay's queue (docs/SYNC.md):

1. senders never seen before are looked up in the relay's directory (trust on
   first use) so their first Olm message can be authenticated;
2. every envelope of the page goes through
   :meth:`~liaison_client.channels.megolm_channel_crypto.MegolmChannelCrypto.receive`
   inside ONE transaction that also stores the queue cursor — one commit per
   page instead of per message is what makes ≥ 1,000 messages/s possible
   (docs/PERFORMANCE.md);
3. only after that commit is the relay acknowledged up to the cursor.

The HTTP calls run on a helper thread (:mod:`liaison_client.sync.relay_pipeline`):
the next page is fetched, and this page acknowledged, while the client
decrypts, so the network round trips overlap the CPU work instead of adding
to it.

A crash before 2 leaves the page on the relay (fetched again); a crash
between 2 and 3 re-acknowledges the stored cursor on the next run, and the
envelope log turns any re-delivery into a ``Duplicate``. If a page's
transaction fails for a reason that is not the envelopes' fault (a bug, a
full disk), the crypto state is reloaded from the store; a full disk stops
the run, anything else is retried one envelope at a time, and an envelope
that fails alone is parked, still encrypted, in ``inbox`` and retried on the
next run rather than blocking the queue.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import partial

from liaison_client.channels.channel_crypto import IncomingResult, MembershipChanged
from liaison_client.errors import StorageFullError
from liaison_client.net.client import RelayClient
from liaison_client.net.wire import FetchedPage, ReceivedEnvelope
from liaison_client.relay_connection import RELAY_INBOX_CURSOR
from liaison_client.store.records import InboxItem, OutboxItem, now_ms
from liaison_client.sync.crash_points import CrashPoint, crash_point
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.directory import learn_senders
from liaison_client.sync.relay_pipeline import RelayPipeline

#: The cursor the relay has confirmed as acknowledged (≤ RELAY_INBOX_CURSOR).
ACKNOWLEDGED_CURSOR = "sync.acknowledged_cursor"
MAX_PAGES_PER_RUN = 100

_log = logging.getLogger("liaison.sync")


@dataclass
class InboundReport:
    results: list[IncomingResult] = field(default_factory=list)
    pages: int = 0
    #: Envelopes that failed on their own and wait, encrypted, in the inbox.
    parked: int = 0
    #: A fetch said a recipient acknowledged one of ours (the relay tells it once).
    states_changed: bool = False


class Inbound:
    def __init__(self, state: CryptoState) -> None:
        self._state = state

    def run(self, client: RelayClient, *, wait: float, stop: threading.Event,
            poll_slice: float, max_pages: int = MAX_PAGES_PER_RUN) -> InboundReport:
        """Drain the queue (bounded); long-poll up to ``wait`` s for the first page."""
        settings = self._state.store.settings
        report = InboundReport()
        cursor = int(settings.get(RELAY_INBOX_CURSOR, 0))
        if cursor > int(settings.get(ACKNOWLEDGED_CURSOR, 0)):
            # The acknowledgement was lost (crash after the commit): repeat it.
            client.acknowledge(cursor)
            settings.set(ACKNOWLEDGED_CURSOR, cursor)
        self._retry_parked(report)
        deadline = time.monotonic() + max(0.0, wait)
        if stop.is_set() or max_pages < 1:
            return report
        with RelayPipeline(client) as relay:
            next_page = relay.fetch(partial(self._fetch, client, cursor, deadline, stop,
                                            poll_slice))
            for page_number in range(max_pages):
                page = next_page.result()
                crash_point(CrashPoint.AFTER_FETCH)
                report.states_changed = report.states_changed or page.states_changed
                if not page.envelopes:
                    break
                self._learn_senders(client, relay, page)
                more = page_number + 1 < max_pages and not stop.is_set()
                if more:  # fetched while this page is decrypted
                    next_page = relay.fetch(partial(self._fetch, client, page.cursor, None,
                                                    stop, poll_slice))
                report.results.extend(self._commit(page, report))
                report.pages += 1
                crash_point(CrashPoint.AFTER_COMMIT)
                relay.acknowledge(page.cursor)
                if not more:
                    break
            confirmed = relay.acknowledged()
        if confirmed is not None:
            settings.set(ACKNOWLEDGED_CURSOR, confirmed)
        return report

    def _learn_senders(self, client: RelayClient, relay: RelayPipeline,
                       page: FetchedPage) -> None:
        """Senders never seen are looked up in the directory; the client is then used
        from this thread, so the pipeline must be idle first (rare: first contact)."""
        store = self._state.store
        senders = {e.sender_device_id for e in page.envelopes}
        if all(store.devices.get(sender) is not None for sender in senders):
            return
        relay.idle()
        learn_senders(client, store, senders)

    def _fetch(self, client: RelayClient, cursor: int, deadline: float | None,
               stop: threading.Event, poll_slice: float) -> FetchedPage:
        """One page; when empty, keep long-polling in slices of ``poll_slice`` s
        until ``deadline``, so :meth:`SyncEngine.stop` takes effect within a slice."""
        states_changed = False
        while True:
            remaining = 0.0 if deadline is None else deadline - time.monotonic()
            page = client.fetch(cursor, wait=max(0.0, min(poll_slice, remaining)))
            # The relay says it once: kept for the round, which then asks for the states.
            states_changed = states_changed or page.states_changed
            if page.envelopes or remaining <= poll_slice or stop.is_set():
                return dataclasses.replace(page, states_changed=states_changed)

    def _commit(self, page: FetchedPage, report: InboundReport) -> list[IncomingResult]:
        store = self._state.store
        try:
            with self._state.transaction() as crypto:
                results = [crypto.receive(e.envelope_id, e.sender_device_id, e.ciphertext)
                           for e in page.envelopes]
                self._queue_replies(results)
                store.settings.set(RELAY_INBOX_CURSOR, page.cursor)
            return results
        except StorageFullError:
            raise
        except Exception:
            _log.exception("a page of %d envelopes failed; retrying one by one",
                           len(page.envelopes))
        results = []
        for envelope in page.envelopes:
            result = self._receive_alone(envelope.envelope_id, envelope.sender_device_id,
                                         envelope.ciphertext)
            if result is None:
                self._park(envelope)
                report.parked += 1
            else:
                results.append(result)
        with store.transaction():
            store.settings.set(RELAY_INBOX_CURSOR, page.cursor)
        return results

    def _receive_alone(self, envelope_id: str, sender: str,
                       payload: bytes) -> IncomingResult | None:
        try:
            with self._state.transaction() as crypto:
                result = crypto.receive(envelope_id, sender, payload)
                self._queue_replies([result])
                self._state.store.inbox.remove([envelope_id])
            return result
        except StorageFullError:
            raise
        except Exception:
            _log.exception("envelope %s from %s could not be processed", envelope_id, sender)
            return None

    def _queue_replies(self, results: list[IncomingResult]) -> None:
        """Acknowledgements of applied control events go to the outbox in the
        transaction that applied them (sent by the round's next post)."""
        outbox = self._state.store.outbox
        for result in results:
            if isinstance(result, MembershipChanged):
                for envelope in result.acknowledgements:
                    outbox.put(OutboxItem(uuid.uuid4().hex, (envelope.recipient_device_id,),
                                          envelope.payload, created_at_ms=now_ms()))

    def _park(self, envelope: ReceivedEnvelope) -> None:
        with self._state.store.transaction():
            self._state.store.inbox.put_many([InboxItem(
                envelope.envelope_id, envelope.sender_device_id, envelope.ciphertext)])

    def _retry_parked(self, report: InboundReport) -> None:
        for item in self._state.store.inbox.pending():
            result = self._receive_alone(item.envelope_id, item.sender_device_id, item.payload)
            if result is None:
                report.parked += 1
            else:
                report.results.append(result)
