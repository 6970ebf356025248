"""Every error the crypto layer raises, under :class:`~liaison_client.errors.LiaisonError`.

One module, as ``nacl.exceptions`` and ``httpx/_exceptions.py`` do it: each
error has a stable :attr:`~liaison_client.errors.LiaisonError.code` (the UI
translates by it in ``ui/error_text.py``), named ``params`` where a sentence
needs them, and the CLI's default exit status 1. The reasons a payload is
refused are the closed list :class:`~.rejection.Rejection`; a refusal is one
error type carrying its reason, not one type per reason.
"""

from __future__ import annotations

from liaison_client.crypto.rejection import Rejection, user_text
from liaison_client.errors import LiaisonError


class PayloadRejectedError(LiaisonError):
    """An incoming payload failed a check; nothing from it was kept as a message.

    The channel service records it and shows the refusal (by ``reason``, in
    ``ui/rejection_text.py``) in place of a message; it is an error only
    between the check and that record.
    """

    code = "crypto.payload_rejected"

    def __init__(self, reason: Rejection, detail: str = "", *,
                 channel_id: str | None = None) -> None:
        self.reason = reason
        self.detail = detail
        #: The channel the payload was for, when known: the refusal is shown there.
        self.channel_id = channel_id
        text = user_text(reason)
        super().__init__(f"{text}: {detail}" if detail else text, reason=str(reason))


class MissingGroupSessionError(LiaisonError):
    """No key share for this Megolm session yet: hold the message until one arrives
    (param: ``session_id``). The channel service catches it; it never ends an operation."""

    code = "crypto.missing_group_session"

    def __init__(self, session_id: str) -> None:
        super().__init__(session_id, session_id=session_id)


class NoOlmSessionError(LiaisonError):
    """There is no pairwise Olm session with a device yet (param: ``device_id``):
    a one-time key must be claimed from the relay first."""

    code = "crypto.no_olm_session"


class InvalidOneTimeKeyError(LiaisonError):
    """A claimed one-time key is not signed by the device it is said to belong to,
    or is not a usable key (param: ``device_id``); no session was created."""

    code = "crypto.invalid_one_time_key"


class AttachmentVerificationError(LiaisonError):
    """A downloaded attachment is not the one the message describes; nothing was kept."""

    code = "attachment.verification_failed"
