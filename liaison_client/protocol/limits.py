"""The protocol's hard ceilings and identifier shapes, shared by the relay's validation
and any client that wants to stay inside them.

A relay's configuration may only lower the ceilings (``RelayLimits``); a request
beyond them is refused with 422 before a handler runs.
"""

from __future__ import annotations

#: Device ids: chosen by the device at registration, and the ``keyid`` of its signatures.
DEVICE_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
#: Envelope ids: chosen by the sender; a retry with the same id is accepted once.
ENVELOPE_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
#: Attachments (blobs) are addressed by the hex SHA-256 of their ciphertext.
SHA256_PATTERN = r"^[0-9a-f]{64}$"

#: Envelopes in one send, or ids in one delivery-state query.
MAX_BATCH = 100
#: Recipients of one envelope.
MAX_RECIPIENTS = 1000
#: One-time keys in one upload.
MAX_KEYS_PER_UPLOAD = 100
#: The longest time an envelope may wait for its recipient.
MAX_TTL_SECONDS = 365 * 86_400
#: A page of the directory holds at most this many devices.
MAX_DIRECTORY_PAGE = 200
