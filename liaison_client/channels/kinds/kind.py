"""What every message kind declares: its name, where it goes, and how its body decodes.

A *kind* is the ``kind`` field of a channel message (the Megolm inner payload,
docs/CRYPTO.md "Wire format"): it names the body's shape. Each kind lives in a
module of its own in this package and exports one :class:`KindDefinition`;
the registry (``kinds/__init__.py``) maps names to definitions and the
channel service dispatches every decrypted message through it.

Where a kind goes (:class:`Placement`):

* ``TIMELINE``: the message is a row of the channel's timeline (the
  ``messages`` table): text, attachments, reports (warning, feedback, seizure).
* ``FOLDED``: the message is an operation folded into other state (a
  watch-list edit, later a transcript event) and is handed, verified, to the
  handler registered for its kind; it never appears as a chat message.

Olm payload types (``liaison.group_key``, ``liaison.control``) are not kinds:
they are the encryption protocol's own messages, handled by the channel
service (key binding, the membership log) before any kind is involved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject


class MessageKind(StrEnum):
    """Every kind this version knows (the wire's ``kind`` values)."""

    TEXT = "text"
    ATTACHMENT = "attachment"
    #: Structured reports (issue 15; liaison_client/reports, docs/REPORTS.md).
    WARNING = "warning"
    FEEDBACK = "feedback"
    SEIZURE = "seizure"
    #: A watch-list edit (issue 14; liaison_client/watchlists, docs/WATCHLISTS.md): folded.
    WATCHLIST_OP = "watchlist.op"
    #: Signed watch-list operations forwarded to a late joiner (issue 14): folded.
    WATCHLIST_SNAPSHOT = "watchlist.snapshot"
    #: A member's summary of the watch-list op ids it holds (issue 14, anti-entropy): folded.
    WATCHLIST_DIGEST = "watchlist.digest"
    #: A member exported the transcript (issue 15; docs/TRANSCRIPT.md): timeline, and
    #: taken after the close.
    TRANSCRIPT_EXPORT = "transcript.export"
    #: "I have read these messages" (issue 11; sent only while the operation's
    #: coordinator has read receipts on): folded.
    READ_RECEIPT = "receipt.read"


class Placement(StrEnum):
    TIMELINE = "timeline"
    FOLDED = "folded"


class KindBody(Protocol):
    """A decoded, validated body: it encodes back to exactly the bytes it came from."""

    @property
    def kind(self) -> MessageKind: ...

    def to_wire(self) -> JsonObject: ...

    def searchable_text(self) -> str:
        """What the timeline's full-text search indexes (folded kinds: an empty string)."""


BodyT = TypeVar("BodyT", bound=KindBody, covariant=True)


@dataclass(frozen=True)
class KindDefinition(Generic[BodyT]):
    """One kind: its wire name, where it goes, and its body decoder.

    ``decode`` validates everything (lengths, formats) and raises
    :class:`~liaison_client.crypto.errors.PayloadRejectedError` for a body it
    refuses, so nothing acts on an unchecked field.
    """

    kind: MessageKind
    placement: Placement
    decode: Callable[[WireObject], BodyT]
    #: Taken in a closed channel (composed, and accepted with a signed time after
    #: the close): records of the operation's end of life, never conversation
    #: (docs/OPERATIONS.md, "Closing"). Only ``transcript.export`` today.
    after_close: bool = False
    #: Written under a membership epoch the receiver knows was superseded, a message
    #: of this kind is dropped without a refusal, instead of refused and shown
    #: (``Rejection.STALE_EPOCH``): it is worth nothing late and nobody re-sends it.
    #: Its link in the sender's chain is still recorded, so the drop leaves no gap
    #: (docs/CRYPTO.md, "Per-sender chain"). Only ``receipt.read`` today: a receipt
    #: read when the coordinator had just turned receipts off must not show every
    #: member a refusal.
    dropped_when_stale: bool = False
