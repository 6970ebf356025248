"""Tell the officer, in the status bar, that IT published a *verified* newer version.

At start the window checks the signed update manifest IT configured (``update_source``,
``update_publisher_key``; :mod:`liaison_client.updates.update_check`) on a background
thread (ServiceOp: reading a share or URL must never block the event loop). Only a
manifest that verifies with the pinned key and is newer produces "A verified update is
available"; one that does not verify says so, so the officer can tell IT. Nothing is ever
downloaded or run. Without an update source configured nothing happens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QStatusBar

from liaison_client.errors import LiaisonError
from liaison_client.provisioning.config import load_provisioning
from liaison_client.updates.update_check import UpdateStatus, check_for_update
from liaison_client.version import app_version
from ui.operations import ServiceOp


class UpdateNotice(QLabel):
    """A permanent status-bar label, hidden until the check has something to say."""

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.setObjectName("updateNotice")
        self.setVisible(False)
        status_bar.addPermanentWidget(self)

    def start(self, profile_root: Path) -> bool:
        """Start the check; False (and nothing shown) when no update source is set or the
        provisioning cannot be read (the wizard and Settings show that error)."""
        try:
            provisioning = load_provisioning(profile_root)
        except LiaisonError:
            return False
        source = provisioning.value("update_source")
        key = provisioning.value("update_publisher_key")
        if not source or not key:
            return False
        installed = app_version()
        ServiceOp(self, lambda: check_for_update(source, key, installed)) \
            .success(self._answered).failure(self._refused).run_in_background()
        return True

    def _answered(self, status: UpdateStatus) -> None:
        if status.available:
            self._show(self.tr("A verified update is available: Liaison {version}. "
                               "Ask IT to install it.").format(version=status.offered))

    def _refused(self, error: Exception) -> None:
        self._show(self.tr("An update was published but did not verify: tell IT."))
        self.setToolTip(str(error))

    def _show(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(True)
