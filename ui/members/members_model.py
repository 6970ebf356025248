"""The open operation's members as a Qt model: name, agency, role, verification state."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from liaison_client.workspace import MemberSummary, Role
from ui.theme import current_colours


class MemberRole(IntEnum):
    SUMMARY = Qt.ItemDataRole.UserRole + 1



def trust_text(member: MemberSummary, own_device_id: str) -> str:
    if member.device_id == own_device_id:
        return QCoreApplication.translate("MemberListModel", "this device")
    if member.revoked_at_ms is not None:
        return QCoreApplication.translate("MemberListModel",
                                          "⛔ revoked by the relay's administrator")
    if member.key_changed:
        return QCoreApplication.translate("MemberListModel", "⚠ KEY CHANGED — verify again")
    if member.verified:
        return QCoreApplication.translate("MemberListModel", "✓ verified")
    return QCoreApplication.translate("MemberListModel", "not verified")


class MemberListModel(QAbstractListModel):
    def __init__(self, own_device_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._own = own_device_id
        self._members: list[MemberSummary] = []

    def set_members(self, members: Sequence[MemberSummary]) -> None:
        self.beginResetModel()
        # Coordinator first, then by name: who runs the operation is the first question.
        self._members = sorted(members, key=lambda m: (m.role is not Role.COORDINATOR,
                                                       m.name.casefold()))
        self.endResetModel()

    def member_at(self, row: int) -> MemberSummary:
        return self._members[row]

    def row_of(self, device_id: str) -> int | None:
        return next((r for r, m in enumerate(self._members) if m.device_id == device_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._members)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._members):
            return None
        member = self._members[index.row()]
        role_text = (QCoreApplication.translate("MemberListModel", "coordinator")
                     if member.role is Role.COORDINATOR
                     else QCoreApplication.translate("MemberListModel", "member"))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            # A line each for name, agency, and role with verification state: on one
            # line the pane's default width cut off the role and the state, the part
            # that matters most. Only a very long agency can still be elided (the
            # tooltip has it in full).
            return f"{member.name}\n{member.agency or '-'}\n{role_text} · " \
                   f"{trust_text(member, self._own)}"
        if role == Qt.ItemDataRole.ForegroundRole and (
                member.key_changed or member.revoked_at_ms is not None):
            colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
            return QColor(colours["danger"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{member.agency or '-'}\n{member.device_id}"
        if role == MemberRole.SUMMARY:
            return member
        return None
