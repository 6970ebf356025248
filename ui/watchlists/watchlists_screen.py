"""The Watch-lists tab of the open operation.

A list selector, the entries of the chosen list in a sortable table
(:class:`~ui.watchlists.entries_model.EntriesModel` behind the filter proxy), the
filter box and "Show retired and expired", the lock state, and the actions: add,
edit, retire (after confirming), history, lock/unlock (coordinator), import,
export and match. Every service call runs through :class:`ServiceOp`; a load
returns row snapshots built on the service thread, so 10,000 entries never hold
up the event loop (``tests/ui/watchlists/test_watchlists_screen.py``).

Edits are refused by the merge itself on a locked list, for everyone alike; the
screen disables editing for a locked list so an officer is not offered what will
be refused, and says why ("Locked by the coordinator: read-only").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.watchlists.matching import Hit
from liaison_client.workspace import ChannelSummary, Workspace
from liaison_client.workspace.watchlists import Entry, WatchlistEdit
from ui.error_text import error_text
from ui.operations import ServiceOp
from ui.reports.hit_prefill import HitReport
from ui.screens import ScreenContext
from ui.watchlists.entries_model import (
    ROW_ROLE,
    Column,
    EntriesFilter,
    EntriesModel,
    EntryRow,
    entry_rows,
)
from ui.watchlists.entry_dialog import EntryDialog, EntryDraft
from ui.watchlists.history_dialog import HistoryDialog
from ui.watchlists.import_wizard import ImportWizard
from ui.watchlists.match_wizard import MatchWizard
from ui.widgets.retranslatable import Retranslatable


@dataclass(frozen=True)
class ListsSnapshot:
    """What one load read on the service thread: the channel's lists, the chosen
    one's rows (every status: the proxy hides the inactive), and member names."""

    channel_id: str
    list_names: list[str]
    list_name: str | None
    locked: bool
    rows: list[EntryRow]
    names: dict[str, str]


def read_lists(workspace: Workspace, channel_id: str, wanted: str | None) -> ListsSnapshot:
    """Service thread: everything the tab shows, in one call."""
    service = workspace.watchlists
    state = service.state(channel_id)
    lists = sorted(state.lists.values(), key=lambda w: (w.created_at_ms, w.key))
    names = [w.name for w in lists]
    chosen = state.list_named(wanted) if wanted else None
    if chosen is None and lists:
        chosen = lists[0]
    members = {m.device_id: m.name for m in workspace.channels.members(channel_id)}
    if chosen is None:
        return ListsSnapshot(channel_id, names, None, False, [], members)
    entries = service.entries(channel_id, chosen.name, include_inactive=True)
    return ListsSnapshot(channel_id, names, chosen.name, chosen.locked,
                         entry_rows(entries, service.today(), members), members)


