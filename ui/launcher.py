"""From launch to the main window: probe the profile, then wizard, unlock, or straight in.

The probe (``ui/profile_probe.py``, usually started before Qt was imported)
tries to open the profile with a passphrase source that refuses to answer, or
answers ``LIAISON_PASSPHRASE``. That one call tells every case apart, using
only the service's own verdicts:

* it opens: a keyring profile, straight to the main window, nothing asked;
* the source was asked: a passphrase profile, show :class:`UnlockDialog`;
* ``ProfileNotFoundError``: first run, show :class:`FirstRunWizard`;
* anything else (locked or reset keyring, missing database): show
  :class:`OpenFailureDialog` with the recovery hint, and let the officer retry.

With ``demo=True`` (``liaison-desktop --demo``) there is no probe: the demo
workspace under ``root`` is prepared on the service thread (embedded relay,
two demo profiles, see :mod:`liaison_client.demo_workspace`) and opened.

A start screen (:class:`~ui.startup.starting_screen.StartingScreen`) is up from the
first moment of a demo start, and while the workspace of an opened profile is
built, with the current step; the main window (or the wizard, unlock or failure
screen) replaces it (issue 11, item 13). From the demo, "Set up a real profile…"
closes the demo and starts again on the officer's own profile directory.

Once a profile is open the launcher builds its
:class:`~liaison_client.workspace.Workspace` on the service thread and the
:class:`~ui.sync.controller.SyncController` over it, then the main window; at
shutdown it stops them in the reverse order.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QDialog, QWidget

from liaison_client.demo_workspace import DEMO_PASSPHRASE, DemoSession, open_demo
from liaison_client.errors import WrongPassphraseError
from liaison_client.profile import Profile, resolve_profile_dir
from liaison_client.workspace import Workspace
from ui.appearance import Appearance
from ui.lock.idle_lock import IdleLock
from ui.main_window.main_window import MainWindow
from ui.notifications.notifier import MessageNotifier
from ui.operations import ServiceOp, wait_for_background_work
from ui.profile_probe import NeedsPassphrase, ProbeResult, ProfileProbe, probe_profile
from ui.startup.starting_screen import StartingScreen
from ui.sync.controller import SyncController
from ui.unlock.open_failure_dialog import OpenFailureDialog
from ui.unlock.unlock_dialog import UnlockDialog
from ui.wizard.wizard import FirstRunWizard


class Launcher(QObject):
    """Owns the flow of top-level windows and the open profile, until quit."""

    #: The main window is up with an open profile.
    main_window_shown = Signal(object)
    #: Some screen is waiting for the officer (wizard, unlock, failure); carries it.
    screen_shown = Signal(object)
    #: The officer is done (main window closed, or a start-up screen cancelled).
    quit_requested = Signal()

    def __init__(self, root: Path, appearance: Appearance,
                 parent: QObject | None = None, *, demo: bool = False,
                 ui_settings: QSettings | None = None,
                 probe: ProfileProbe | None = None, real_root: Path | None = None,
                 starting: StartingScreen | None = None) -> None:
        """``probe``: the profile already being opened since start-up (``ui/app.py``
        starts it before importing Qt); without it, :meth:`start` probes itself.
        ``real_root``: the officer's own profile directory, where the demo's "Set up a
        real profile…" goes (default: ``root`` itself, or the default profile
        directory for a demo). ``starting``: a start screen already shown (``ui/app.py``
        shows the demo's before importing the rest of the app); the launcher takes it over."""
        super().__init__(parent)
        self._real_root = real_root if real_root is not None else (
            resolve_profile_dir(None) if demo else root)
        #: The start screen while one is up (demo start, building a workspace).
        self.starting: StartingScreen | None = starting
        if starting is not None:
            starting.quit_requested.connect(self.quit)
        self._quitting = False
        self._probe = probe
        self._ui_settings = ui_settings if ui_settings is not None else QSettings()
        self.root = root
        self._appearance = appearance
        self._demo_requested = demo
        self.profile: Profile | None = None
        self.workspace: Workspace | None = None
        self.sync: SyncController | None = None
        self.demo: DemoSession | None = None
        self.notifier: MessageNotifier | None = None
        self.idle_lock: IdleLock | None = None
        self.main_window: MainWindow | None = None
        self.screen: QWidget | None = None

    def start(self) -> None:
        root = self.root
        if self._demo_requested:
            screen = self._starting_screen(demo=True)
            (ServiceOp.reporting(self, lambda report: open_demo(root, progress=report))
             .on_report(screen.show_step)
             .success(self._demo_opened)
             .failure(self._cannot_open)
             .run_in_background())
            return
        probe, self._probe = self._probe, None  # a retry probes afresh
        (ServiceOp(self, probe.verdict if probe is not None else lambda: probe_profile(root))
         .success(self._probed)
         .failure(self._probe_failed)
         .run_in_background())

    def _probe_failed(self, exc: Exception) -> None:
        """A wrong ``LIAISON_PASSPHRASE`` asks the officer; anything else is a failure."""
        if isinstance(exc, WrongPassphraseError):
            self._probed(NeedsPassphrase())
        else:
            self._cannot_open(exc)

    def _probed(self, result: ProbeResult) -> None:
        if isinstance(result, Profile):
            self._show_main_window(result)
        elif isinstance(result, NeedsPassphrase):
            unlock = UnlockDialog(self.root)
            unlock.finished.connect(lambda code: self._unlock_finished(unlock, code))
            self._show_screen(unlock)
        else:
            wizard = FirstRunWizard(self.root, result.keyring_unusable_reason)
            wizard.finished.connect(lambda code: self._wizard_finished(wizard, code))
            self._show_screen(wizard)

    def _cannot_open(self, exc: Exception) -> None:
        dialog = OpenFailureDialog(self.root, exc)
        dialog.finished.connect(lambda code: self._failure_finished(dialog, code))
        self._show_screen(dialog)

    def _starting_screen(self, *, demo: bool) -> StartingScreen:
        """The start screen, shown now (before the slow call begins)."""
        if self.starting is None:
            self.starting = StartingScreen(demo=demo)
            self.starting.quit_requested.connect(self.quit)
            self.starting.show()
        return self.starting

    def _end_starting_screen(self) -> None:
        starting, self.starting = self.starting, None
        if starting is not None:
            starting.replaced()

    def _show_screen(self, screen: QWidget) -> None:
        self._end_starting_screen()
        self.screen = screen
        screen.show()
        self.screen_shown.emit(screen)

    def _unlock_finished(self, dialog: UnlockDialog, code: int) -> None:
        dialog.deleteLater()
        if code == QDialog.DialogCode.Accepted and dialog.profile is not None:
            self._show_main_window(dialog.profile)
        else:
            self.quit()

    def _wizard_finished(self, wizard: FirstRunWizard, code: int) -> None:
        wizard.deleteLater()
        if wizard.wants_demo:
            # Beside the profile that was not created, where --demo puts it by default.
            self.root, self._demo_requested = self.root.parent / "demo", True
            self.start()
        elif code == QDialog.DialogCode.Accepted and wizard.profile is not None:
            self._show_main_window(wizard.profile)
        else:
            self.quit()

    def _failure_finished(self, dialog: OpenFailureDialog, code: int) -> None:
        dialog.deleteLater()
        if code == QDialog.DialogCode.Accepted and dialog.profile is not None:
            self._show_main_window(dialog.profile)  # the recovery key opened it
        elif code == QDialog.DialogCode.Accepted:
            self.start()
        else:
            self.quit()

    def _demo_opened(self, session: DemoSession) -> None:
        self.demo = session
        if self._quitting:  # Quit on the start screen: shutdown closes what was opened
            self.profile = session.profile
            return
        self._show_main_window(session.profile)

    def _show_main_window(self, profile: Profile) -> None:
        self.profile = profile
        self.screen = None
        self._starting_screen(demo=self.demo is not None).show_step(StartingScreen.WORKSPACE)
        (ServiceOp(self, lambda: Workspace.for_profile(profile))
         .success(self._workspace_ready)
         .failure(self._cannot_open)
         .run_in_background())

    def _workspace_ready(self, workspace: Workspace) -> None:
        assert self.profile is not None
        self.workspace = workspace
        if self._quitting:
            return
        sync = SyncController(self.profile, workspace, self)
        self.sync = sync
        window = MainWindow(self.profile, self._appearance, workspace, sync,
                            ui_settings=self._ui_settings)
        self.notifier = MessageNotifier(window, self._ui_settings)
        sync.new_messages.connect(self.notifier.notify)
        self.idle_lock = IdleLock(
            window, self.profile, self._ui_settings,
            demo_passphrase=DEMO_PASSPHRASE if self.demo is not None else None)
        window.preferences_changed.connect(self.idle_lock.apply_preferences)
        self.main_window = window
        window.closing.connect(self.quit)
        if self.demo is not None:
            window.offer_real_profile()
            window.real_profile_requested.connect(self.set_up_real_profile)
        window.show()
        self._end_starting_screen()
        sync.start()
        if self.demo is not None:
            self.demo.officer.start()
        self.main_window_shown.emit(window)

    def set_up_real_profile(self) -> None:
        """Leave the demo for the officer's own profile: close the demo (its relay,
        officer, window), then start on :attr:`_real_root` as a plain start does (the
        wizard for a first profile, unlock for an existing one)."""
        window, self.main_window = self.main_window, None
        if window is not None:
            window.closing.disconnect(self.quit)
            window.close()
            window.deleteLater()
        self._close_session()
        self.root, self._demo_requested = self._real_root, False
        self.start()

    def quit(self) -> None:
        self._quitting = True
        self.quit_requested.emit()

    def shutdown(self) -> None:
        """After the event loop: let queued service calls finish, then close the store."""
        self._close_session()
        self._end_starting_screen()

    def _close_session(self) -> None:
        """Stop sync, the demo officer and the lock; wait for service calls (and take
        their answers, so a demo opened meanwhile is closed too); close the workspace,
        the profile and the demo relay."""
        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
        if self.demo is not None:
            self.demo.officer.stop()
        self.notifier = None
        wait_for_background_work()
        QCoreApplication.sendPostedEvents()
        if self.demo is not None:
            self.demo.officer.stop()
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        if self.profile is not None:
            self.profile.close()
            self.profile = None
        if self.demo is not None:
            self.demo.relay.stop()
            self.demo = None
