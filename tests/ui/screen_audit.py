"""Audit every screen in a process of its own and print what is wrong.

Run by test_accessibility.py as
``python -m tests.ui.screen_audit PROFILE_DIR OUT_DIR [CHANNEL_ID]``, once plainly
and once with ``QT_SCALE_FACTOR=2`` (which must be set before Qt starts, hence
the separate process). For each screen it prints

* ``unnamed <screen> <control>``: a focusable control without an accessible name;
* ``clipped <screen> <text>``: a label whose text needs more room than it got;

and saves ``<screen>-<scale>.png``. With ``CHANNEL_ID`` the main window is audited
again with that operation open (``main-window-channel``: timeline with messages,
composer, members and their actions), and its Tab order is printed. Walking
every child widget (``findChildren``) wraps Qt's private internals in Python
objects, which PySide6 6.12 did not always survive at test teardown in a
long-lived test process; a process per audit keeps the rest of the suite clear
of that.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QWidget,
)

from liaison_client.profile import open_profile
from liaison_client.progress import AttachmentProgress, AttachmentStage
from tests.conftest import fixed_passphrase
from ui.appearance import Appearance
from ui.fonts import apply_interface_font
from ui.lock.idle_lock import IdleLock
from ui.main_window.main_window import MainWindow
from ui.unlock.unlock_dialog import UnlockDialog
from ui.wizard.wizard import FirstRunWizard

CONTROLS = (QLineEdit, QComboBox, QAbstractButton, QListView)


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible, focusable controls a screen reader would announce without a name."""
    unnamed = []
    for kind in CONTROLS:
        for widget in root.findChildren(kind):
            if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text.replace("&", "").strip()):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return unnamed


def clipped_labels(root: QWidget) -> list[str]:
    """Visible labels whose text needs more room than they were given."""
    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap():
            clipped = label.heightForWidth(label.width()) > label.height() + 1
        else:
            hint = label.sizeHint()
            clipped = hint.width() > label.width() + 1 or hint.height() > label.height() + 1
        if clipped:
            problems.append(f"{label.text()[:40]!r} {label.size().toTuple()}")
    return problems


def tab_chain(start: QWidget, steps: int) -> list[str]:
    """Accessible names of the widgets Tab visits from ``start``: Qt's focus chain,
    skipping what takes no Tab focus or is hidden (as focusNextPrevChild does)."""
    chain: list[str] = []
    widget = start
    while len(chain) < steps:
        following = widget.nextInFocusChain()
        if following is None or following is start:
            break
        widget = following
        if widget.isVisible() and widget.isEnabled() and (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            chain.append(widget.accessibleName() or type(widget).__name__)
    return chain


def wait_until(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    """Run the event loop until ``condition`` holds (service calls report back through it)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents()
        time.sleep(0.005)
    return True


def open_channel(window: MainWindow, channel_id: str) -> None:
    """Select the operation and wait until its messages and members are shown."""
    wait_until(lambda: window.operations_panel.model.row_of(channel_id) is not None)
    window.operations_panel.select(channel_id)
    members = window.identity_panel.members_panel
    wait_until(lambda: window.timeline_panel.timeline is not None
               and window.timeline_panel.timeline.rowCount() > 0
               and not window.timeline_panel.timeline.busy
               and members.list_view.model() is not None
               and members.list_view.model().rowCount() > 1)
    members.list_view.setCurrentIndex(members.list_view.model().index(1, 0))
    # An attachment being uploaded, as the composer shows it (its label wraps, never clips).
    composer = window.timeline_panel.composer
    composer.begin_upload("Container manifest 集装箱舱单 MSKU7654321.pdf")
    composer.show_upload_progress("Container manifest 集装箱舱单 MSKU7654321.pdf",
                                  AttachmentProgress(AttachmentStage.UPLOADING, 42, 100))
    QApplication.processEvents()


def audit(name: str, screen: QWidget, out: Path, scale: str) -> None:
    screen.show()
    QApplication.processEvents()
    screen.grab().save(str(out / f"{name}-{scale}.png"))
    for problem in unnamed_controls(screen):
        print(f"unnamed {name} {problem}")
    for problem in clipped_labels(screen):
        print(f"clipped {name} {problem}")


def main(profile_dir: str, out_dir: str, channel_id: str | None) -> int:
    app = QApplication(sys.argv[:1])
    apply_interface_font(app)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    scale = f"{round(float(os.environ.get('QT_SCALE_FACTOR', '1')) * 100)}pct"
    appearance_settings = QSettings(str(out / "audit-ui.ini"), QSettings.Format.IniFormat)
    appearance = Appearance(app, appearance_settings)
    appearance.apply_saved()
    root = Path(profile_dir)

    with open_profile(root, passphrase=fixed_passphrase()) as profile:
        window = MainWindow(profile, appearance)
        audit("main-window", window, out, scale)
        device = window.identity_panel.device_field.value_label
        print(f"tab main-window {tab_chain(device, 3)}")
        if channel_id:
            open_channel(window, channel_id)
            audit("main-window-channel", window, out, scale)
            operations = window.operations_panel.list_view
            print(f"tab main-window-channel {tab_chain(operations, 14)}")
        audit("settings", window.open_settings(), out, scale)
        idle_lock = IdleLock(window, profile, appearance_settings)
        idle_lock.lock()
        audit("idle-lock", window, out, scale)
        print(f"tab idle-lock {tab_chain(idle_lock.screen.passphrase_edit, 2)}")
        idle_lock.stop()
        print(f"device-pixel-ratio {window.devicePixelRatioF()}")
    audit("unlock", UnlockDialog(root), out, scale)
    wizard = FirstRunWizard(root.parent / "audit-unused", "no OS keyring is available")
    wizard.identity_page.name_edit.setText("Li Wei")
    wizard.identity_page.agency_edit.setText("Guangzhou Customs")
    starts = {"identity": wizard.identity_page.name_edit, "relay": wizard.relay_page.url_edit,
              "passphrase": wizard.security_page.passphrase_edit}
    for page, start in starts.items():
        audit(f"wizard-{page}", wizard, out, scale)
        print(f"tab wizard-{page} {tab_chain(start, 3)}")
        wizard.next()
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    sys.stdout.flush()
    sys.stderr.flush()
    # The report is complete. PySide6 6.11 can crash while the interpreter tears
    # down this script's many top-level widgets after QApplication is gone; the
    # app itself shuts down in order (the launcher) and exits cleanly. Skip the
    # teardown here so the audit's status is the audit's, not the shutdown's.
    os._exit(status)
