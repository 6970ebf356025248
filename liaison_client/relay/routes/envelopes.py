"""Sending, fetching (long-poll), acknowledging envelopes and their delivery state.

These routes define the API and its OpenAPI document. Send, fetch and
acknowledge are served on the hot path by
:class:`~liaison_client.relay.envelope_fast_path.EnvelopeFastPath` (same
operations, same answers, without FastAPI's per-request dependency
machinery); with ``create_app(..., fast_path=False)`` these handlers serve
them, and ``tests/relay/test_envelope_fast_path.py`` holds the two to the same
answers.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Path, Query

from liaison_client.protocol.limits import DEVICE_ID_PATTERN
from liaison_client.relay import envelope_operations
from liaison_client.relay.api_models import (
    AckRequest,
    AckResponse,
    FetchQuery,
    FetchResponse,
    SendRequest,
    SendResponse,
    StatesRequest,
    StatesResponse,
)
from liaison_client.relay.context import SIGNED_RESPONSES, Relay, SignedDevice
from liaison_client.relay.http_errors import ErrorBody

router = APIRouter(tags=["envelopes"])

DeviceIdPath = Annotated[str, Path(pattern=DEVICE_ID_PATTERN)]


@router.post(
    "/v1/envelopes", response_model=SendResponse, operation_id="send_envelopes",
    responses={**SIGNED_RESPONSES,
               200: {"description": "every envelope accepted (or a known duplicate)",
                     "links": {"FetchFirstRecipientQueue": {
                         "operationId": "fetch_envelopes",
                         "parameters": {"device_id": "$request.body#/envelopes/0/recipients/0"},
                         "description": "the first recipient's queue now holds the envelope"}}},
               413: {"model": ErrorBody, "description": "an envelope exceeds the size limit"},
               507: {"model": ErrorBody, "description": "a recipient's queue is full "
                     "(``queue_full``, ``sender_quota_full``) or the relay keeps its last "
                     "free disk space (``relay_storage_full``); nothing in the batch was "
                     "accepted"}},
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
    return await envelope_operations.send_envelopes(context, sender, batch)


@router.get(
    "/v1/devices/{device_id}/envelopes", response_model=FetchResponse,
    operation_id="fetch_envelopes",
    responses={**SIGNED_RESPONSES, 403: {"model": ErrorBody},
               200: {"description": "a page of pending envelopes (maybe empty)",
                     "links": {"AcknowledgePage": {
                         "operationId": "acknowledge_envelopes",
                         "parameters": {"device_id": "$request.path.device_id"},
                         "requestBody": {"cursor": "$response.body#/cursor"},
                         "description": "acknowledge everything up to the page's cursor"}}}},
)
async def fetch_envelopes(
    device_id: DeviceIdPath,
    device: SignedDevice,
    context: Relay,
    query: Annotated[FetchQuery, Query()],
) -> FetchResponse:
    """The device's pending envelopes after ``after``, oldest first.

    When none is pending, waits up to ``wait`` seconds (bounded by the relay
    too) for one to arrive. Envelopes stay pending until acknowledged:
    delivery is at least once, and the client deduplicates by id.
    """
    return await envelope_operations.fetch_envelopes(context, device, device_id, query)


@router.post(
    "/v1/devices/{device_id}/envelopes/ack", response_model=AckResponse,
    operation_id="acknowledge_envelopes",
    responses={**SIGNED_RESPONSES, 403: {"model": ErrorBody}},
)
async def acknowledge_envelopes(
    ack: AckRequest,
    device_id: DeviceIdPath,
    device: SignedDevice,
    context: Relay,
) -> AckResponse:
    """Mark every pending envelope up to ``cursor`` delivered; their ciphertext is deleted."""
    return await envelope_operations.acknowledge_envelopes(context, device, device_id, ack)


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
