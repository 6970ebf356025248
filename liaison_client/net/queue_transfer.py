"""Moving envelopes between the local store and the relay: outbox out, inbox in.

The product's sync runs through ``liaison_client/sync`` (``outbound.py`` /
``inbound.py``), which decrypts each page before acknowledging it. The two
functions here move raw envelopes only and share the inbox cursor setting
with that engine, so they must never run on a profile the engine uses; today
only the relay-level tests (``tests/net``, ``tests/relay/test_crash.py``)
call them. To be retired once those tests drive the sync engine instead;
``retry_delay_ms`` is the backoff both share.

- :func:`send_outbox` sends due outbox rows in batches; a row leaves the
  outbox only after the relay answered 2xx (durably stored). When the relay
  is down the rows stay, their next attempt is pushed back with exponential
  backoff, and the report says so in one line.
- :func:`receive_inbox` fetches pending envelopes, stores them in the inbox
  *and* the queue cursor in one transaction, then acknowledges. A crash
  between the two only means the acknowledgement is repeated next time;
  because fetching resumes after the stored cursor and the inbox ignores ids
  it holds, each envelope lands in the inbox exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.net.client import RelayClient
from liaison_client.net.errors import RelayRefusedError, RelayUnavailableError
from liaison_client.net.relay_settings import RELAY_INBOX_CURSOR
from liaison_client.net.wire import OutgoingEnvelope
from liaison_client.store.records import InboxItem, OutboxItem, now_ms
from liaison_client.store.store import Store

RETRY_BASE_MS = 2_000
RETRY_CAP_MS = 10 * 60_000


@dataclass(frozen=True)
class SendReport:
    sent: int
    kept: int
    #: One line for the officer; empty when everything went out.
    problem: str = ""


@dataclass(frozen=True)
class ReceiveReport:
    received: int
    acknowledged: int


def retry_delay_ms(attempts: int) -> int:
    return int(min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** min(attempts, 20)))


def send_outbox(store: Store, client: RelayClient, *, batch_size: int = 100,
                max_batches: int = 1000) -> SendReport:
    """Send every due outbox envelope; stop at the first failure (bounded loop)."""
    sent = 0
    for _ in range(max_batches):
        items = store.outbox.due(limit=batch_size)
        if not items:
            break
        try:
            client.send([OutgoingEnvelope(i.envelope_id, i.recipients, i.payload)
                         for i in items])
        except RelayUnavailableError as exc:
            return _keep(store, items, sent, str(exc),
                         "relay unreachable: {kept} envelope(s) kept in the outbox, "
                         "next attempt in {delay} s")
        except RelayRefusedError as exc:
            return _keep(store, items, sent, str(exc),
                         "relay refused a batch ({reason}): {kept} envelope(s) kept in the "
                         "outbox, next attempt in {delay} s")
        with store.transaction():
            store.outbox.remove([i.envelope_id for i in items])
        sent += len(items)
    return SendReport(sent=sent, kept=store.outbox.count())


def _keep(store: Store, items: list[OutboxItem], sent: int, reason: str,
          template: str) -> SendReport:
    now = now_ms()
    delay = retry_delay_ms(min(i.attempts for i in items))
    with store.transaction():
        for item in items:
            store.outbox.record_failure(item.envelope_id, reason[:500],
                                        now + retry_delay_ms(item.attempts))
    kept = store.outbox.count()
    return SendReport(sent=sent, kept=kept, problem=template.format(
        kept=kept, delay=delay // 1000, reason=reason[:120]))


def receive_inbox(store: Store, client: RelayClient, *, wait: float = 0,
                  max_pages: int = 100) -> ReceiveReport:
    """Fetch pages until the queue is empty (at most ``max_pages``); long-poll
    up to ``wait`` seconds for the first page only."""
    received = acknowledged = 0
    cursor = int(store.settings.get(RELAY_INBOX_CURSOR, 0))
    # An acknowledgement lost in a crash is repeated first (it is idempotent).
    acknowledged += client.acknowledge(cursor) if cursor else 0
    for page_number in range(max_pages):
        page = client.fetch(cursor, wait=wait if page_number == 0 else 0)
        if not page.envelopes:
            break
        with store.transaction():
            received += store.inbox.put_many([
                InboxItem(e.envelope_id, e.sender_device_id, e.ciphertext, 0)
                for e in page.envelopes])
            store.settings.set(RELAY_INBOX_CURSOR, page.cursor)
        cursor = page.cursor
        acknowledged += client.acknowledge(cursor)
    return ReceiveReport(received=received, acknowledged=acknowledged)
