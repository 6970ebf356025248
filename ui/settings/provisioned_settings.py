"""IT's provisioning in Settings: a locked idle-lock delay or notification-text choice is
shown with IT's value and cannot be changed; an accessible description says why.

Same rules as the wizard (:mod:`ui.wizard.provisioned_defaults`): values from
:func:`liaison_client.provisioning.config.load_provisioning`; a key the system file does
not list in ``officer_may_change`` is locked.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import QWidget

from liaison_client.provisioning.config import Provisioning
from ui.settings.runtime_section import RuntimeSection


def _lock(widget: QWidget) -> None:
    reason = QCoreApplication.translate(
        "ProvisionedDefaults", "Set by your IT department; it cannot be changed here.")
    widget.setEnabled(False)
    widget.setToolTip(reason)
    widget.setAccessibleDescription(reason)


def apply_provisioning(runtime: RuntimeSection, provisioning: Provisioning) -> None:
    if provisioning.locked("idle_lock_minutes"):
        minutes = int(provisioning.value("idle_lock_minutes"))
        with QSignalBlocker(runtime.lock_combo):
            index = runtime.lock_combo.findData(minutes)
            if index < 0:
                runtime.lock_combo.addItem("", minutes)
                index = runtime.lock_combo.count() - 1
            runtime.lock_combo.setCurrentIndex(index)
        runtime.retranslate()
        _lock(runtime.lock_combo)
    if provisioning.locked("notification_text"):
        with QSignalBlocker(runtime.show_text_check):
            runtime.show_text_check.setChecked(bool(provisioning.value("notification_text")))
        _lock(runtime.show_text_check)
