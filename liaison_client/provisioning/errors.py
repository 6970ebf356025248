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
