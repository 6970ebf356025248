"""Invite an officer to the open operation: pick them from the relay directory, confirm.

The directory (every enrolled officer with the name their device signed, their
agency and the start of their key fingerprint) is read once, off the GUI
thread, and filtered as the coordinator types. Members of the operation and
this device are listed but disabled. A device that is not listed can still be
invited by the id its officer reads out. Nothing is sent before a second page
names the officer, their agency and the operation; the main window then runs
:meth:`~liaison_client.workspace.channels.ChannelsService.invite`, which takes the device's
keys from the relay and refuses a key that differs from one recorded before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.sync.directory import DirectoryEntry
from liaison_client.workspace import format_fingerprint
from ui.error_text import error_text
from ui.invite.directory_model import DirectoryListModel
from ui.operations import ServiceOp, failure_message
from ui.widgets.buttons import mark_primary
from ui.widgets.inline_message import InlineMessage, Tone
from ui.widgets.retranslatable import Retranslatable

#: Device ids are base32 (see ``liaison_client.crypto.identity``): letters and digits.
_DEVICE_ID = re.compile(r"^[A-Z2-7]{8,64}$")

#: Reads the relay directory; runs on the service thread.
DirectoryLoader = Callable[[], list[DirectoryEntry]]


class InviteDialog(Retranslatable, QDialog):
    def __init__(self, operation_name: str, parent: QWidget | None = None, *,
                 channel_id: str = "", directory: DirectoryLoader | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inviteDialog")
        self.setMinimumSize(520, 560)
        self._operation = operation_name
        self._load_directory = directory
        self._chosen: DirectoryEntry | None = None
        self._chosen_id = ""
        self._loading = False
        self.model = DirectoryListModel(channel_id, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_choose_page())
        self.pages.addWidget(self._build_confirm_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.retranslate()
        self._show_choose_page()
        self.reload()

    # -- layout ------------------------------------------------------------------

    def _build_choose_page(self) -> QWidget:
        page = QWidget(self)
        self.intro = QLabel(page)
        self.intro.setWordWrap(True)
        self.search_edit = QLineEdit(page)
        self.search_edit.setObjectName("inviteSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self._search_label = QLabel(page)
        self._search_label.setBuddy(self.search_edit)
        self.busy_bar = QProgressBar(page)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.status_label = QLabel(page)
        self.status_label.setProperty("role", "muted")
        self.status_label.setWordWrap(True)
        self.directory_view = QListView(page)
        self.directory_view.setObjectName("inviteDirectory")
        self.directory_view.setModel(self.model)
        self.directory_view.setWordWrap(True)
        self.directory_view.setSpacing(2)
        self.directory_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.directory_view.activated.connect(self._entry_activated)
        self.directory_view.selectionModel().currentChanged.connect(self._entry_selected)
        self.load_error = InlineMessage(page)
        self.retry_button = QPushButton(page)
        self.retry_button.clicked.connect(self.reload)
        self.retry_button.hide()
        error_row = QHBoxLayout()
        error_row.addWidget(self.load_error, 1)
        error_row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.manual_intro = QLabel(page)
        self.manual_intro.setWordWrap(True)
        self.device_edit = QLineEdit(page)
        self.device_edit.setObjectName("inviteDeviceId")
        self.device_edit.textEdited.connect(self._device_typed)
        self.name_edit = QLineEdit(page)
        self.name_edit.setObjectName("inviteName")
        self._device_label = QLabel(page)
        self._device_label.setBuddy(self.device_edit)
        self._name_label = QLabel(page)
        self._name_label.setBuddy(self.name_edit)
        form = QFormLayout()
        form.addRow(self._device_label, self.device_edit)
        form.addRow(self._name_label, self.name_edit)
        self.error_label = InlineMessage(page)
        # Our own Cancel, not StandardButton.Cancel: the standard button kept Qt's
        # English "Cancel" in a Chinese interface (as Settings' Close did).
        self.choose_buttons = QDialogButtonBox(page)
        self.choose_cancel_button = self.choose_buttons.addButton(
            "", QDialogButtonBox.ButtonRole.RejectRole)
        self.next_button = self.choose_buttons.addButton(
            "", QDialogButtonBox.ButtonRole.AcceptRole)
        mark_primary(self.next_button)
        self.choose_buttons.accepted.connect(self._next)
        self.choose_buttons.rejected.connect(self.reject)
        search_row = QHBoxLayout()
        search_row.addWidget(self._search_label)
        search_row.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(search_row)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.status_label)
        layout.addLayout(error_row)
        layout.addWidget(self.directory_view, 1)
        layout.addWidget(self.manual_intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.choose_buttons)
        self.search_edit.textChanged.connect(self._filter_changed)
        return page

    def _build_confirm_page(self) -> QWidget:
        page = QWidget(self)
        self.confirm_title = QLabel(page)
        self.confirm_title.setProperty("role", "heading")
        self.confirm_title.setWordWrap(True)
        self.confirm_label = QLabel(page)
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_buttons = QDialogButtonBox(page)
        self.confirm_cancel_button = self.confirm_buttons.addButton(
            "", QDialogButtonBox.ButtonRole.RejectRole)
        self.back_button = self.confirm_buttons.addButton(
            "", QDialogButtonBox.ButtonRole.ResetRole)
        self.back_button.clicked.connect(self._show_choose_page)
        self.invite_button = self.confirm_buttons.addButton(
            "", QDialogButtonBox.ButtonRole.AcceptRole)
        mark_primary(self.invite_button)
        self.confirm_buttons.accepted.connect(self.accept)
        self.confirm_buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.confirm_title)
        layout.addWidget(self.confirm_label)
        layout.addStretch(1)
        layout.addWidget(self.confirm_buttons)
        return page

    # -- what the main window reads after ``accepted`` -----------------------------

    @property
    def device_id(self) -> str:
        return self._chosen_id

    @property
    def display_name(self) -> str | None:
        """None for an officer chosen from the directory: the Workspace then uses the
        name their device signed. For a typed id, the name typed (if any)."""
        if self._chosen is not None:
            return None
        return self.name_edit.text().strip() or None

    @property
    def loading(self) -> bool:
        return self._loading

    # -- the directory ---------------------------------------------------------------

    def reload(self) -> None:
        """Read the relay directory on the service thread; the list shows a busy state."""
        load = self._load_directory
        if load is None or self._loading:
            self._show_status()
            return
        self._loading = True
        self.load_error.clear_message()
        self.retry_button.hide()
        self._show_status()
        (ServiceOp(self, load)
         .success(self._loaded)
         .failure(self._load_failed)
         .run_in_background())

    def _loaded(self, entries: list[DirectoryEntry]) -> None:
        self._loading = False
        self.model.set_entries(entries)
        self._show_status()

    def _load_failed(self, exc: Exception) -> None:
        self._loading = False
        text = error_text(exc) if isinstance(exc, LiaisonError) else failure_message(exc)
        self.load_error.show_message(
            self.tr("The relay directory could not be read: {reason} Retry, or enter "
                    "a device ID below.").format(reason=text), Tone.ERROR)
        self.retry_button.show()
        self._show_status()

    def _show_status(self) -> None:
        self.busy_bar.setVisible(self._loading)
        self.directory_view.setEnabled(not self._loading)
        self.setProperty("busy", self._loading)
        if self._loading:
            text = self.tr("Loading the relay directory…")
        elif self._load_directory is None:
            text = self.tr("This profile has no relay directory: enter a device ID below.")
        elif self.model.total and not self.model.rowCount():
            text = self.tr("No enrolled officer matches \"{search}\".").format(
                search=self.search_edit.text().strip())
        elif self.model.total:
            text = self.tr("Officers enrolled on the relay: {count}").format(
                count=self.model.total)
        elif self.load_error.isHidden():
            text = self.tr("No officer is enrolled on the relay yet.")
        else:
            text = ""
        self.status_label.setText(text)
        self.status_label.setAccessibleName(text)
        self.status_label.setVisible(bool(text))

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._show_status()

    # -- choosing --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search field moves into the list, on the first officer one
        can invite: the whole dialog works without a mouse."""
        if (watched is self.search_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down):
            row = self.model.first_invitable_row()
            if row is not None:
                self.directory_view.setFocus()
                self.directory_view.setCurrentIndex(self.model.index(row))
                return True
        return super().eventFilter(watched, event)

    def _entry_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.device_edit.clear()
            self.error_label.clear_message()

    def _entry_activated(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.invitable(self.model.entry_at(index.row())):
            self._next()

    def _device_typed(self, _text: str) -> None:
        self.directory_view.clearSelection()
        self.directory_view.setCurrentIndex(QModelIndex())
        self.error_label.clear_message()

    def _next(self) -> None:
        """Go to the confirmation for the officer chosen or the device id typed."""
        index = self.directory_view.currentIndex()
        typed = self.device_edit.text().strip().upper()
        if index.isValid():
            entry: DirectoryEntry | None = self.model.entry_at(index.row())
        elif typed:
            if not _DEVICE_ID.match(typed):
                self._refuse(self.tr("A device ID is 8 or more letters A–Z and digits 2–7, as "
                                     "shown in the officer's app."), self.device_edit)
                return
            entry = self.model.entry_for(typed)
        elif self.model.rowCount() == 1 and self.model.first_invitable_row() == 0:
            entry = self.model.entry_at(0)  # the search left exactly one officer
        else:
            self._refuse(self.tr("Choose an officer from the list, or enter a device ID."),
                         self.search_edit)
            return
        if entry is not None and not self.model.invitable(entry):
            self._refuse(self.tr("{name} is already in {operation}.").format(
                name=entry.name, operation=self._operation) if not entry.own else
                self.tr("This is your own device."), self.device_edit)
            return
        self._chosen = entry
        self._chosen_id = entry.device_id if entry is not None else typed
        self._show_confirm_page()

    def _refuse(self, text: str, focus: QWidget) -> None:
        self.error_label.show_message(text, Tone.ERROR)
        focus.setFocus()

    # -- pages -----------------------------------------------------------------------

    def _show_choose_page(self) -> None:
        self.pages.setCurrentIndex(0)
        self.next_button.setDefault(True)
        self.search_edit.setFocus()

    def _show_confirm_page(self) -> None:
        self._retranslate_confirmation()
        self.pages.setCurrentIndex(1)
        self.invite_button.setDefault(True)
        self.invite_button.setFocus()

    @property
    def confirming(self) -> bool:
        return self.pages.currentIndex() == 1

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Invite to {operation}").format(operation=self._operation))
        self.intro.setText(self.tr(
            "Choose the officer to invite from the relay directory. They join {operation} "
            "and see its messages from now on, not earlier ones.").format(
                operation=self._operation))
        self._search_label.setText(self.tr("&Search:"))
        self.search_edit.setPlaceholderText(self.tr("Name, agency or device ID"))
        self.search_edit.setAccessibleName(self.tr("Search the relay directory"))
        self.directory_view.setAccessibleName(self.tr("Officers enrolled on the relay"))
        self.busy_bar.setAccessibleName(self.tr("Loading the relay directory"))
        self.retry_button.setText(self.tr("&Retry"))
        self.retry_button.setAccessibleName(self.tr("Read the relay directory again"))
        self.manual_intro.setText(self.tr(
            "Not listed? Enter the device ID the officer reads to you (shown under "
            "\"This device\" in their app)."))
        self._device_label.setText(self.tr("&Device ID:"))
        self._name_label.setText(self.tr("Display &name:"))
        self.device_edit.setAccessibleName(self.tr("Device ID"))
        self.name_edit.setAccessibleName(self.tr("Display name"))
        self.name_edit.setPlaceholderText(self.tr("Optional: how members see them"))
        self.next_button.setText(self.tr("&Next…"))
        self.next_button.setAccessibleName(self.tr("Review the invitation"))
        self.back_button.setText(self.tr("&Back"))
        self.back_button.setAccessibleName(self.tr("Choose another officer"))
        self.invite_button.setText(self.tr("&Invite"))
        self.invite_button.setAccessibleName(self.tr("Send the invitation"))
        for cancel in (self.choose_cancel_button, self.confirm_cancel_button):
            cancel.setText(self.tr("Cancel"))
            cancel.setAccessibleName(self.tr("Cancel the invitation"))
        self._show_status()
        if self.confirming:
            self._retranslate_confirmation()

    def _retranslate_confirmation(self) -> None:
        entry = self._chosen
        if entry is not None:
            title = self.tr("Invite {name} ({agency}) to {operation}?").format(
                name=entry.name, agency=entry.agency, operation=self._operation)
            body = self.tr(
                "Device: {device_id}\nKey: {fingerprint}\n\n{name} will see the messages of "
                "{operation} sent from now on. The name is the one their device signed: "
                "compare safety numbers with them to be sure the key is theirs.").format(
                    device_id=entry.device_id, fingerprint=format_fingerprint(entry.fingerprint),
                    name=entry.name, operation=self._operation)
        else:
            name = self.name_edit.text().strip() or self._chosen_id
            title = self.tr("Invite {name} to {operation}?").format(
                name=name, operation=self._operation)
            body = self.tr(
                "Device: {device_id}\n\nThis device is not in the relay directory as loaded; "
                "its agency is the one it was enrolled for. They will see the messages of "
                "{operation} sent from now on. Compare safety numbers with them to be sure "
                "the key is theirs.").format(device_id=self._chosen_id,
                                             operation=self._operation)
        self.confirm_title.setText(title)
        self.confirm_title.setAccessibleName(title)
        self.confirm_label.setText(body)
        self.confirm_label.setAccessibleName(body)
