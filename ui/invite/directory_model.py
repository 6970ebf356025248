"""The relay's officer directory as a Qt list model, filtered as the coordinator types.

The whole directory is read once per dialog (one service call, a few hundred
officers at most) and filtered here, so typing never waits on the network.
Devices that cannot be invited to this operation — its members, this very
device — stay listed, so the coordinator sees why someone is missing, but
disabled.
"""

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

from liaison_client.sync.directory import DirectoryEntry
from liaison_client.workspace import format_fingerprint

#: Groups of four key characters shown in a row: enough to tell rows apart, while
#: the full fingerprint and safety number stay for verification.
SHORT_FINGERPRINT_GROUPS = 3


class DirectoryRole(IntEnum):
    ENTRY = Qt.ItemDataRole.UserRole + 1


def short_fingerprint(ed25519_key: str) -> str:
    return " ".join(format_fingerprint(ed25519_key).split()[:SHORT_FINGERPRINT_GROUPS]) + " …"


class DirectoryListModel(QAbstractListModel):
    def __init__(self, channel_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channel_id = channel_id
        self._all: list[DirectoryEntry] = []
        self._shown: list[DirectoryEntry] = []
        self._filter = ""

    def set_entries(self, entries: Sequence[DirectoryEntry]) -> None:
        # Invitable officers first, then by name: the list is for choosing someone.
        self._all = sorted(entries, key=lambda e: (not self.invitable(e), e.name.casefold(),
                                                   e.device_id))
        self._refilter()

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().casefold()
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        needle = self._filter
        self._shown = [e for e in self._all if not needle or needle in e.name.casefold()
                       or needle in e.agency.casefold() or needle in e.device_id.casefold()]
        self.endResetModel()

    def invitable(self, entry: DirectoryEntry) -> bool:
        return not entry.own and self._channel_id not in entry.member_of

    def entry_at(self, row: int) -> DirectoryEntry:
        return self._shown[row]

    def entry_for(self, device_id: str) -> DirectoryEntry | None:
        return next((e for e in self._all if e.device_id == device_id), None)

    def row_of(self, device_id: str) -> int | None:
        return next((r for r, e in enumerate(self._shown) if e.device_id == device_id), None)

    def first_invitable_row(self) -> int | None:
        return next((r for r, e in enumerate(self._shown) if self.invitable(e)), None)

    @property
    def total(self) -> int:
        return len(self._all)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return Qt.ItemFlag.NoItemFlags
        if self.invitable(self._shown[index.row()]):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        entry = self._shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{entry.name}\n{entry.agency} · {short_fingerprint(entry.fingerprint)}" \
                   f"{self._status(entry)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.device_id}\n{format_fingerprint(entry.fingerprint)}"
        if role == DirectoryRole.ENTRY:
            return entry
        return None

    def _status(self, entry: DirectoryEntry) -> str:
        translate = QCoreApplication.translate
        notes = []
        if entry.own:
            notes.append(translate("DirectoryListModel", "this device"))
        elif self._channel_id in entry.member_of:
            notes.append(translate("DirectoryListModel", "already a member"))
        if entry.key_changed:
            notes.append(translate("DirectoryListModel", "⚠ KEY CHANGED"))
        if entry.profile_problem is not None:
            notes.append(translate("DirectoryListModel", "⚠ name failed verification"))
        return "".join(f" · {note}" for note in notes)
