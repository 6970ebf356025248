"""The signed body a stored message row carries, decoded by the payloads module.

Rows keep the exact canonical body the sender signed (``MessageRecord.content``);
the timeline and the attachment download read an attachment's name, size, hash
and key from it. They decode it with the same code that decoded it on arrival
(:func:`liaison_client.channels.payloads.decode_body`), never with a second,
looser JSON reading. When message kinds move to ``liaison_client/channels/kinds/``
(issue 9, item 5), this module is the one place to switch to its decode function.
"""

from __future__ import annotations

from liaison_client.channels.payloads import AttachmentBody, MessageKind, decode_body
from liaison_client.crypto.wire import WireObject
from liaison_client.store.records import MessageRecord


def stored_attachment(record: MessageRecord) -> AttachmentBody | None:
    """The attachment a stored row describes; None for any other kind or a row
    without its signed content."""
    if record.kind != MessageKind.ATTACHMENT or record.content is None:
        return None
    body = decode_body(record.kind, WireObject.parse(record.content.encode(), "stored body"))
    return body if isinstance(body, AttachmentBody) else None
