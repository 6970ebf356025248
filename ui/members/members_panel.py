"""The members list of the open operation, with Verify for everyone and Invite /
Remove for its coordinator. The panel only asks; the main window runs the
Workspace calls on the service thread and confirms before changing membership."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListView, QPushButton, QVBoxLayout, QWidget

from liaison_client.workspace import MemberSummary, Role
from ui.members.member_row_delegate import MemberRowDelegate
from ui.members.members_model import MemberListModel
from ui.widgets.retranslatable import Retranslatable


class MembersPanel(Retranslatable, QWidget):
    verify_requested = Signal(object)
    invite_requested = Signal()
    remove_requested = Signal(object)

    def __init__(self, own_device_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._own = own_device_id
        self._coordinator = False
        self.model = MemberListModel(own_device_id, self)
        self.list_view = QListView(self)
        self.list_view.setObjectName("membersList")
        self.list_view.setModel(self.model)
        # Each line of a row stays one line, elided at the right if it must be:
        # wrapping made row heights depend on a width the view did not know yet.
        self.list_view.setWordWrap(False)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list_view.setItemDelegate(MemberRowDelegate(self.list_view))
        self.list_view.setSpacing(2)
        self.list_view.selectionModel().currentChanged.connect(self._update_buttons)
        self.list_view.activated.connect(lambda index: self._verify_current())
        self.verify_button = QPushButton(self)
        self.verify_button.clicked.connect(self._verify_current)
        self.invite_button = QPushButton(self)
        self.invite_button.clicked.connect(self.invite_requested)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.verify_button, self.invite_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.list_view.setAccessibleName(self.tr("Members"))
        self.verify_button.setText(self.tr("&Verify…"))
        self.verify_button.setAccessibleName(self.tr("Verify the selected member"))
        self.invite_button.setText(self.tr("I&nvite…"))
        self.invite_button.setAccessibleName(self.tr("Invite an officer"))
        self.remove_button.setText(self.tr("&Remove…"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected member"))

    def set_members(self, members: list[MemberSummary]) -> None:
        current = self.current_member
        self.model.set_members(members)
        self._coordinator = any(m.device_id == self._own and m.role is Role.COORDINATOR
                                for m in members)
        row = None if current is None else self.model.row_of(current.device_id)
        if row is not None:
            self.list_view.setCurrentIndex(self.model.index(row))
        self._update_buttons()

    @property
    def current_member(self) -> MemberSummary | None:
        index = self.list_view.currentIndex()
        return self.model.member_at(index.row()) if index.isValid() else None

    def select(self, device_id: str) -> None:
        row = self.model.row_of(device_id)
        if row is not None:
            self.list_view.setCurrentIndex(self.model.index(row))

    def _update_buttons(self) -> None:
        member = self.current_member
        other = member is not None and member.device_id != self._own
        self.verify_button.setEnabled(other)
        self.invite_button.setVisible(self._coordinator)
        self.remove_button.setVisible(self._coordinator)
        self.remove_button.setEnabled(other)

    def _verify_current(self) -> None:
        member = self.current_member
        if member is not None and member.device_id != self._own:
            self.verify_requested.emit(member)

    def _remove_current(self) -> None:
        member = self.current_member
        if member is not None and member.device_id != self._own:
            self.remove_requested.emit(member)