class WatchlistsScreen(Retranslatable, QWidget):
    #: A load finished and the table shows it (the :class:`ListsSnapshot`).
    loaded = Signal(object)
    #: An edit was stored (the :class:`WatchlistEdit`): the shell may ask for a sync.
    edited = Signal(object)
    #: A line for the status bar.
    notice = Signal(str)
    #: A text message (the match summary) was stored: the timeline should show it.
    message_stored = Signal(object)
    #: "Create report…" on a match hit: the :class:`HitReport` (the shell opens the form).
    report_requested = Signal(object)

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistsScreen")
        self._context = context
        self._channel: ChannelSummary | None = None
        self._snapshot: ListsSnapshot | None = None
        self._generation = 0
        self.loading = False
        self._sized = False
        self.entry_dialog: EntryDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.import_wizard: ImportWizard | None = None
        self.match_wizard: MatchWizard | None = None

        self.list_label = QLabel(self)
        self.list_combo = QComboBox(self)
        self.list_combo.setObjectName("watchlistCombo")
        self.list_combo.setMinimumContentsLength(16)
        self.list_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.list_label.setBuddy(self.list_combo)
        self.lock_state = QLabel(self)
        self.lock_state.setObjectName("watchlistLockState")
        self.lock_button = QPushButton(self)
        self.lock_button.setObjectName("watchlistLock")

        self.filter_label = QLabel(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("watchlistFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_label.setBuddy(self.filter_edit)
        self.show_inactive = QCheckBox(self)
        self.show_inactive.setObjectName("watchlistShowInactive")

        self.model = EntriesModel(self)
        self.proxy = EntriesFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("watchlistTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("watchlistEmpty")
        self.empty_label.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("watchlistCount")

        self.add_button = QPushButton(self)
        self.add_button.setObjectName("watchlistAdd")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("watchlistEdit")
        self.retire_button = QPushButton(self)
        self.retire_button.setObjectName("watchlistRetire")
        self.history_button = QPushButton(self)
        self.history_button.setObjectName("watchlistHistory")
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("watchlistImport")
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("watchlistExport")
        self.match_button = QPushButton(self)
        self.match_button.setObjectName("watchlistMatch")

        top = QHBoxLayout()
        top.addWidget(self.list_label)
        top.addWidget(self.list_combo, 1)
        top.addWidget(self.lock_state)
        top.addWidget(self.lock_button)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_label)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.show_inactive)
        # Two rows: at 200 % (or in a narrow pane) seven buttons in one row were cut off.
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button,
                       self.history_button):
            actions.addWidget(button)
        actions.addStretch(1)
        spreadsheets = QHBoxLayout()
        spreadsheets.addWidget(self.count_label)
        spreadsheets.addStretch(1)
        for button in (self.import_button, self.export_button, self.match_button):
            spreadsheets.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        layout.addLayout(spreadsheets)
        self.setTabOrder(self.list_combo, self.lock_button)
        self.setTabOrder(self.lock_button, self.filter_edit)
        self.setTabOrder(self.filter_edit, self.show_inactive)
        self.setTabOrder(self.show_inactive, self.table)
        previous: QWidget = self.table
        for button in (self.add_button, self.edit_button, self.retire_button,
                       self.history_button, self.import_button, self.export_button,
                       self.match_button):
            self.setTabOrder(previous, button)
            previous = button

        self.list_combo.activated.connect(self._list_chosen)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.show_inactive.toggled.connect(self._inactive_toggled)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _index: self.open_edit_dialog())
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.retire_button.clicked.connect(self.confirm_retire)
        self.history_button.clicked.connect(self.open_history)
        self.lock_button.clicked.connect(self.toggle_lock)
        self.import_button.clicked.connect(self.open_import_wizard)
        self.export_button.clicked.connect(self.choose_export_file)
        self.match_button.clicked.connect(self.open_match_wizard)
        # Shortcuts within the tab (the window's own: Ctrl+F search, Ctrl+I panel).
        for keys, slot in (("Ctrl+N", self.open_add_dialog), ("Ctrl+E", self.open_edit_dialog),
                           ("Delete", self.confirm_retire), ("Ctrl+H", self.open_history),
                           ("Ctrl+L", self.filter_edit.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.retranslate()
        self._update_actions()

    # -- OperationScreen ----------------------------------------------------------------

    def tab_title(self) -> str:
        return self.tr("Watch-lists")

    def show_operation(self, channel: ChannelSummary) -> None:
        self._channel = channel
        self._snapshot = None
        self.model.set_rows([])
        self.reload()

    def update_operation(self, channel: ChannelSummary) -> None:
        if self._channel is not None and self._channel.channel_id == channel.channel_id:
            self._channel = channel
            self._update_actions()

    def refresh(self, channel_ids: list[str]) -> None:
        """Sync stored something for ``channel_ids`` (maybe watch-list operations):
        read the open operation's lists again if it is among them."""
        if self._channel is not None and self._channel.channel_id in channel_ids:
            self.reload()

    # -- loading ------------------------------------------------------------------------

    @property
    def list_name(self) -> str | None:
        return None if self._snapshot is None else self._snapshot.list_name

    @property
    def coordinator(self) -> bool:
        return self._channel is not None and self._channel.role == "coordinator"

    def reload(self, list_name: str | None = None) -> None:
        """Read the lists again (off the GUI thread); the newest request wins."""
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or channel is None:
            return
        wanted = list_name or self.list_name
        channel_id = channel.channel_id
        self._generation += 1
        generation = self._generation
        self.loading = True
        self._update_actions()
        (ServiceOp(self, lambda: read_lists(workspace, channel_id, wanted))
         .success(lambda snapshot: self._loaded(generation, snapshot))
         .failure(lambda error: self._load_failed(generation, error))
         .run_in_background())

    def _loaded(self, generation: int, snapshot: ListsSnapshot) -> None:
        if generation != self._generation or self._channel is None \
                or snapshot.channel_id != self._channel.channel_id:
            return
        self.loading = False
        self._snapshot = snapshot
        self.list_combo.clear()
        self.list_combo.addItems(snapshot.list_names)
        if snapshot.list_name is not None:
            self.list_combo.setCurrentText(snapshot.list_name)
        self.model.set_rows(snapshot.rows)
        # Qt sizes a column from the rows near the top (resizeContentsPrecision), so
        # this stays cheap at 10,000 rows; the officer's own widths win after that.
        if not self._sized and snapshot.rows:
            self.table.resizeColumnsToContents()
            self._sized = True
        self.proxy.sort(self.table.horizontalHeader().sortIndicatorSection(),
                        self.table.horizontalHeader().sortIndicatorOrder())
        self.retranslate()
        self._update_actions()
        self.loaded.emit(snapshot)

    def _load_failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self.loading = False
            self._update_actions()
            self.notice.emit(error_text(error) if isinstance(error, LiaisonError)
                             else str(error))

    def _list_chosen(self, _index: int) -> None:
        self.reload(self.list_combo.currentText())

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_counts()

    def _inactive_toggled(self, show: bool) -> None:
        self.proxy.set_show_inactive(show)
        self._update_counts()

    # -- selection and state -------------------------------------------------------------

    def selected_row(self) -> EntryRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, EntryRow) else None

    def select_entry(self, entry_id: str) -> bool:
        """Select (and scroll to) the row of ``entry_id``, if the filter shows it."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            found = index.data(ROW_ROLE)
            if isinstance(found, EntryRow) and found.entry.entry_id == entry_id:
                self.table.selectionModel().select(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def visible_rows(self) -> list[EntryRow]:
        """The rows as the table shows them (filtered and sorted)."""
        rows = []
        for row in range(self.proxy.rowCount()):
            found = self.proxy.index(row, 0).data(ROW_ROLE)
            assert isinstance(found, EntryRow)
            rows.append(found)
        return rows

    @property
    def locked(self) -> bool:
        return self._snapshot is not None and self._snapshot.locked

    def _update_actions(self, *_args: object) -> None:
        open_channel = (self._channel is not None and not self._channel.closed
                        and self._channel.role != "removed")
        editable = open_channel and not self.locked
        has_list = self.list_name is not None
        row = self.selected_row()
        self.add_button.setEnabled(editable)
        self.import_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and row is not None and row.entry.status != "retired")
        self.retire_button.setEnabled(editable and row is not None
                                      and row.entry.status != "retired")
        self.history_button.setEnabled(row is not None)
        self.export_button.setEnabled(has_list)
        self.match_button.setEnabled(has_list)
        self.lock_button.setVisible(self.coordinator and has_list)
        self.lock_button.setEnabled(open_channel and has_list)
        self._update_counts()

    def _update_counts(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if self.loading and self._snapshot is None:
            self.empty_label.setText(self.tr("Loading watch-lists…"))
            self.empty_label.show()
        elif self._snapshot is not None and not self._snapshot.list_names:
            self.empty_label.setText(self.tr(
                "This operation has no watch-list yet. Add an entry (Ctrl+N) or import a "
                "spreadsheet to start one."))
            self.empty_label.show()
        else:
            self.empty_label.hide()
        self.count_label.setText(self.tr("{shown} of {total} entries shown").format(
            shown=shown, total=total))

    # -- add, edit, retire, history ---------------------------------------------------------

    def open_add_dialog(self) -> EntryDialog | None:
        if not self.add_button.isEnabled():
            return None
        names = [] if self._snapshot is None else self._snapshot.list_names
        self.entry_dialog = EntryDialog(names, self.list_name or self.tr("Watch-list"),
                                        self.window())
        self.entry_dialog.submitted.connect(self._save_draft)
        self.entry_dialog.open()
        return self.entry_dialog

    def open_edit_dialog(self) -> EntryDialog | None:
        row = self.selected_row()
        if row is None or not self.edit_button.isEnabled():
            return None
        names = [] if self._snapshot is None else self._snapshot.list_names
        self.entry_dialog = EntryDialog(names, row.entry.list_name, self.window(),
                                        entry=row.entry)
        self.entry_dialog.submitted.connect(self._save_draft)
        self.entry_dialog.open()
        return self.entry_dialog

    def _save_draft(self, draft: EntryDraft) -> None:
        workspace, channel, dialog = self._context.workspace, self._channel, self.entry_dialog
        if workspace is None or channel is None or dialog is None:
            return
        channel_id, editing = channel.channel_id, dialog.entry
        service = workspace.watchlists

        def save() -> WatchlistEdit:
            common = dict(uscc=draft.uscc, eori=draft.eori, note=draft.note,
                          tags=draft.tags, expires=draft.expires, deliver=False)
            if editing is None:
                return service.add(channel_id, draft.list_name, draft.kind, draft.value,
                                   **common)  # type: ignore[arg-type]
            return service.update(channel_id, editing.entry_id, draft.kind, draft.value,
                                  **common)  # type: ignore[arg-type]

        (ServiceOp(self, save)
         .success(lambda edit: self._saved(dialog, draft.list_name, edit))
         .failure(lambda error: self._save_refused(dialog, error))
         .run_in_background())

    def _saved(self, dialog: EntryDialog, list_name: str, edit: WatchlistEdit) -> None:
        dialog.accept()
        self.reload(list_name)
        self.edited.emit(edit)
        if edit.entry is not None:
            self.notice.emit(self.tr("Saved {value}").format(value=edit.entry.display))

    def _save_refused(self, dialog: EntryDialog, error: Exception) -> None:
        if isinstance(error, LiaisonError):
            dialog.show_refusal(error_text(error))
        else:
            dialog.show_refusal(str(error))

    def confirm_retire(self) -> None:
        row = self.selected_row()
        if row is None or not self.retire_button.isEnabled():
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Retire entry"), self.tr(
            "Retire {value}? It stops matching for every member of the operation; its "
            "history is kept.").format(value=row.entry.display),
            QMessageBox.StandardButton.Cancel, self.window())
        box.setObjectName("confirmRetire")
        retire = box.addButton(self.tr("&Retire"), QMessageBox.ButtonRole.DestructiveRole)
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is retire:
            self.retire(row.entry)

    def retire(self, entry: Entry) -> None:
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or channel is None:
            return
        channel_id, entry_id = channel.channel_id, entry.entry_id
        (ServiceOp(self, lambda: workspace.watchlists.retire(channel_id, entry_id))
         .success(self._edited)
         .run_in_background())

    def _edited(self, edit: WatchlistEdit) -> None:
        self.reload()
        self.edited.emit(edit)

    def open_history(self) -> HistoryDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        names = {} if self._snapshot is None else self._snapshot.names
        self.history_dialog = HistoryDialog(row.entry, names, self.window())
        self.history_dialog.open()
        return self.history_dialog

    # -- lock -----------------------------------------------------------------------------

    def toggle_lock(self) -> None:
        workspace, channel, list_name = self._context.workspace, self._channel, self.list_name
        if workspace is None or channel is None or list_name is None:
            return
        channel_id, service = channel.channel_id, workspace.watchlists
        verb = service.unlock if self.locked else service.lock
        (ServiceOp(self, lambda: verb(channel_id, list_name))
         .success(self._edited)
         .run_in_background())

    # -- spreadsheets ---------------------------------------------------------------------

    def open_import_wizard(self) -> ImportWizard | None:
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or channel is None or not self.import_button.isEnabled():
            return None
        self.import_wizard = ImportWizard(workspace, channel.channel_id,
                                          self.list_name or self.tr("Watch-list"),
                                          self.window())
        self.import_wizard.imported.connect(self._imported)
        self.import_wizard.open()
        return self.import_wizard

    def _imported(self, list_name: str) -> None:
        self.reload(list_name)
        self.edited.emit(None)

    def choose_export_file(self) -> None:
        if self.list_name is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export watch-list"), f"{self.list_name}.xlsx",
            self.tr("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        workspace, channel, list_name = self._context.workspace, self._channel, self.list_name
        if workspace is None or channel is None or list_name is None:
            return
        channel_id = channel.channel_id
        (ServiceOp(self, lambda: workspace.watchlists.export_file(channel_id, list_name, path))
         .success(lambda count: self.notice.emit(
             self.tr("Exported {count} entries to {file}").format(count=count,
                                                                  file=path.name)))
         .with_progress(self.tr("Exporting…"))
         .run_in_background())

    def open_match_wizard(self) -> MatchWizard | None:
        workspace, channel, list_name = self._context.workspace, self._channel, self.list_name
        if workspace is None or channel is None or list_name is None:
            return None
        self.match_wizard = MatchWizard(workspace, channel.channel_id, list_name,
                                        self.window())
        self.match_wizard.summary_posted.connect(self.message_stored)
        self.match_wizard.create_report_requested.connect(self._report_requested)
        self.match_wizard.open()
        return self.match_wizard

    def _report_requested(self, hit: Hit) -> None:
        wizard = self.match_wizard
        displays = {} if wizard is None or wizard.outcome is None else wizard.outcome.displays
        list_name = self.list_name if wizard is None else wizard.list_name
        self.report_requested.emit(HitReport(hit, list_name or "",
                                             displays.get(hit.entry_id, hit.value)))

    # -- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.list_label.setText(self.tr("&List:"))
        self.list_combo.setAccessibleName(self.tr("Watch-list"))
        locked = self.locked
        self.lock_state.setText(self.tr("Locked by the coordinator: read-only") if locked
                                else "")
        self.lock_state.setVisible(locked)
        self.lock_button.setText(self.tr("Un&lock list") if locked else self.tr("&Lock list"))
        self.lock_button.setAccessibleName(self.tr("Unlock list") if locked
                                           else self.tr("Lock list"))
        self.filter_label.setText(self.tr("&Filter:"))
        self.filter_edit.setPlaceholderText(self.tr("Value, note, tag or author (Ctrl+L)"))
        self.filter_edit.setAccessibleName(self.tr("Filter entries"))
        self.show_inactive.setText(self.tr("Show &retired and expired"))
        self.show_inactive.setAccessibleName(self.tr("Show retired and expired"))
        self.table.setAccessibleName(self.tr("Watch-list entries"))
        for button, text, name in (
                (self.add_button, self.tr("&Add entry…"), self.tr("Add entry")),
                (self.edit_button, self.tr("&Edit…"), self.tr("Edit entry")),
                (self.retire_button, self.tr("Re&tire…"), self.tr("Retire entry")),
                (self.history_button, self.tr("&History"), self.tr("Entry history")),
                (self.import_button, self.tr("&Import…"), self.tr("Import spreadsheet")),
                (self.export_button, self.tr("E&xport…"), self.tr("Export list")),
                (self.match_button, self.tr("&Match manifest…"), self.tr("Match manifest"))):
            button.setText(text)
            button.setAccessibleName(name)
        self.model.retranslate()
        self._update_counts()
