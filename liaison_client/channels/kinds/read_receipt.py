"""The ``receipt.read`` kind: "I have read these messages" (issue 11, read receipts), folded.

Body: ``{"message_ids": [...]}``, the ids of other members' messages this
device's officer has just read, sorted and without repeats, 1 to
:data:`MAX_READ_IDS` of them (docs/CRYPTO.md, "Message kinds"). The time of
reading is the message's own signed ``sent_at_ms``, so the body carries no
clock of its own.

A receipt is an ordinary channel message: Megolm-encrypted to every member,
signed by the reader's device, accepted only from a current member and only
under the epoch rules of any message. It is sent only while the operation's
coordinator has read receipts turned on (a signed ``read_receipts`` control
event, :mod:`liaison_client.channels.membership`), and a receiver stores it
only then; the handler is in ``workspace/read_receipts.py``.

Why a group message and not a pairwise one to each sender: the group session
is already shared with every member, and a receipt for a page of messages from
five senders is one signature and one encryption instead of five Olm messages.
Each receiver keeps only the rows about its own messages (as Signal shows "read
by" to the author only). The cost, one envelope per member per receipt, is
bounded by sending one receipt per operation per read (a page of ids, not one
per message).
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.channels.kinds.text import REPLY_TO_PATTERN
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject

#: Ids in one receipt: a long unread backlog goes as several receipts.
MAX_READ_IDS = 100


@dataclass(frozen=True)
class ReadReceiptBody:
    message_ids: tuple[str, ...]

    kind = MessageKind.READ_RECEIPT

    def __post_init__(self) -> None:
        problem = _problem(self.message_ids)
        if problem is not None:
            raise ValueError(problem)

    def to_wire(self) -> JsonObject:
        return {"message_ids": list(self.message_ids)}

    def searchable_text(self) -> str:
        return ""  # folded: never in the timeline's search

    @classmethod
    def from_wire(cls, body: WireObject) -> ReadReceiptBody:
        if set(body.fields) != {"message_ids"}:
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "read receipt: exactly one field, 'message_ids'")
        ids = body.fields["message_ids"]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "read receipt: 'message_ids' must be a list of ids")
        message_ids = tuple(str(i) for i in ids)
        problem = _problem(message_ids)
        if problem is not None:
            raise PayloadRejectedError(Rejection.MALFORMED, f"read receipt: {problem}")
        return cls(message_ids)


def _problem(ids: tuple[str, ...]) -> str | None:
    """What is wrong with ``ids`` (None: nothing). Sorted, without repeats, 1 to
    MAX_READ_IDS message ids: one canonical body per set of ids."""
    if not 1 <= len(ids) <= MAX_READ_IDS:
        return f"1 to {MAX_READ_IDS} message ids"
    if not all(REPLY_TO_PATTERN.fullmatch(i) for i in ids):
        return "a message id is letters, digits and hyphens (at most 64)"
    if list(ids) != sorted(set(ids)):
        return "message ids sorted and without repeats"
    return None


READ_RECEIPT = KindDefinition(MessageKind.READ_RECEIPT, Placement.FOLDED,
                              ReadReceiptBody.from_wire, dropped_when_stale=True)
