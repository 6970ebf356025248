"""An entry's history: who changed what, when (one row per applied operation).

The records come from the merged state (``Entry.history``): every member sees the
same history, since it is part of the fold. Authors are shown by member name when
the operation's member list knows them, else by the start of their device id.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_client.workspace.watchlists import Entry
from ui.watchlists.watchlist_text import action_name, field_name, when
from ui.widgets.retranslatable import Retranslatable


class HistoryDialog(Retranslatable, QDialog):
    def __init__(self, entry: Entry, names: Mapping[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistHistoryDialog")
        self.entry = entry
        self._names = dict(names)
        self.heading = QLabel(self)
        self.heading.setObjectName("historyHeading")
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("historyTree")
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(self)
        self.close_button = QPushButton(self)  # not a standard button: see EntryDialog
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100,
                    self.fontMetrics().height() * 20)
        self.retranslate()

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(when, who, action, what changed) per operation, oldest first."""
        out = []
        for record in self.entry.history:
            who = self._names.get(record.device_id, record.device_id[:12])
            changes = "; ".join(
                f"{field_name(change.field)}: {change.before or '–'} → {change.after or '–'}"
                for change in record.changes)
            out.append((when(record.at_ms), who, action_name(record.action), changes))
        return out

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Entry history"))
        self.heading.setText(self.tr("History of {value}").format(value=self.entry.display))
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Action"),
                                   self.tr("What changed")])
        self.tree.setAccessibleName(self.tr("Entry history"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.tree.clear()
        for row in self.rows():
            item = QTreeWidgetItem(list(row))
            for column, text in enumerate(row):
                item.setToolTip(column, text)
            self.tree.addTopLevelItem(item)
