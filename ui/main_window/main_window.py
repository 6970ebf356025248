"""The main window: operations on the left, the timeline in the centre, this device and
the operation's members on the right; menus and a status bar around them.

It holds the open :class:`~liaison_client.profile.Profile` and its
:class:`~liaison_client.workspace.Workspace`, and calls the Workspace only through
:class:`~ui.operations.ServiceOp` (the one service thread). The
:class:`~ui.sync.controller.SyncController` tells it what changed
(``channels_changed``, ``messages_changed``, ``connection_changed``, ``notice``);
the window re-reads just that, and asks for a sync round after each send.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from liaison_client.attachment_names import safe_file_name
from liaison_client.profile import Profile
from liaison_client.progress import AttachmentProgress
from liaison_client.sync.connection import ConnectionState
from liaison_client.workspace import (
    ChannelSummary,
    MemberSummary,
    SafetyNumberView,
    SendOutcome,
    TimelineEntry,
    Workspace,
)
from ui.appearance import Appearance
from ui.composer.upload_reports import PercentSteps
from ui.icons import application_icon
from ui.invite.invite_dialog import InviteDialog
from ui.main_window.identity_panel import IdentityPanel
from ui.main_window.operations_panel import OperationsPanel
from ui.main_window.status_bar import ProfileStatusBar
from ui.main_window.timeline_panel import TimelinePanel
from ui.operations import ServiceOp, report_failure
from ui.settings.settings_dialog import SettingsDialog
from ui.timeline.timeline_model import TimelineModel
from ui.verify.verify_dialog import VerifyDialog

if TYPE_CHECKING:
    from ui.sync.controller import SyncController

#: How long a notice from the sync controller stays in the status bar.
NOTICE_MS = 8_000

APP_VERSION = "0.1.0"


class MainWindow(QMainWindow):
    #: Emitted after the operations list was (re)loaded from the store.
    operations_loaded = Signal()
    #: The officer closed the window: the session ends.
    closing = Signal()

    #: The workspace is open and the window can read channels.
    workspace_ready = Signal()
    #: Search results are shown.
    search_finished = Signal()
    #: The open operation's members were (re)loaded.
    members_loaded = Signal()
    #: A send was stored (the message is in the timeline as queued).
    message_stored = Signal(object)

    def __init__(self, profile: Profile, appearance: Appearance,
                 workspace: Workspace | None = None, sync: SyncController | None = None,
                 parent: QWidget | None = None, *,
                 ui_settings: QSettings | None = None) -> None:
        """``workspace``/``sync`` come from the launcher; without a workspace the window
        opens one itself (on the service thread) and closes it with the window.
        ``ui_settings`` are the preferences Settings edits (the app's ``QSettings``
        when None)."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(application_icon())
        self._profile = profile
        self._appearance = appearance
        self._settings_dialog: SettingsDialog | None = None
        self._ui_settings = ui_settings
        self._workspace = workspace
        self._owns_workspace = workspace is None
        self._sync = sync
        self._created_id = ""
        #: The demo operation is opened for the newcomer once, when it first appears;
        #: after that, what is open is the officer's choice.
        self._demo_opened = False

        self.operations_panel = OperationsPanel(self)
        self.timeline_panel = TimelinePanel(self)
        self.identity_panel = IdentityPanel(profile.whoami(), profile.manifest.key_storage, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        for pane, stretch in ((self.operations_panel, 0), (self.timeline_panel, 1),
                              (self.identity_panel, 0)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self.operations_panel.setMinimumWidth(220)
        self.identity_panel.setMinimumWidth(260)
        self.timeline_panel.setMinimumWidth(360)
        self.splitter.setSizes([280, 720, 320])
        self.setCentralWidget(self.splitter)
        self.status_bar = ProfileStatusBar(profile.layout.root, self)
        self.status_bar.set_relay_state(ConnectionState.NO_RELAY)
        self.setStatusBar(self.status_bar)
        self._build_menus()
        self.operations_panel.operation_selected.connect(self._open_operation)
        self.operations_panel.create_requested.connect(self.create_operation)
        self.timeline_panel.composer.send_text.connect(self.send_text)
        self.timeline_panel.composer.send_files.connect(self.send_files)
        members = self.identity_panel.members_panel
        members.verify_requested.connect(self.open_verify_dialog)
        members.invite_requested.connect(self.open_invite_dialog)
        members.remove_requested.connect(self.confirm_removal)
        self.timeline_panel.list_view.save_requested.connect(self.save_attachment)
        search = self.timeline_panel.search_bar
        search.search_requested.connect(self.search)
        search.hit_chosen.connect(self.reveal)
        self.verify_dialog: VerifyDialog | None = None
        self.invite_dialog: InviteDialog | None = None
        self.resize(QSize(1320, 820))
        self.retranslate()
        self.operations_panel.list_view.setFocus()
        if sync is not None:
            sync.connection_changed.connect(self.status_bar.set_connection)
            sync.channels_changed.connect(self.reload_operations)
            sync.messages_changed.connect(self._messages_changed)
            sync.notice.connect(self._show_notice)
        if workspace is None:
            (ServiceOp(self, lambda: Workspace.for_profile(profile))
             .success(self._workspace_opened)
             .run_in_background())
        else:
            self.workspace_ready.emit()
            self.reload_operations()

    def _workspace_opened(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self.workspace_ready.emit()
        self.reload_operations()

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    # -- menus ------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self._app_menu = bar.addMenu("")
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self._app_menu.addAction(self.settings_action)
        self._app_menu.addSeparator()
        self._app_menu.addAction(self.quit_action)

        self._view_menu = bar.addMenu("")
        self.identity_action = QAction(self)
        self.identity_action.setCheckable(True)
        self.identity_action.setChecked(True)
        self.identity_action.setShortcut(QKeySequence("Ctrl+I"))
        self.identity_action.toggled.connect(self.identity_panel.setVisible)
        self.copy_fingerprint_action = QAction(self)
        self.copy_fingerprint_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.copy_fingerprint_action.triggered.connect(
            self.identity_panel.fingerprint_field.copy_to_clipboard)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.open_search)
        self._view_menu.addAction(self.find_action)
        self._view_menu.addAction(self.identity_action)
        self._view_menu.addAction(self.copy_fingerprint_action)

        self._help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._about)
        self._help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Liaison — {name}").format(
            name=self._profile.whoami().name))
        self._app_menu.setTitle(self.tr("&Liaison"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self._view_menu.setTitle(self.tr("&View"))
        self.identity_action.setText(self.tr("&Device and members panel"))
        self.find_action.setText(self.tr("&Search in operation…"))
        self.copy_fingerprint_action.setText(self.tr("Copy my &fingerprint"))
        self._help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Liaison"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- actions ------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """Settings for this profile: appearance, notifications and lock, and its relay.
        A saved relay change makes the running sync reconnect (no restart)."""
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self._appearance, self,
                                                   ui_settings=self._ui_settings,
                                                   profile=self._profile)
            self._settings_dialog.relay_changed.connect(self._relay_changed)
        self._settings_dialog.show()
        self._settings_dialog.raise_()
        self._settings_dialog.activateWindow()
        return self._settings_dialog

    def _relay_changed(self, _relay: object) -> None:
        if self._sync is not None:
            self._sync.reconnect()
        elif self._workspace is not None:
            ServiceOp(self, self._workspace.reload_relay).run_in_background()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Liaison"), self.tr(
            "<b>Liaison {version}</b><br>End-to-end encrypted channels for customs "
            "liaison officers.<br>Encryption: vodozemac (Olm/Megolm). Local store: "
            "SQLCipher.").format(version=APP_VERSION))

    # -- channels -----------------------------------------------------------------

    def reload_operations(self) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        (ServiceOp(self, workspace.channels)
         .success(self._operations_loaded)
         .run_in_background())

    def reload_members(self) -> None:
        workspace, channel = self._workspace, self.timeline_panel.channel
        if workspace is None or channel is None:
            return
        channel_id = channel.channel_id
        (ServiceOp(self, lambda: workspace.members(channel_id))
         .success(self._members_loaded)
         .run_in_background())

    def _members_loaded(self, members: list[MemberSummary]) -> None:
        self.identity_panel.show_members(members)
        self.members_loaded.emit()

    def _operations_loaded(self, channels: list[ChannelSummary]) -> None:
        self.operations_panel.set_operations(channels)
        for channel in channels:
            self.timeline_panel.update_operation(channel)
        self.operations_loaded.emit()
        if self.timeline_panel.channel is None and not self._demo_opened:
            demo = next((c for c in channels if c.demo), None)
            if demo is not None:
                # A newcomer in the demo sees the live exchange at once, not an
                # empty pane beside an unread badge.
                self._demo_opened = True
                self.operations_panel.select(demo.channel_id)
        if self.timeline_panel.channel is not None:
            self.reload_members()

    def _open_operation(self, channel: ChannelSummary) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        current = self.timeline_panel.channel
        if current is not None and current.channel_id == channel.channel_id and \
                self.timeline_panel.timeline is not None:
            return
        self.timeline_panel.show_operation(channel, TimelineModel(workspace, channel.channel_id))
        self._mark_read(channel.channel_id)
        self.reload_members()

    def _mark_read(self, channel_id: str) -> None:
        workspace = self._workspace
        assert workspace is not None
        (ServiceOp(self, lambda: workspace.mark_read(channel_id))
         .success(lambda marked: self.reload_operations() if marked else None)
         .run_in_background())

    def _messages_changed(self, channel_ids: list[str]) -> None:
        current = self.timeline_panel.channel
        timeline = self.timeline_panel.timeline
        if current is not None and timeline is not None and current.channel_id in channel_ids:
            timeline.refresh()
            if self.isActiveWindow():
                self._mark_read(current.channel_id)
        self.reload_operations()

    def create_operation(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("New operation"),
            self.tr("Operation name (you will be its coordinator):"))
        if ok and name.strip():
            self.create_operation_named(name.strip())

    def create_operation_named(self, name: str) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        (ServiceOp(self, lambda: workspace.create_channel(name))
         .success(self._operation_created)
         .run_in_background())

    def _operation_created(self, channel: ChannelSummary) -> None:
        self.operations_loaded.connect(self._select_created, Qt.ConnectionType.SingleShotConnection)
        self._created_id = channel.channel_id
        self.reload_operations()

    def _select_created(self) -> None:
        self.operations_panel.select(self._created_id)

    # -- sending --------------------------------------------------------------------

    def send_text(self, text: str) -> None:
        """Store the message (shown at once as queued), then let the sync loop send it."""
        workspace, channel = self._workspace, self.timeline_panel.channel
        if workspace is None or channel is None:
            return
        channel_id = channel.channel_id
        (ServiceOp(self, lambda: workspace.send_text(channel_id, text, deliver=False))
         .success(lambda outcome: self._stored(text, outcome))
         .run_in_background())

    def _stored(self, text: str, outcome: SendOutcome) -> None:
        self.timeline_panel.composer.clear_sent(text)
        self._after_send(outcome)

    def _after_send(self, outcome: SendOutcome) -> None:
        timeline = self.timeline_panel.timeline
        if timeline is not None:
            timeline.refresh()
        self.message_stored.emit(outcome)
        if self._sync is not None:
            self._sync.request_sync()
        elif self._workspace is not None:
            workspace = self._workspace
            (ServiceOp(self, workspace.engine.send_pending)
             .success(lambda _report: self._messages_changed(
                 [] if timeline is None else [timeline.channel_id]))
             .run_in_background())

    def send_files(self, paths: list[Path]) -> None:
        """One attachment message per file, encrypted and uploaded on the service thread."""
        workspace, channel = self._workspace, self.timeline_panel.channel
        if workspace is None or channel is None:
            return
        composer = self.timeline_panel.composer
        channel_id = channel.channel_id
        for path in paths:

            def send(report: Callable[[object], None], path: Path = path) -> SendOutcome:
                return workspace.send_attachment(channel_id, path,
                                                 progress=PercentSteps(report))

            def show(progress: object, name: str = path.name) -> None:
                if isinstance(progress, AttachmentProgress):
                    composer.show_upload_progress(name, progress)

            composer.begin_upload(path.name)
            (ServiceOp.reporting(self, send)
             .on_report(show)
             .success(self._attachment_sent)
             .failure(self._attachment_failed)
             .run_in_background())

    def save_attachment(self, entry: TimelineEntry) -> None:
        """Ask where, then download, verify and decrypt on the service thread."""
        if entry.attachment is None or self._workspace is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save attachment"), safe_file_name(entry.attachment.name))
        if target:
            self.save_attachment_to(entry, Path(target))

    def save_attachment_to(self, entry: TimelineEntry, target: Path) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        message_id = entry.message_id
        (ServiceOp(self, lambda: workspace.save_attachment(message_id, target))
         .success(lambda saved: self._show_notice(
             self.tr("Saved {path}").format(path=saved)))
         .with_progress(self.tr("Downloading and decrypting…"))
         .run_in_background())

    def _attachment_sent(self, outcome: SendOutcome) -> None:
        self.timeline_panel.composer.end_upload()
        self._after_send(outcome)

    def _attachment_failed(self, error: Exception) -> None:
        self.timeline_panel.composer.end_upload()
        report_failure(self, error)

    # -- search ---------------------------------------------------------------------

    def open_search(self) -> None:
        if self.timeline_panel.channel is not None:
            self.timeline_panel.search_bar.open()

    def search(self, query: str) -> None:
        workspace, channel = self._workspace, self.timeline_panel.channel
        if workspace is None or channel is None:
            return
        channel_id = channel.channel_id
        (ServiceOp(self, lambda: workspace.search(channel_id, query))
         .success(self._search_done)
         .run_in_background())

    def _search_done(self, hits: list[TimelineEntry]) -> None:
        self.timeline_panel.search_bar.set_hits(hits)
        self.search_finished.emit()

    def reveal(self, hit: TimelineEntry) -> None:
        timeline = self.timeline_panel.timeline
        if timeline is not None and timeline.channel_id == hit.channel_id:
            timeline.reveal(hit)

    # -- members ------------------------------------------------------------------------

    def open_verify_dialog(self, member: MemberSummary) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        device_id = member.device_id
        (ServiceOp(self, lambda: workspace.safety_number(device_id))
         .success(self._show_verify_dialog)
         .run_in_background())

    def _show_verify_dialog(self, view: SafetyNumberView) -> None:
        if self.verify_dialog is None:
            self.verify_dialog = VerifyDialog(view, self)
            self.verify_dialog.verify_requested.connect(self._mark_verified)
        else:
            self.verify_dialog.set_view(view)
        self.verify_dialog.open()

    def _mark_verified(self, device_id: str) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        (ServiceOp(self, lambda: workspace.verify(device_id))
         .success(self._verified)
         .run_in_background())

    def _verified(self, view: SafetyNumberView) -> None:
        if self.verify_dialog is not None:
            self.verify_dialog.set_view(view)
        self.reload_members()

    def open_invite_dialog(self) -> None:
        channel = self.timeline_panel.channel
        if channel is None:
            return
        workspace = self._workspace
        self.invite_dialog = InviteDialog(
            channel.name, self, channel_id=channel.channel_id,
            directory=None if workspace is None else workspace.directory)
        self.invite_dialog.accepted.connect(self._invite_accepted)
        self.invite_dialog.open()

    def _invite_accepted(self) -> None:
        dialog, workspace, channel = self.invite_dialog, self._workspace, \
            self.timeline_panel.channel
        if dialog is None or workspace is None or channel is None:
            return
        channel_id, device_id, name = channel.channel_id, dialog.device_id, dialog.display_name
        (ServiceOp(self, lambda: workspace.invite(channel_id, device_id, name=name))
         .success(self._membership_changed)
         .with_progress(self.tr("Inviting…"))
         .run_in_background())

    def confirm_removal(self, member: MemberSummary) -> None:
        channel = self.timeline_panel.channel
        if channel is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove member"), self.tr(
            "Remove {name} ({agency}) from {operation}? They keep what they already "
            "received but cannot read anything sent from now on.").format(
                name=member.name, agency=member.agency or "-", operation=channel.name),
            QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmRemoval")
        remove = box.addButton(self.tr("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is remove:
            self.remove_member(member)

    def remove_member(self, member: MemberSummary) -> None:
        workspace, channel = self._workspace, self.timeline_panel.channel
        if workspace is None or channel is None:
            return
        channel_id, device_id = channel.channel_id, member.device_id
        (ServiceOp(self, lambda: workspace.remove(channel_id, device_id))
         .success(self._membership_changed)
         .with_progress(self.tr("Removing…"))
         .run_in_background())

    def _membership_changed(self, outcome: SendOutcome) -> None:
        if not outcome.accepted:
            self._show_notice(self.tr("Membership change queued: {why}").format(
                why=outcome.problem))
        self.reload_members()
        self.reload_operations()
        if self._sync is not None:
            self._sync.request_sync()

    def _show_notice(self, text: str) -> None:
        self.status_bar.showMessage(text, NOTICE_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.close()
        super().closeEvent(event)
        workspace = self._workspace
        if self._owns_workspace and workspace is not None:
            self._workspace = None
            ServiceOp(self, workspace.close).run_in_background()
        self.closing.emit()
