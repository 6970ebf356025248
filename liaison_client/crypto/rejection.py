"""Why an incoming payload was refused: one closed list, shown to the user.

Every refusal in the crypto and channel layers raises
:class:`~liaison_client.crypto.errors.PayloadRejectedError` with one of these
reasons; the channel service turns it into a visible "rejected" status and
never into a normal message.
"""

from __future__ import annotations

from enum import StrEnum


class Rejection(StrEnum):
    MALFORMED = "malformed"
    UNSUPPORTED_VERSION = "unsupported-version"
    UNKNOWN_SENDER = "unknown-sender"
    SENDER_KEY_CHANGED = "sender-key-changed"
    DECRYPTION_FAILED = "decryption-failed"
    WRONG_SENDER = "wrong-sender"
    WRONG_RECIPIENT = "wrong-recipient"
    BAD_SIGNATURE = "bad-signature"
    REPLAYED = "replayed"
    SESSION_REBOUND = "session-rebound"
    UNKNOWN_CHANNEL = "unknown-channel"
    WRONG_CHANNEL = "wrong-channel"
    NOT_A_MEMBER = "not-a-member"
    STALE_EPOCH = "stale-epoch"
    FUTURE_EPOCH = "future-epoch"
    NOT_COORDINATOR = "not-signed-by-coordinator"
    OUT_OF_ORDER = "out-of-order-epoch"
    FORKED = "forked-epoch"
    INVALID_CONTROL = "invalid-control-event"
    CHANNEL_CLOSED = "channel-closed"
    UNSUPPORTED_KIND = "unsupported-kind"
    #: This device was removed from the channel; what was written after the
    #: removal is not kept (issue 10 item 1).
    REMOVED = "removed-from-channel"


_USER_TEXT: dict[Rejection, str] = {
    Rejection.MALFORMED: "the message is malformed",
    Rejection.UNSUPPORTED_VERSION: "the message uses a format this version does not know",
    Rejection.UNKNOWN_SENDER: "the sending device is not known",
    Rejection.SENDER_KEY_CHANGED: "the sender's identity key changed: verify it again",
    Rejection.DECRYPTION_FAILED: "the message could not be decrypted (tampered or corrupt)",
    Rejection.WRONG_SENDER: "the message claims a sender other than the one that sent it",
    Rejection.WRONG_RECIPIENT: "the message was encrypted for another device",
    Rejection.BAD_SIGNATURE: "the sender's signature does not verify",
    Rejection.REPLAYED: "the message is a replay of an earlier one",
    Rejection.SESSION_REBOUND: "a key share tried to take over another sender's session",
    Rejection.UNKNOWN_CHANNEL: "the channel is not known on this device",
    Rejection.WRONG_CHANNEL: "the message claims a channel its key was not shared for",
    Rejection.NOT_A_MEMBER: "the sender is not a member of the channel",
    Rejection.STALE_EPOCH: "the message belongs to an outdated membership epoch",
    Rejection.FUTURE_EPOCH: "the message belongs to a membership epoch not yet received",
    Rejection.NOT_COORDINATOR: "a membership change was not signed by the channel coordinator",
    Rejection.OUT_OF_ORDER: "a membership change arrived out of order",
    Rejection.FORKED: "a membership change conflicts with the one already accepted",
    Rejection.INVALID_CONTROL: "a membership change is not valid for the channel",
    Rejection.CHANNEL_CLOSED: "the channel is closed",
    Rejection.UNSUPPORTED_KIND: "the message kind is not supported by this version",
    Rejection.REMOVED: "this device was removed from the channel before the message was written",
}


def user_text(reason: Rejection) -> str:
    """The one-line explanation shown to the officer for ``reason``."""
    return _USER_TEXT[reason]
