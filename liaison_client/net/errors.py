"""What can go wrong talking to the relay, as one-line :class:`LiaisonError` messages.

The relay being down is a normal state, not a crash: :class:`RelayUnavailableError`
tells the caller to keep its outbox and try later. A refusal (4xx) is the
relay's considered answer and is not retried.
"""

from __future__ import annotations

from liaison_client.errors import LiaisonError, UsageError


class RelayAddressError(UsageError):
    """The relay address is not an https:// URL (http:// only on this computer)."""

    code = "relay.address_invalid"


class RelayCertificateError(UsageError):
    """The pinned CA cannot be read or is not a PEM certificate."""

    code = "relay.ca_invalid"


class RelayError(LiaisonError, broad=True):
    """Any failure talking to the relay; each kind below has a code and a sentence."""

    exit_code = 7
    code = "relay"


class RelayUnavailableError(RelayError):
    """No answer, a timeout, or a 5xx: try again later; nothing was lost."""

    code = "relay.unreachable"


class RelayTLSError(RelayError):
    """The relay's certificate is not trusted (wrong pinned CA, or an impostor)."""

    code = "relay.tls_untrusted"


class RelayProtocolError(RelayError):
    """The relay answered something that is not the v1 wire format."""

    code = "relay.protocol"


class RelayDeviceUnknownError(RelayError):
    """The relay answers but does not list this device with its identity key:
    it is another relay (or an impostor), and this profile cannot use it as is."""

    code = "relay.device_unknown"


class RelayRefusedError(RelayError):
    """The relay refused the request (4xx/507) with a reason."""

    code = "relay.refused"

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(f"the relay refused the request ({status} {error}): {message}",
                         status=str(status), error=error, detail=message)
        self.status = status
        self.error = error
        self.relay_message = message


class EnrollmentRefusedError(RelayRefusedError):
    """The enrollment token is unknown, spent or expired."""

    code = "relay.token_refused"


class AgencyMismatchError(RelayRefusedError):
    """The agency typed at enrollment is not the one the relay administrator enrolled.

    The relay names the enrolled agency in its message; the token is not spent,
    so the officer can retry with the agency as written there.
    """

    code = "relay.agency_mismatch"


class AttachmentQuotaError(RelayRefusedError):
    """This device's attachments still on the relay fill its quota (413
    ``attachment_quota_full``): the upload was refused, nothing was stored; space
    comes back as older attachments expire."""

    code = "relay.attachment_quota_full"


class RelayStorageFullError(RelayRefusedError):
    """The relay keeps its last free disk space and accepts no attachment now
    (507 ``relay_storage_full``): its administrator must act."""

    code = "relay.storage_full"


class RateLimitedError(RelayRefusedError):
    code = "relay.rate_limited"

    def __init__(self, status: int, error: str, message: str, retry_after: float) -> None:
        super().__init__(status, error, message)
        self.retry_after = retry_after


class ForgedKeyError(RelayError):
    """A claimed key is not signed by the device it belongs to: the relay (or
    someone in its place) tried to substitute a key. Never use it."""

    code = "relay.forged_key"


class ProfileFieldError(UsageError):
    """A display name or agency that cannot be signed or shown as it is."""

    code = "profile.field"
