"""Why an update check gave no verified answer. All refuse the manifest: nothing is offered."""

from __future__ import annotations

from liaison_client.errors import LiaisonError


class UpdateCheckError(LiaisonError, broad=True):
    """The manifest could not be fetched, is malformed, or does not verify (param
    ``source``). Shown as it is: the message names the source and the reason."""

    code = "update"

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"update check ({source}): {detail}", source=source, detail=detail)


class UpdateRollbackError(UpdateCheckError):
    """A correctly signed manifest names an older version than the installed one: refused,
    so a replayed old manifest can never steer officers to a version with known flaws."""

    code = "update.rollback"

    def __init__(self, source: str, offered: str, installed: str) -> None:
        super().__init__(source, f"refused as a rollback: the manifest offers {offered}, "
                                 f"older than the installed {installed}")
        self.params.update(offered=offered, installed=installed)


class UpdateNotConfiguredError(UpdateCheckError):
    """No ``update_source`` or no ``update_publisher_key`` in the provisioning."""

    code = "update.not_configured"
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("not configured", "IT has not set update_source and "
                                           "update_publisher_key (docs/INSTALL.md)")
