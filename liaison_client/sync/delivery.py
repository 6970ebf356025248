"""Delivery states of this device's messages, per recipient, from the relay's status call.

The relay knows, per envelope and recipient, whether the envelope is still
pending, was acknowledged (delivered) or expired unread; it knows nothing of
the plaintext. A message's own state summarises its recipients: ``delivered``
once every recipient has it, ``expired`` once none is pending and at least one
expired, else ``sent``.
"""

from __future__ import annotations

from liaison_client.net.client import RelayClient
from liaison_client.protocol.delivery import DeliveryState
from liaison_client.store.deliveries import LocalDeliveryState
from liaison_client.store.records import MessageState, now_ms
from liaison_client.store.store import Store

STATES_BATCH = 100
MAX_ENVELOPES_PER_RUN = 500

_FROM_RELAY = {
    DeliveryState.PENDING: LocalDeliveryState.SENT,
    DeliveryState.DELIVERED: LocalDeliveryState.DELIVERED,
    DeliveryState.EXPIRED: LocalDeliveryState.EXPIRED,
}


def refresh_delivery_states(store: Store, client: RelayClient) -> int:
    """Ask the relay about envelopes not yet delivered everywhere; returns how
    many messages changed state."""
    envelope_ids = store.deliveries.awaiting_delivery(limit=MAX_ENVELOPES_PER_RUN)
    changed = 0
    for start in range(0, len(envelope_ids), STATES_BATCH):
        batch = envelope_ids[start:start + STATES_BATCH]
        states = client.delivery_states(batch)
        at = now_ms()
        with store.transaction():
            for envelope_id, per_recipient in states.items():
                for recipient, state in per_recipient.items():
                    store.deliveries.set_state(envelope_id, recipient, _FROM_RELAY[state], at)
                message_id = store.deliveries.message_of(envelope_id)
                if message_id is not None and _summarise(store, message_id):
                    changed += 1
    return changed


def _summarise(store: Store, message_id: str) -> bool:
    states = {d.state for d in store.deliveries.for_message(message_id)}
    if states == {LocalDeliveryState.DELIVERED}:
        summary = MessageState.DELIVERED
    elif LocalDeliveryState.EXPIRED in states and not states & {
            LocalDeliveryState.QUEUED, LocalDeliveryState.SENT}:
        summary = MessageState.EXPIRED
    else:
        return False
    message = store.messages.get(message_id)
    if message is None or message.state == summary:
        return False
    store.messages.set_state(message_id, summary)
    return True
