"""Message kinds: one module per kind, and the registry decryption dispatches through.

Each kind module (:mod:`.text`, :mod:`.attachment`, and the reports
:mod:`.warning`, :mod:`.feedback`, :mod:`.seizure`, :mod:`.watchlist_op`,
:mod:`.watchlist_snapshot`, :mod:`.watchlist_digest`,
:mod:`.transcript_export`, :mod:`.read_receipt`) defines its body class,
which decodes and validates the wire body, and one
:class:`~.kind.KindDefinition` saying whether the kind goes to the timeline
or is folded into other state. :data:`KINDS` lists them; the channel service
(:class:`~liaison_client.channels.megolm_channel_crypto.MegolmChannelCrypto`)
looks every verified message up here: a ``TIMELINE`` kind becomes a row of
the ``messages`` table, a ``FOLDED`` kind is handed to the handler registered
for it. An unknown kind is refused (``Rejection.UNSUPPORTED_KIND``), never
guessed at.

Adding a kind (docs/CRYPTO.md, "Message kinds"): a new module with its body
class and definition, a new :class:`~.kind.MessageKind` member, its body in
:data:`MessageBody`, its definition in :data:`KINDS`, and, for a folded kind,
a handler passed to the channel service.
"""

from __future__ import annotations

from collections.abc import Mapping

from liaison_client.channels.kinds.attachment import ATTACHMENT, AttachmentBody
from liaison_client.channels.kinds.feedback import FEEDBACK, FeedbackBody
from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.channels.kinds.read_receipt import READ_RECEIPT, ReadReceiptBody
from liaison_client.channels.kinds.seizure import SEIZURE, SeizureBody
from liaison_client.channels.kinds.text import MAX_TEXT_BYTES, MAX_TEXT_CHARS, TEXT, TextBody
from liaison_client.channels.kinds.transcript_export import (
    TRANSCRIPT_EXPORT,
    TranscriptExportBody,
)
from liaison_client.channels.kinds.warning import WARNING, WarningBody
from liaison_client.channels.kinds.watchlist_digest import (
    WATCHLIST_DIGEST,
    WatchlistDigestBody,
)
from liaison_client.channels.kinds.watchlist_op import WATCHLIST_OP, WatchlistOpBody
from liaison_client.channels.kinds.watchlist_snapshot import (
    WATCHLIST_SNAPSHOT,
    WatchlistSnapshotBody,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject

__all__ = [
    "KINDS",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "AttachmentBody",
    "FeedbackBody",
    "KindDefinition",
    "MessageBody",
    "MessageKind",
    "Placement",
    "ReadReceiptBody",
    "SeizureBody",
    "TextBody",
    "TranscriptExportBody",
    "WarningBody",
    "WatchlistDigestBody",
    "WatchlistOpBody",
    "WatchlistSnapshotBody",
    "decode_body",
    "decode_stored_body",
    "kind_definition",
]

#: Every body a channel message can carry.
MessageBody = (TextBody | AttachmentBody | WarningBody | FeedbackBody | SeizureBody
               | WatchlistOpBody | WatchlistSnapshotBody | WatchlistDigestBody
               | TranscriptExportBody | ReadReceiptBody)

#: The registry: wire name → definition.
KINDS: Mapping[str, KindDefinition[MessageBody]] = {
    definition.kind: definition
    for definition in (TEXT, ATTACHMENT, WARNING, FEEDBACK, SEIZURE, WATCHLIST_OP,
                       WATCHLIST_SNAPSHOT, WATCHLIST_DIGEST, TRANSCRIPT_EXPORT,
                       READ_RECEIPT)
}


def kind_definition(kind: str) -> KindDefinition[MessageBody]:
    """The definition of ``kind``; refused as unsupported if this version does not know it."""
    definition = KINDS.get(kind)
    if definition is None:
        raise PayloadRejectedError(Rejection.UNSUPPORTED_KIND, repr(kind))
    return definition


def decode_body(kind: str, body: WireObject) -> MessageBody:
    """Decode and validate a wire body of ``kind``."""
    return kind_definition(kind).decode(body)


def decode_stored_body(kind: str, content: str) -> MessageBody:
    """The body of a stored message row (``MessageRecord.kind`` and ``.content``,
    the exact canonical body that was signed), decoded and validated as on receipt.

    For readers of the timeline (attachment details, saving a file) so they
    never parse the JSON themselves; a row that does not decode raises
    :class:`~liaison_client.crypto.errors.PayloadRejectedError`.
    """
    return decode_body(kind, WireObject.parse(content.encode(), "stored body"))
