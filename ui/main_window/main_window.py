"""The main window: a shell hosting the screens, with the menus and status bar around them.

Left, the operations list (:class:`~ui.operations_list.operations_screen.OperationsScreen`);
in the centre, one tab per screen about the open operation (:class:`OperationTabs`:
Messages, :class:`~ui.timeline.timeline_screen.TimelineScreen`, for now); right, this
device and the open operation's members (:class:`IdentityPanel` hosting
:class:`~ui.members.members_screen.MembersScreen`). Each screen owns its model, view
and service calls (through :class:`~ui.operations.ServiceOp`); the window keeps what
belongs to the window — menus, status bar, Settings, About, the layout — and the
Workspace they share (:class:`~ui.screens.ScreenContext`), and connects the screens'
signals: an operation chosen on the left is shown in every tab and its members read;
a send or a membership change asks the
:class:`~ui.sync.controller.SyncController` for a round; what the controller reports
changed (``channels_changed``, ``messages_changed``, ``connection_changed``,
``notice``) goes to the screen that shows it.

Adding a screen about the open operation: docs/UI.md, "Adding a screen".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QWidget

from liaison_client.profile import Profile
from liaison_client.reports import ReportKind
from liaison_client.sync.connection import ConnectionState
from liaison_client.version import app_version, build_info
from liaison_client.workspace import (
    ChannelSummary,
    MemberSummary,
    SendOutcome,
    SentReport,
    Workspace,
)
from ui.appearance import Appearance
from ui.icons import application_icon
from ui.main_window.identity_panel import IdentityPanel
from ui.main_window.operation_tabs import OperationTabs
from ui.main_window.status_bar import ProfileStatusBar
from ui.main_window.update_notice import UpdateNotice
from ui.members.members_screen import MembersScreen
from ui.operations import ServiceOp, report_failure
from ui.operations_list.operations_screen import OperationsScreen
from ui.reports.hit_prefill import HitReport, hit_prefill
from ui.reports.report_dialog import ReportDialog
from ui.screens import OperationScreen, ScreenContext
from ui.settings.settings_dialog import SettingsDialog
from ui.timeline.timeline_screen import TimelineScreen
from ui.transcripts.export_dialog import TranscriptExportDialog
from ui.transcripts.export_offer import ExportOfferDialog
from ui.watchlists.watchlists_screen import WatchlistsScreen
from ui.widgets.retranslatable import Retranslatable

if TYPE_CHECKING:
    from ui.sync.controller import SyncController

#: How long a notice from the sync controller stays in the status bar.
NOTICE_MS = 8_000


class MainWindow(Retranslatable, QMainWindow):
    #: Emitted after the operations list was (re)loaded from the store.
    operations_loaded = Signal()
    #: The officer closed the window: the session ends.
    closing = Signal()
    #: The demo's "Set up a real profile…" was chosen (the launcher leaves the demo).
    real_profile_requested = Signal()
    #: Settings saved a runtime preference (notifications, idle lock): apply it now.
    preferences_changed = Signal()

    #: The workspace is open and the window can read channels.
    workspace_ready = Signal()
    #: The open operation's members were (re)loaded.
    members_loaded = Signal()
    #: A send was stored (the message is in the timeline as queued).
    message_stored = Signal(object)
    #: The coordinator closed the open operation from this window (its ChannelSummary).
    operation_closed = Signal(object)

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
        #: The dialogs of the Operation menu, kept while open (tests and the lock reach them).
        self.report_dialog: ReportDialog | None = None
        self.export_dialog: TranscriptExportDialog | None = None
        self.export_offer: ExportOfferDialog | None = None
        self._ui_settings = ui_settings
        self._context = ScreenContext(workspace)
        self._owns_workspace = workspace is None
        self._sync = sync
        #: The operation open in the centre and right panes.
        self._operation: ChannelSummary | None = None
        #: The demo operation is opened for the newcomer once, when it first appears;
        #: after that, what is open is the officer's choice.
        self._demo_opened = False

        whoami = profile.whoami()
        self.operations_screen = OperationsScreen(self._context, self)
        self.timeline_screen = TimelineScreen(self._context, self)
        self.operation_tabs = OperationTabs(self)
        self.operation_tabs.add_screen(self.timeline_screen)
        self.watchlists_screen = WatchlistsScreen(self._context, self)
        self.operation_tabs.add_screen(self.watchlists_screen)
        members: list[MembersScreen] = []

        def members_screen(pane: QWidget) -> MembersScreen:
            members.append(MembersScreen(self._context, whoami.device_id, pane))
            return members[0]

        self.identity_panel = IdentityPanel(whoami, profile.manifest.key_storage, self,
                                            members_panel=members_screen)
        self.members_screen = members[0]
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        for pane, stretch in ((self.operations_screen, 0), (self.operation_tabs, 1),
                              (self.identity_panel, 0)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self.operations_screen.setMinimumWidth(220)
        self.identity_panel.setMinimumWidth(260)
        self.operation_tabs.setMinimumWidth(360)
        self.splitter.setSizes([280, 720, 320])
        self.setCentralWidget(self.splitter)
        self.status_bar = ProfileStatusBar(profile.layout.root, self)
        self.status_bar.set_relay_state(ConnectionState.NO_RELAY)
        self.setStatusBar(self.status_bar)
        self.update_notice = UpdateNotice(self.status_bar)
        self.update_notice.start(profile.layout.root)
        self._build_menus()
        self._connect_screens()
        self.resize(QSize(1320, 820))
        self.retranslate()
        self.operations_screen.list_view.setFocus()
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

    def _connect_screens(self) -> None:
        """The screens never call each other: what one says, the window passes on."""
        operations, timeline, members = (self.operations_screen, self.timeline_screen,
                                         self.members_screen)
        operations.operation_selected.connect(self._open_operation)
        operations.loaded.connect(self._operations_loaded)
        operations.receipts_queued.connect(self._send_queued)
        timeline.message_stored.connect(self._after_send)
        timeline.notice.connect(self._show_notice)
        timeline.report_requested.connect(lambda: self.open_report_dialog())
        timeline.operation_requested.connect(operations.select)
        members.loaded.connect(self._members_loaded)
        members.membership_changed.connect(self._membership_changed)
        members.trust_changed.connect(self._refresh_open_timeline)
        members.notice.connect(self._show_notice)
        watchlists = self.watchlists_screen
        watchlists.notice.connect(self._show_notice)
        watchlists.message_stored.connect(self._after_send)
        watchlists.edited.connect(self._watchlist_edited)
        watchlists.report_requested.connect(self._report_from_hit)

    def add_operation_screen(self, screen: OperationScreen) -> None:
        """Host another screen about the open operation as a tab of the centre area."""
        self.operation_tabs.add_screen(screen)
        if self._operation is not None:
            screen.show_operation(self._operation)

    def _workspace_opened(self, workspace: Workspace) -> None:
        self._context.workspace = workspace
        self.workspace_ready.emit()
        self.reload_operations()

    @property
    def workspace(self) -> Workspace | None:
        return self._context.workspace

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
        #: Only in the demo (:meth:`offer_real_profile`): leave it for a profile of one's own.
        self.real_profile_action = QAction(self)
        self.real_profile_action.setVisible(False)
        self.real_profile_action.triggered.connect(self.real_profile_requested)
        self._app_menu.addAction(self.real_profile_action)
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
        # Ctrl+Shift+F is "search all operations" (issue 11, item 5), as in Element
        # and Signal Desktop; copying the fingerprint moved to Ctrl+Shift+C.
        self.copy_fingerprint_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_fingerprint_action.triggered.connect(
            self.identity_panel.fingerprint_field.copy_to_clipboard)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self.timeline_screen.open_search(False))
        self._view_menu.addAction(self.find_action)
        self.find_all_action = QAction(self)
        self.find_all_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.find_all_action.triggered.connect(lambda: self.timeline_screen.open_search(True))
        self._view_menu.addAction(self.find_all_action)
        self._view_menu.addAction(self.identity_action)
        self._view_menu.addAction(self.copy_fingerprint_action)

        self._operation_menu = bar.addMenu("")
        self.report_action = QAction(self)
        self.report_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.report_action.triggered.connect(lambda: self.open_report_dialog())
        self.export_action = QAction(self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.triggered.connect(self.open_export_dialog)
        self.close_operation_action = QAction(self)
        self.close_operation_action.triggered.connect(self.confirm_close_operation)
        # Checked: the operation has read receipts on. Every member sees the setting;
        # only the coordinator of an open operation can change it (issue 11).
        self.read_receipts_action = QAction(self)
        self.read_receipts_action.setCheckable(True)
        self.read_receipts_action.triggered.connect(self.set_read_receipts)
        self._operation_menu.addAction(self.report_action)
        self._operation_menu.addAction(self.export_action)
        self._operation_menu.addSeparator()
        self._operation_menu.addAction(self.read_receipts_action)
        self._operation_menu.addAction(self.close_operation_action)
        self._update_operation_actions()

        self._help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._about)
        self._help_menu.addAction(self.about_action)

    def offer_real_profile(self) -> None:
        """The demo workspace: its menu offers "Set up a real profile…" (issue 11, item 13)."""
        self.real_profile_action.setVisible(True)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Liaison — {name}").format(
            name=self._profile.whoami().name))
        self._app_menu.setTitle(self.tr("&Liaison"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.real_profile_action.setText(self.tr("Set up a &real profile…"))
        self.quit_action.setText(self.tr("&Quit"))
        self._view_menu.setTitle(self.tr("&View"))
        self.identity_action.setText(self.tr("&Device and members panel"))
        self.find_action.setText(self.tr("&Search in operation…"))
        self.find_all_action.setText(self.tr("Search &all operations…"))
        self.copy_fingerprint_action.setText(self.tr("Copy my &fingerprint"))
        self._operation_menu.setTitle(self.tr("&Operation"))
        self.report_action.setText(self.tr("New &report…"))
        self.export_action.setText(self.tr("&Export transcript…"))
        self.close_operation_action.setText(self.tr("&Close operation…"))
        self.read_receipts_action.setText(self.tr("Read re&ceipts"))
        self._update_operation_actions()
        self._help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Liaison"))

    # -- actions ------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """Settings for this profile: appearance, notifications and lock, and its relay.
        A saved relay change makes the running sync reconnect (no restart)."""
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self._appearance, self,
                                                   ui_settings=self._ui_settings,
                                                   profile=self._profile)
            self._settings_dialog.relay_changed.connect(self._relay_changed)
            self._settings_dialog.runtime.preferences_saved.connect(self.preferences_changed)
        self._settings_dialog.show()
        self._settings_dialog.raise_()
        self._settings_dialog.activateWindow()
        return self._settings_dialog

    def _relay_changed(self, _relay: object) -> None:
        workspace = self._context.workspace
        if self._sync is not None:
            self._sync.reconnect()
        elif workspace is not None:
            ServiceOp(self, workspace.reload_relay).run_in_background()

    def _about(self) -> None:
        self.about_box().open()

    def about_box(self) -> QMessageBox:
        """Help → About, with our own Close button (``QMessageBox.about``'s OK stayed
        English in the Chinese interface)."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Liaison"),
                          self.about_text(), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("aboutBox")
        box.setTextFormat(Qt.TextFormat.RichText)
        close = box.addButton(self.tr("&Close"), QMessageBox.ButtonRole.AcceptRole)
        close.setAccessibleName(self.tr("Close"))
        box.setDefaultButton(close)
        box.setEscapeButton(close)
        return box

    def about_text(self) -> str:
        """What Help → About says: the version, and where this copy came from (the build's
        commit, date and the SHA-256 of the bundle's manifest, or "source install"), so IT
        can compare a running copy with the signed release (docs/INSTALL.md)."""
        about = self.tr(
            "<b>Liaison {version}</b><br>End-to-end encrypted channels for customs "
            "liaison officers.<br>Encryption: vodozemac (Olm/Megolm). Local store: "
            "SQLCipher.").format(version=app_version())
        build = build_info()
        if not build.bundled:
            return about + "<br><br>" + self.tr("Source install (not a signed build).")
        return about + "<br><br>" + self.tr(
            "Commit: {commit}<br>Built: {date}<br>Bundle manifest SHA-256:<br>"
            "<tt>{manifest}</tt>").format(commit=build.commit, date=build.build_date,
                                          manifest=build.manifest_sha256 or "?")

    # -- the Operation menu: reports, transcript, close ---------------------------------

    def open_report_dialog(self, kind: ReportKind = ReportKind.WARNING,
                           prefill: dict[str, list[str]] | None = None) -> ReportDialog | None:
        """The report form for the open operation (Ctrl+Shift+R)."""
        workspace, channel = self._context.workspace, self._operation
        if workspace is None or channel is None or channel.closed:
            return None
        dialog = ReportDialog(workspace, channel, self, kind=kind, prefill=prefill)
        dialog.sent.connect(self._report_sent)
        self.report_dialog = dialog
        dialog.open()
        return dialog

    def _report_from_hit(self, request: HitReport) -> None:
        self.open_report_dialog(ReportKind.WARNING, hit_prefill(request))

    def _report_sent(self, sent: SentReport) -> None:
        timeline = self.timeline_screen.timeline
        if timeline is not None:
            timeline.refresh()
        self._after_send(sent.outcome)

    def open_export_dialog(self) -> TranscriptExportDialog | None:
        """Operation → Export transcript… (Ctrl+Shift+E)."""
        workspace, channel = self._context.workspace, self._operation
        if workspace is None or channel is None:
            return None
        dialog = TranscriptExportDialog(workspace, channel, self, settings=self._ui_settings)
        dialog.exported.connect(lambda result: self._show_notice(
            self.tr("Transcript exported to {folder}").format(folder=result.folder)))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def confirm_close_operation(self) -> None:
        channel = self._operation
        if channel is None or channel.closed or channel.role != "coordinator":
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Close operation"), self.tr(
            "Close {operation}? No member can send messages or reports to it any more. "
            "This cannot be undone.").format(operation=channel.name),
            QMessageBox.StandardButton.NoButton, self)
        close = box.addButton(self.tr("Close operation"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep it open"), QMessageBox.ButtonRole.RejectRole)
        close.setAccessibleName(self.tr("Close operation"))
        keep.setAccessibleName(self.tr("Keep it open"))
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is close:
            self.close_operation()

    def close_operation(self) -> None:
        """End the open operation (coordinator), then offer the final transcript."""
        workspace, channel = self._context.workspace, self._operation
        if workspace is None or channel is None:
            return
        channel_id = channel.channel_id
        (ServiceOp(self, lambda: workspace.lifecycle.close(channel_id))
         .success(lambda _outcome: self._operation_closed(channel))
         .with_progress(self.tr("Closing the operation…"))
         .run_in_background())

    def set_read_receipts(self, on: bool) -> None:
        """Turn the open operation's read receipts on or off for every member
        (coordinator): a signed event of the operation, shown in every timeline."""
        workspace, channel = self._context.workspace, self._operation
        if workspace is None or channel is None or channel.role != "coordinator":
            return
        channel_id = channel.channel_id
        (ServiceOp(self, lambda: workspace.lifecycle.set_read_receipts(channel_id, on))
         .success(lambda _outcome: self._read_receipts_set(on))
         .failure(self._read_receipts_failed)
         .with_progress(self.tr("Turning read receipts on…") if on else
                        self.tr("Turning read receipts off…"))
         .run_in_background())

    def _read_receipts_set(self, on: bool) -> None:
        self._show_notice(self.tr("Read receipts are on: members see who has read their "
                                  "messages") if on else
                          self.tr("Read receipts are off: nobody's reading is reported any "
                                  "more"))
        self._membership_changed()

    def _read_receipts_failed(self, error: Exception) -> None:
        self._update_operation_actions()  # the check mark goes back to the setting
        report_failure(self, error)

    def _operation_closed(self, channel: ChannelSummary) -> None:
        self._membership_changed()
        self.operation_closed.emit(channel)
        offer = ExportOfferDialog(channel, self)
        offer.accepted.connect(self.open_export_dialog)
        self.export_offer = offer
        offer.open()

    # -- wiring the screens ----------------------------------------------------------

    def reload_operations(self) -> None:
        self.operations_screen.reload()

    def _operations_loaded(self, channels: list[ChannelSummary]) -> None:
        for channel in channels:
            if self._operation is not None and self._operation.channel_id == channel.channel_id:
                self._operation = channel
            self.operation_tabs.update_operation(channel)
            self.members_screen.update_operation(channel)
        self._update_operation_actions()
        self.operations_loaded.emit()
        if self._operation is None and not self._demo_opened:
            demo = next((c for c in channels if c.demo), None)
            if demo is not None:
                # A newcomer in the demo sees the live exchange at once, not an
                # empty pane beside an unread badge.
                self._demo_opened = True
                self.operations_screen.select(demo.channel_id)
                # Focus starts where the newcomer types (issue 11, item 13).
                self.timeline_screen.composer.edit.setFocus()
        if self._operation is not None:
            self.members_screen.reload()

    def _update_operation_actions(self) -> None:
        channel = self._operation
        active = channel is not None and channel.role != "removed"
        self.report_action.setEnabled(active and channel is not None and not channel.closed)
        self.export_action.setEnabled(channel is not None)
        self.close_operation_action.setEnabled(
            channel is not None and channel.role == "coordinator" and not channel.closed)
        receipts = self.read_receipts_action
        receipts.setChecked(channel is not None and channel.read_receipts)
        receipts.setEnabled(
            channel is not None and channel.role == "coordinator" and not channel.closed)
        receipts.setToolTip(
            self.tr("Members tell each other which messages they have read") if
            receipts.isEnabled() else
            self.tr("Only the operation's coordinator turns read receipts on or off"))

    def _open_operation(self, channel: ChannelSummary) -> None:
        if self._context.workspace is None:
            return
        if self._operation is not None and self._operation.channel_id == channel.channel_id:
            return
        self._operation = channel
        self._update_operation_actions()
        self.operation_tabs.show_operation(channel)
        self.operations_screen.mark_read(channel.channel_id)
        self.members_screen.show_operation(channel)

    def _messages_changed(self, channel_ids: list[str]) -> None:
        self.watchlists_screen.refresh(channel_ids)
        if self.timeline_screen.refresh(channel_ids) and self.isActiveWindow():
            assert self._operation is not None
            self.operations_screen.mark_read(self._operation.channel_id)
        self.reload_operations()

    def _after_send(self, outcome: SendOutcome) -> None:
        """A message was stored as queued: the sync loop sends it (without one, as in
        tests with no relay, the window sends the outbox itself)."""
        self.message_stored.emit(outcome)
        workspace = self._context.workspace
        if self._sync is not None:
            self._sync.request_sync()
        elif workspace is not None:
            timeline = self.timeline_screen.timeline
            (ServiceOp(self, workspace.engine.send_pending)
             .success(lambda _report: self._messages_changed(
                 [] if timeline is None else [timeline.channel_id]))
             .run_in_background())

    def _members_loaded(self, members: list[MemberSummary]) -> None:
        self.identity_panel.show_members(members)
        self.members_loaded.emit()

    def _refresh_open_timeline(self) -> None:
        """The open operation's timeline re-reads its tail: an event was logged in it
        (a member invited, removed, verified)."""
        if self._operation is not None:
            self.timeline_screen.refresh([self._operation.channel_id])

    def _membership_changed(self) -> None:
        self.reload_operations()
        self._refresh_open_timeline()
        if self._sync is not None:
            self._sync.request_sync()

    def _watchlist_edited(self, _edit: object) -> None:
        """A watch-list edit was stored: sent like any queued message."""
        self._send_queued()

    def _send_queued(self) -> None:
        """Something was queued without a message row (a watch-list edit, read
        receipts): the sync loop sends it (without one, the window sends the outbox
        itself, as after a message)."""
        workspace = self._context.workspace
        if self._sync is not None:
            self._sync.request_sync()
        elif workspace is not None:
            ServiceOp(self, workspace.engine.send_pending).run_in_background()

    def _show_notice(self, text: str) -> None:
        self.status_bar.showMessage(text, NOTICE_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.close()
        super().closeEvent(event)
        workspace = self._context.workspace
        if self._owns_workspace and workspace is not None:
            self._context.workspace = None
            ServiceOp(self, workspace.close).run_in_background()
        self.closing.emit()
