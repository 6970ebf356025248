"""The operations (channels) list as a Qt model, fed by ``liaison_client.history``."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from liaison_client.store.records import ChannelRecord


class OperationRole(IntEnum):
    CHANNEL_ID = Qt.ItemDataRole.UserRole + 1
    CLOSED = Qt.ItemDataRole.UserRole + 2
    LAST_ACTIVITY_MS = Qt.ItemDataRole.UserRole + 3


class OperationListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channels: list[ChannelRecord] = []

    def set_operations(self, channels: Sequence[ChannelRecord]) -> None:
        self.beginResetModel()
        self._channels = list(channels)
        self.endResetModel()

    def channel_at(self, row: int) -> ChannelRecord:
        return self._channels[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._channels)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._channels):
            return None
        channel = self._channels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if channel.closed:
                return QCoreApplication.translate("OperationListModel", "{name} (closed)").format(
                    name=channel.name)
            return channel.name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            when = QDateTime.fromMSecsSinceEpoch(channel.last_activity_at_ms)
            return QCoreApplication.translate("OperationListModel", "Last activity {when}").format(
                when=QLocale().toString(when, QLocale.FormatType.ShortFormat))
        if role == OperationRole.CHANNEL_ID:
            return channel.channel_id
        if role == OperationRole.CLOSED:
            return channel.closed
        if role == OperationRole.LAST_ACTIVITY_MS:
            return channel.last_activity_at_ms
        return None
