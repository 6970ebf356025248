"""IT's provisioning in the first-run wizard: defaults filled in, locked fields read-only.

The values come from :func:`liaison_client.provisioning.config.load_provisioning` (the
system file and the officer's override); a key IT did not list in ``officer_may_change`` is
shown but cannot be edited, with an accessible description saying why. A malformed file is
shown on the first page as the one-line error naming file, line and key, and the wizard
cannot go on: the officer's setup must not silently ignore what IT configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from liaison_client.provisioning.config import STORE_MIN_PASSPHRASE_LENGTH, Provisioning

if TYPE_CHECKING:
    from ui.wizard.security_page import SecurityPage
    from ui.wizard.wizard import FirstRunWizard


def locked_reason() -> str:
    return QCoreApplication.translate("ProvisionedDefaults",
                                      "Set by your IT department; it cannot be changed here.")


def _fill(edit: QLineEdit, value: str | None, locked: bool) -> None:
    if value:
        edit.setText(value)
    if locked and value:
        edit.setReadOnly(True)
        edit.setToolTip(locked_reason())
        edit.setAccessibleDescription(locked_reason())


def apply_provisioning(wizard: FirstRunWizard, provisioning: Provisioning) -> None:
    relay = wizard.relay_page
    _fill(relay.url_edit, provisioning.value("relay_url"), provisioning.locked("relay_url"))
    _fill(relay.ca_edit, provisioning.value("relay_ca"), provisioning.locked("relay_ca"))
    if relay.ca_edit.isReadOnly():
        relay.browse_button.setEnabled(False)
    agencies: list[str] = provisioning.value("allowed_agencies")
    if len(agencies) == 1:
        _fill(wizard.identity_page.agency_edit, agencies[0],
              provisioning.locked("allowed_agencies"))
    elif agencies:
        completer = QCompleter(agencies, wizard.identity_page.agency_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        wizard.identity_page.agency_edit.setCompleter(completer)


def security_refusal(provisioning: Provisioning | None, page: SecurityPage) -> str | None:
    """Why IT's rules forbid creating the profile as the security page stands, or None.

    ``key_storage = "keyring"``: no passphrase-wrapped key, so without a usable OS keyring
    the profile cannot be created here. ``min_passphrase_length``: IT's floor above the
    store's own (the service still applies its own rule after this one).
    """
    if provisioning is None or not page.needs_passphrase:
        return None
    if provisioning.value("key_storage") == "keyring":
        return QCoreApplication.translate(
            "ProvisionedDefaults", "Your IT department requires the OS keyring to keep the "
            "database key, and it is not available here. Ask IT for help.")
    minimum = int(provisioning.value("min_passphrase_length"))
    # At the store's own floor the service's message says it (and says more: repetition).
    if minimum > STORE_MIN_PASSPHRASE_LENGTH and len(page.passphrase_edit.text()) < minimum:
        return QCoreApplication.translate(
            "ProvisionedDefaults", "Use at least {count} characters: your IT department's "
            "rule.").format(count=minimum)
    return None


def agency_refusal(provisioning: Provisioning | None, agency: str) -> str | None:
    """The agency is not one IT allows (``allowed_agencies``; empty allows any), or None."""
    if provisioning is None:
        return None
    allowed: list[str] = provisioning.value("allowed_agencies")
    if not allowed or agency.strip() in allowed:
        return None
    return QCoreApplication.translate(
        "ProvisionedDefaults", "Your IT department allows only these agencies: "
        "{agencies}.").format(agencies="; ".join(allowed))
