"""The operations (channels) list as a Qt model, fed by the Workspace's channel summaries."""

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

from liaison_client.workspace import ChannelSummary


class OperationRole(IntEnum):
    CHANNEL_ID = Qt.ItemDataRole.UserRole + 1
    CLOSED = Qt.ItemDataRole.UserRole + 2
    LAST_ACTIVITY_MS = Qt.ItemDataRole.UserRole + 3
    UNREAD = Qt.ItemDataRole.UserRole + 4
    SUMMARY = Qt.ItemDataRole.UserRole + 5



def last_activity_text(ms: int) -> str:
    when = QDateTime.fromMSecsSinceEpoch(ms)
    if when.date() == QDateTime.currentDateTime().date():
        return QLocale().toString(when.time(), QLocale.FormatType.ShortFormat)
    return QLocale().toString(when.date(), QLocale.FormatType.ShortFormat)


class OperationListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channels: list[ChannelSummary] = []

    def set_operations(self, channels: Sequence[ChannelSummary]) -> None:
        """Replace the list; rows whose channel is unchanged in place only repaint."""
        channels = list(channels)
        if [c.channel_id for c in channels] == [c.channel_id for c in self._channels]:
            self._channels = channels
            if channels:
                self.dataChanged.emit(self.index(0), self.index(len(channels) - 1))
            return
        self.beginResetModel()
        self._channels = channels
        self.endResetModel()

    def channel_at(self, row: int) -> ChannelSummary:
        return self._channels[row]

    def row_of(self, channel_id: str) -> int | None:
        return next((row for row, c in enumerate(self._channels) if c.channel_id == channel_id),
                    None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._channels)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._channels):
            return None
        channel = self._channels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            name = channel.name
            if channel.demo:
                name = QCoreApplication.translate(
                    "OperationListModel", "{name} (demo)").format(name=name)
            if channel.closed:
                return QCoreApplication.translate(
                    "OperationListModel", "{name} (closed)").format(name=name)
            return name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [str(self.data(index))]
            if channel.unread:
                parts.append(QCoreApplication.translate(
                    "OperationListModel", "{count} unread").format(count=channel.unread))
            parts.append(QCoreApplication.translate(
                "OperationListModel", "last activity {when}").format(
                when=last_activity_text(channel.last_activity_at_ms)))
            return ", ".join(parts)
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
        if role == OperationRole.UNREAD:
            return channel.unread
        if role == OperationRole.SUMMARY:
            return channel
        return None
