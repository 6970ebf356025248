"""What sending, fetching and acknowledging envelopes *do*, apart from any HTTP framework.

Both ways a request can reach these calls use them: the FastAPI routes in
:mod:`liaison_client.relay.routes.envelopes` (which also define the OpenAPI
document) and the lean ASGI path in :mod:`liaison_client.relay.envelope_fast_path`
that serves the same three calls on the hot path. Callers hand in an
authenticated device and validated models; refusals are
:class:`~liaison_client.relay.http_errors.RelayHTTPError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from liaison_client.relay.api_models import (
    AcceptedOut,
    AckRequest,
    AckResponse,
    EnvelopeOut,
    FetchQuery,
    FetchResponse,
    SendRequest,
    SendResponse,
)
from liaison_client.relay.context import RelayContext, require_self
from liaison_client.relay.http_errors import RelayHTTPError
from liaison_client.relay.storage import (
    DeviceRecord,
    NewEnvelope,
    QueuedEnvelope,
    QueueFullError,
    SenderQuotaError,
    UnknownRecipientsError,
)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


async def send_envelopes(
    context: RelayContext, sender: DeviceRecord, batch: SendRequest
) -> SendResponse:
    """Accept a batch, all or nothing, durably, before answering.

    Each ciphertext is stored once and queued for each recipient. An id the
    sender used before is reported as a duplicate and not queued again, so a
    retry after a lost answer is safe.
    """
    limits = context.config.limits
    if len(batch.envelopes) > limits.max_batch_envelopes:
        raise RelayHTTPError(422, "batch_too_large",
                             f"at most {limits.max_batch_envelopes} envelopes per request")
    for envelope in batch.envelopes:
        if len(envelope.ciphertext) > limits.max_envelope_bytes:
            context.metrics.refusals.labels("envelope_too_large").inc()
            raise RelayHTTPError(413, "envelope_too_large", f"envelope {envelope.id} is larger "
                                 f"than {limits.max_envelope_bytes} bytes")
        if len(envelope.recipients) > limits.max_recipients:
            raise RelayHTTPError(422, "too_many_recipients",
                                 f"at most {limits.max_recipients} recipients per envelope")
    # One token per recipient, not per envelope (issue 10, item 4): the queue
    # rows, wake-ups and storage are per recipient, and so is the cost to others.
    context.charge(sender.device_id, sum(len(e.recipients) for e in batch.envelopes))
    if context.config.database_url is None:  # SQLite: the database is on this disk
        context.require_disk_room(sum(len(e.ciphertext) for e in batch.envelopes), "messages")
    now_ms = _now_ms()
    new = [
        NewEnvelope(
            envelope_id=e.id, recipients=tuple(e.recipients), ciphertext=e.ciphertext,
            expires_at_ms=now_ms + 1000 * min(e.ttl_seconds or limits.default_ttl_seconds,
                                              limits.max_ttl_seconds),
        )
        for e in batch.envelopes
    ]
    try:
        accepted = await context.storage.accept_envelopes(
            sender.device_id, new, now_ms, limits.max_queue_depth,
            limits.max_queue_per_sender,
        )
    except UnknownRecipientsError as exc:
        raise RelayHTTPError(422, "unknown_recipients", str(exc)) from exc
    except SenderQuotaError as exc:
        context.metrics.refusals.labels("sender_quota_full").inc()
        raise RelayHTTPError(507, "sender_quota_full",
                             f"{exc}: this device's share of their queues is full; "
                             "nothing in this batch was accepted") from exc
    except QueueFullError as exc:
        context.metrics.refusals.labels("queue_full").inc()
        raise RelayHTTPError(507, "queue_full", f"{exc}; nothing in this batch was accepted",
                             ) from exc
    created = [a for a in accepted if a.created]
    context.metrics.envelopes_accepted.inc(len(created))
    created_ids = {a.envelope_id for a in created}
    context.wakeups.notify({r for e in new if e.envelope_id in created_ids for r in e.recipients})
    # model_construct: answers are built from what was validated on the way in
    # and stored; validating them again costs a page of fetches dearly.
    return SendResponse.model_construct(accepted=[
        AcceptedOut.model_construct(id=a.envelope_id, duplicate=not a.created,
                                    expires_at_ms=a.expires_at_ms)
        for a in accepted
    ])


async def fetch_envelopes(
    context: RelayContext, device: DeviceRecord, device_id: str, query: FetchQuery
) -> FetchResponse:
    """The device's pending envelopes after ``query.after``, oldest first.

    When none is pending, waits up to ``query.wait`` seconds (bounded by the
    relay too) for one to arrive. Envelopes stay pending until acknowledged:
    delivery is at least once, and the client deduplicates by id.
    """
    require_self(device, device_id)
    limits = context.config.limits
    limit = min(query.limit, limits.page_size)
    wait = min(query.wait, limits.max_wait_seconds)
    after = query.after
    storage, wakeups = context.storage, context.wakeups

    async def read() -> list[QueuedEnvelope]:
        return await storage.pending(device_id, after, limit, _now_ms())

    envelopes = await read()
    if not envelopes and wait > 0 and not wakeups.closing \
            and not wakeups.has_states_changed(device_id):
        with wakeups.subscription(device_id) as woken:
            envelopes = await read()
            if not envelopes and not wakeups.has_states_changed(device_id):
                context.metrics.long_polls.inc()
                try:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), wait)
                finally:
                    context.metrics.long_polls.dec()
                envelopes = await read()
    return FetchResponse.model_construct(
        envelopes=[EnvelopeOut.model_construct(
            cursor=e.cursor, id=e.envelope_id, sender=e.sender_device_id,
            ciphertext=e.ciphertext, sent_at_ms=e.sent_at_ms, expires_at_ms=e.expires_at_ms)
            for e in envelopes],
        cursor=envelopes[-1].cursor if envelopes else after,
        states_changed=wakeups.take_states_changed(device_id),
    )


async def acknowledge_envelopes(
    context: RelayContext, device: DeviceRecord, device_id: str, ack: AckRequest
) -> AckResponse:
    """Mark every pending envelope up to ``ack.cursor`` delivered; their ciphertext is
    deleted, and their senders' long-polls answer at once (``states_changed``)."""
    require_self(device, device_id)
    acked = await context.storage.acknowledge(device_id, ack.cursor, _now_ms())
    context.wakeups.states_changed(acked.senders)
    context.metrics.envelopes_acknowledged.inc(acked.count)
    return AckResponse.model_construct(acknowledged=acked.count)
