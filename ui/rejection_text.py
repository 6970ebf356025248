"""Why an incoming envelope was refused, in the officer's language.

The service layer names each refusal with a stable code
(:class:`liaison_client.crypto.rejection.Rejection`) and an English line for the
CLI; the desktop app translates the code here, at its edge, as
:mod:`ui.error_text` does for service errors. Refusals are the security
events an officer must understand (a tampered message, a forged sender, a
membership change the coordinator did not sign), so each has its own sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from liaison_client.workspace import Rejection


def _sentences() -> dict[Rejection, str]:
    """Looked up on each call, in the language installed now. The literal
    ``translate("Rejection", ...)`` calls are what lupdate collects."""
    translate = QCoreApplication.translate
    return {
        Rejection.MALFORMED: translate("Rejection", "the message is malformed"),
        Rejection.UNSUPPORTED_VERSION: translate(
            "Rejection", "the message uses a format this version does not know"),
        Rejection.UNKNOWN_SENDER: translate("Rejection", "the sending device is not known"),
        Rejection.SENDER_KEY_CHANGED: translate(
            "Rejection", "the sender's identity key changed: verify it again"),
        Rejection.DECRYPTION_FAILED: translate(
            "Rejection", "the message could not be decrypted (tampered or corrupt)"),
        Rejection.WRONG_SENDER: translate(
            "Rejection", "the message claims a sender other than the one that sent it"),
        Rejection.WRONG_RECIPIENT: translate(
            "Rejection", "the message was encrypted for another device"),
        Rejection.BAD_SIGNATURE: translate(
            "Rejection", "the sender's signature does not verify"),
        Rejection.REPLAYED: translate("Rejection", "the message is a replay of an earlier one"),
        Rejection.SESSION_REBOUND: translate(
            "Rejection", "a key share tried to take over another sender's session"),
        Rejection.UNKNOWN_CHANNEL: translate(
            "Rejection", "the channel is not known on this device"),
        Rejection.WRONG_CHANNEL: translate(
            "Rejection", "the message claims a channel its key was not shared for"),
        Rejection.NOT_A_MEMBER: translate(
            "Rejection", "the sender is not a member of the channel"),
        Rejection.STALE_EPOCH: translate(
            "Rejection", "the message belongs to an outdated membership epoch"),
        Rejection.FUTURE_EPOCH: translate(
            "Rejection", "the message belongs to a membership epoch not yet received"),
        Rejection.NOT_COORDINATOR: translate(
            "Rejection", "a membership change was not signed by the channel coordinator"),
        Rejection.OUT_OF_ORDER: translate(
            "Rejection", "a membership change arrived out of order"),
        Rejection.FORKED: translate(
            "Rejection", "a membership change conflicts with the one already accepted"),
        Rejection.INVALID_CONTROL: translate(
            "Rejection", "a membership change is not valid for the channel"),
        Rejection.CHANNEL_CLOSED: translate("Rejection", "the channel is closed"),
        Rejection.UNSUPPORTED_KIND: translate(
            "Rejection", "the message kind is not supported by this version"),
        Rejection.REMOVED: translate(
            "Rejection",
            "this device was removed from the channel before the message was written"),
    }


def rejection_text(reason: Rejection) -> str:
    """The sentence for ``reason`` in the installed language."""
    return _sentences()[reason]


def refused_text(reason: Rejection) -> str:
    """What a refused envelope's row in the timeline says."""
    return QCoreApplication.translate("Rejection", "Refused: {reason}").format(
        reason=rejection_text(reason))
