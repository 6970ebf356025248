"""The channel layer's errors, all under :class:`~liaison_client.errors.LiaisonError`
with stable codes (the desktop app translates them by code: ui/error_text.py)."""

from __future__ import annotations

from liaison_client.errors import LiaisonError, UsageError


class NotSendableError(UsageError):
    """A stored message can no longer be sent: the channel closed, or this device
    was removed, before it could be encrypted. It is marked ``expired``."""

    code = "channel.not_sendable"


class ChannelClosedError(NotSendableError):
    """The coordinator closed the channel (operation): no message or report is
    sent to it any more, here or by any member (docs/OPERATIONS.md). Param: ``name``."""

    code = "channel.closed"

    def __init__(self, name: str) -> None:
        super().__init__(f"channel {name} is closed: the coordinator ended the operation, "
                         "nothing more can be sent to it", name=name)


class MissingSessionsError(LiaisonError):
    """Direct envelopes are needed for devices without a pairwise session yet.

    The sync engine claims a one-time key for each listed device from the
    relay's key directory, calls ``OlmMachine.create_outbound_session`` and
    retries. Nothing was changed.
    """

    code = "channel.missing_sessions"

    def __init__(self, device_ids: tuple[str, ...]) -> None:
        self.device_ids = device_ids
        super().__init__(f"no secure session yet with {len(device_ids)} device(s): "
                         + ", ".join(device_ids))
