"""What the relay says of one envelope for one recipient (``POST /v1/envelopes/states``).

The one definition of the wire's delivery states: the relay's storage answers
with it, the relay's response model lists its values, and the client parses
the response into it. The client's own per-recipient record
(``liaison_client.store.deliveries.LocalDeliveryState``) is a different thing:
it also knows ``queued`` (not yet accepted by the relay) and names the relay's
``pending`` ``sent``, as its stored rows always have.
"""

from __future__ import annotations

from enum import StrEnum


class DeliveryState(StrEnum):
    #: The relay holds the envelope; the recipient has not acknowledged it yet.
    PENDING = "pending"
    #: The recipient fetched and acknowledged it.
    DELIVERED = "delivered"
    #: Its time to live ran out before the recipient acknowledged it.
    EXPIRED = "expired"
