"""Sending, fetching (long-poll), acknowledging envelopes and their delivery state."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Annotated

from fastapi import APIRouter, Path, Query

from liaison_client.relay.api_models import (
    DEVICE_ID_PATTERN,
    AcceptedOut,
    AckRequest,
    AckResponse,
    EnvelopeOut,
    FetchResponse,
    SendRequest,
    SendResponse,
    StatesRequest,
    StatesResponse,
)
from liaison_client.relay.context import (
    SIGNED_RESPONSES,
    Relay,
    SignedDevice,
    require_self,
)
from liaison_client.relay.http_errors import ErrorBody, RelayHTTPError
from liaison_client.relay.storage import (
    NewEnvelope,
    QueuedEnvelope,
    QueueFullError,
    UnknownRecipientsError,
)

router = APIRouter(tags=["envelopes"])

DeviceIdPath = Annotated[str, Path(pattern=DEVICE_ID_PATTERN)]


@router.post(
    "/v1/envelopes", response_model=SendResponse,
    responses={**SIGNED_RESPONSES,
               413: {"model": ErrorBody, "description": "an envelope exceeds the size limit"},
               507: {"model": ErrorBody, "description": "a recipient's queue is full; "
                     "nothing in the batch was accepted"}},
)
async def send_envelopes(
    batch: SendRequest,
    sender: SignedDevice,
    context: Relay,
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
    context.charge(sender.device_id, len(batch.envelopes))
    now_ms = time.time_ns() // 1_000_000
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
            sender.device_id, new, now_ms, limits.max_queue_depth
        )
    except UnknownRecipientsError as exc:
        raise RelayHTTPError(422, "unknown_recipients", str(exc)) from exc
    except QueueFullError as exc:
        context.metrics.refusals.labels("queue_full").inc()
        raise RelayHTTPError(507, "queue_full", f"{exc}; nothing in this batch was accepted",
                             ) from exc
    created = [a for a in accepted if a.created]
    context.metrics.envelopes_accepted.inc(len(created))
    created_ids = {a.envelope_id for a in created}
    context.wakeups.notify({r for e in new if e.envelope_id in created_ids for r in e.recipients})
    return SendResponse(accepted=[
        AcceptedOut(id=a.envelope_id, duplicate=not a.created, expires_at_ms=a.expires_at_ms)
        for a in accepted
    ])


@router.get(
    "/v1/devices/{device_id}/envelopes", response_model=FetchResponse,
    responses={**SIGNED_RESPONSES, 403: {"model": ErrorBody}},
)
async def fetch_envelopes(
    device_id: DeviceIdPath,
    device: SignedDevice,
    context: Relay,
    after: Annotated[int, Query(ge=0, le=2**63 - 1,
                                description="cursor of the last envelope held")] = 0,
    wait: Annotated[float, Query(ge=0, le=30,
                                 description="seconds to wait when nothing is pending")] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
) -> FetchResponse:
    """The device's pending envelopes after ``after``, oldest first.

    When none is pending, waits up to ``wait`` seconds (bounded by the relay
    too) for one to arrive. Envelopes stay pending until acknowledged:
    delivery is at least once, and the client deduplicates by id.
    """
    require_self(device, device_id)
    limits = context.config.limits
    limit = min(limit, limits.page_size)
    wait = min(wait, limits.max_wait_seconds)
    storage, wakeups = context.storage, context.wakeups

    async def read() -> list[QueuedEnvelope]:
        return await storage.pending(device_id, after, limit, time.time_ns() // 1_000_000)

    envelopes = await read()
    if not envelopes and wait > 0 and not wakeups.closing:
        with wakeups.subscription(device_id) as woken:
            envelopes = await read()
            if not envelopes:
                context.metrics.long_polls.inc()
                try:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), wait)
                finally:
                    context.metrics.long_polls.dec()
                envelopes = await read()
    return FetchResponse(
        envelopes=[EnvelopeOut(cursor=e.cursor, id=e.envelope_id, sender=e.sender_device_id,
                               ciphertext=e.ciphertext, sent_at_ms=e.sent_at_ms,
                               expires_at_ms=e.expires_at_ms) for e in envelopes],
        cursor=envelopes[-1].cursor if envelopes else after,
    )


@router.post(
    "/v1/devices/{device_id}/envelopes/ack", response_model=AckResponse,
    responses={**SIGNED_RESPONSES, 403: {"model": ErrorBody}},
)
async def acknowledge_envelopes(
    ack: AckRequest,
    device_id: DeviceIdPath,
    device: SignedDevice,
    context: Relay,
) -> AckResponse:
    """Mark every pending envelope up to ``cursor`` delivered; their ciphertext is deleted."""
    require_self(device, device_id)
    count = await context.storage.acknowledge(device_id, ack.cursor, time.time_ns() // 1_000_000)
    context.metrics.envelopes_acknowledged.inc(count)
    return AckResponse(acknowledged=count)


@router.post("/v1/envelopes/states", response_model=StatesResponse,
             responses=SIGNED_RESPONSES)
async def delivery_states(
    request: StatesRequest,
    sender: SignedDevice,
    context: Relay,
) -> StatesResponse:
    """Per recipient, whether each of the caller's envelopes is pending, delivered or expired."""
    states = await context.storage.delivery_states(
        sender.device_id, request.ids, time.time_ns() // 1_000_000
    )
    return StatesResponse(states={
        envelope_id: {r: s.value for r, s in per_recipient.items()}
        for envelope_id, per_recipient in states.items()
    })
