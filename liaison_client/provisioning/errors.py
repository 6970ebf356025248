"""A provisioning file IT or the officer wrote is wrong: one typed error naming the file,
the line and the key, so the mistake is found without reading code. Never a silent default.
"""

from __future__ import annotations

from liaison_client.errors import LiaisonError


class ProvisioningError(LiaisonError, broad=True):
    """A configuration file is malformed, has an unknown key, a value of the wrong kind, or
    overrides a key IT locked (params ``file``, ``line``, ``key``). Shown as it is: the
    message is the file's own detail."""

    code = "provisioning"
    exit_code = 2

    def __init__(self, file: str, line: int | None, key: str | None, detail: str) -> None:
        where = file if line is None else f"{file}, line {line}"
        what = f"key '{key}': " if key else ""
        super().__init__(f"{where}: {what}{detail}", file=file,
                         line="" if line is None else str(line), key=key or "")


class AgencyNotAllowedError(LiaisonError):
    """The agency is not one of IT's ``allowed_agencies`` (params ``agency``, ``agencies``:
    the allowed ones joined by "; ")."""

    code = "provisioning.agency_not_allowed"
    exit_code = 2

    def __init__(self, agency: str, allowed: tuple[str, ...]) -> None:
        agencies = "; ".join(allowed)
        super().__init__(f"agency {agency!r} is not allowed here: IT allows only {agencies}",
                         agency=agency, agencies=agencies)


class KeyringRequiredError(LiaisonError):
    """IT requires the OS keyring for the database key (``key_storage = "keyring"``) and a
    passphrase-wrapped key was asked for."""

    code = "provisioning.keyring_required"
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("IT requires the OS keyring to keep the database key "
                         "(key_storage = \"keyring\"): a passphrase-wrapped key is not allowed")


class PassphraseBelowFloorError(LiaisonError):
    """The passphrase is shorter than IT's ``min_passphrase_length`` (param ``count``)."""

    code = "provisioning.passphrase_too_short"
    exit_code = 2

    def __init__(self, floor: int) -> None:
        super().__init__(f"passphrase too short: IT requires at least {floor} characters",
                         count=str(floor))


class RelayLockedError(LiaisonError):
    """A relay URL or CA other than the one IT locked was given (params ``key``:
    ``relay_url`` or ``relay_ca``, ``value``: IT's)."""

    code = "provisioning.relay_locked"
    exit_code = 2

    def __init__(self, key: str, value: str) -> None:
        super().__init__(f"{key} is set by IT to {value} and cannot be changed here",
                         key=key, value=value)
