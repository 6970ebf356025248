"""The main window: operations on the left, the timeline in the centre, this device and
the operation's members on the right; menus and a status bar around them.

It holds the open :class:`~liaison_client.profile.Profile` and reads through
``liaison_client.history`` on the service thread. The channel engine (issue
#5) will feed the same panels: operations into :class:`OperationsPanel`,
messages into :class:`TimelinePanel`, relay state into the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QWidget

from liaison_client import history
from liaison_client.profile import Profile
from liaison_client.store.records import ChannelRecord
from ui.appearance import Appearance
from ui.icons import application_icon
from ui.main_window.identity_panel import IdentityPanel
from ui.main_window.operations_panel import OperationsPanel
from ui.main_window.status_bar import ProfileStatusBar, RelayState
from ui.main_window.timeline_panel import TimelinePanel
from ui.operations import ServiceOp
from ui.settings.settings_dialog import SettingsDialog

APP_VERSION = "0.1.0"


class MainWindow(QMainWindow):
    #: Emitted after the operations list was (re)loaded from the store.
    operations_loaded = Signal()
    #: The officer closed the window: the session ends.
    closing = Signal()

    def __init__(self, profile: Profile, appearance: Appearance,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(application_icon())
        self._profile = profile
        self._appearance = appearance
        self._settings_dialog: SettingsDialog | None = None

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
        self.status_bar.set_relay_state(RelayState.NOT_CONFIGURED)
        self.setStatusBar(self.status_bar)
        self._build_menus()
        self.operations_panel.operation_selected.connect(self._open_operation)
        self.resize(QSize(1320, 820))
        self.retranslate()
        self.operations_panel.list_view.setFocus()
        self.reload_operations()

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
        self.copy_fingerprint_action.setText(self.tr("Copy my &fingerprint"))
        self._help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Liaison"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- actions ------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self._appearance, self)
        self._settings_dialog.show()
        self._settings_dialog.raise_()
        self._settings_dialog.activateWindow()
        return self._settings_dialog

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Liaison"), self.tr(
            "<b>Liaison {version}</b><br>End-to-end encrypted channels for customs "
            "liaison officers.<br>Encryption: vodozemac (Olm/Megolm). Local store: "
            "SQLCipher.").format(version=APP_VERSION))

    def reload_operations(self) -> None:
        profile = self._profile
        (ServiceOp(self, lambda: history.operations(profile))
         .success(self._operations_loaded)
         .run_in_background())

    def _operations_loaded(self, channels: list[ChannelRecord]) -> None:
        self.operations_panel.set_operations(channels)
        self.operations_loaded.emit()

    def _open_operation(self, channel: ChannelRecord) -> None:
        self.timeline_panel.show_operation(channel)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.close()
        super().closeEvent(event)
        self.closing.emit()
