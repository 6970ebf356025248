"""Match a manifest against a list: pick the file, map its columns, match, see the hits.

1. **File**: a CSV or XLSX manifest, read on the service thread; the mapping of
   its columns is guessed from the header in English and Chinese (集装箱号,
   商品编码, 收货人, 发货人, 品名 …, ``manifest.guess_mapping``).
2. **Columns**: one row per manifest column (its name, a sample value) with an
   editable target combo; "(not matched)" leaves a column out.
3. **Match** runs on the service thread with a progress bar (a step per mapped
   column) and Cancel, which stops it at the next column.
4. **Results**: the hits (row, column, entry, kind, matched, why, score),
   sortable; "Export CSV…" writes them (UTF-8 with BOM) and "Post summary"
   sends counts and hits — never the manifest — to the operation as an end-to-end
   encrypted message (``match_summary.summary_text``).

"Create report…" (results page, for the selected hit) emits
:attr:`MatchWizard.create_report_requested` with the :class:`Hit`; the Watch-lists tab
passes it on and the shell opens the report form as a warning prefilled from it
(``ui/reports/hit_prefill.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.manifest import Manifest
from liaison_client.watchlists.matching import Hit
from liaison_client.workspace import SendOutcome, Workspace
from ui.error_text import error_text
from ui.operations import ServiceOp
from ui.watchlists.file_field import SpreadsheetField
from ui.watchlists.hits_model import HIT_ROLE, SORT_ROLE, HitColumn, HitsModel
from ui.watchlists.match_summary import summary_text
from ui.watchlists.progress_panel import CancelledError, ProgressPanel
from ui.watchlists.watchlist_text import KINDS, target_name
from ui.widgets.retranslatable import Retranslatable


@dataclass(frozen=True)
class MatchOutcome:
    hits: list[Hit]
    #: entry id → display value, for the results and the summary.
    displays: dict[str, str]
    manifest_rows: int


class MatchWizard(Retranslatable, QDialog):
    #: The summary message was stored (the :class:`SendOutcome`).
    summary_posted = Signal(object)
    #: The officer asked for a report about a hit (the :class:`Hit`): "Create report…".
    create_report_requested = Signal(object)

    FILE_PAGE, COLUMNS_PAGE, RESULTS_PAGE = range(3)

    def __init__(self, workspace: Workspace, channel_id: str, list_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistMatchWizard")
        self._workspace = workspace
        self._channel_id = channel_id
        self.list_name = list_name
        self.manifest: Manifest | None = None
        self.manifest_path: Path | None = None
        self.outcome: MatchOutcome | None = None
        self._generation = 0

        self.pages = QStackedWidget(self)
        # Page 1: the file.
        file_page = QWidget(self.pages)
        self.file_intro = QLabel(file_page)
        self.file_intro.setWordWrap(True)
        self.file_field = SpreadsheetField(file_page)
        self.file_label = QLabel(file_page)
        self.file_label.setBuddy(self.file_field.path_edit)
        self.read_button = QPushButton(file_page)
        self.read_button.setObjectName("matchReadColumns")
        self.file_problem = QLabel(file_page)
        self.file_problem.setObjectName("matchFileProblem")
        self.file_problem.setWordWrap(True)
        self.file_problem.setProperty("role", "error")
        form = QFormLayout()
        form.addRow(self.file_label, self.file_field)
        file_layout = QVBoxLayout(file_page)
        file_layout.addWidget(self.file_intro)
        file_layout.addLayout(form)
        file_layout.addWidget(self.file_problem)
        file_layout.addStretch(1)
        file_layout.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignRight)
        self.pages.addWidget(file_page)

        # Page 2: the columns.
        columns_page = QWidget(self.pages)
        self.columns_intro = QLabel(columns_page)
        self.columns_intro.setWordWrap(True)
        self.columns_table = QTableWidget(columns_page)
        self.columns_table.setObjectName("matchColumns")
        self.columns_table.setColumnCount(3)
        self.columns_table.verticalHeader().hide()
        self.columns_table.setTabKeyNavigation(False)
        self.columns_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.columns_table.horizontalHeader().setStretchLastSection(True)
        self.columns_back = QPushButton(columns_page)
        self.match_button = QPushButton(columns_page)
        self.match_button.setObjectName("matchRun")
        self.target_combos: list[QComboBox] = []
        row = QHBoxLayout()
        row.addWidget(self.columns_back)
        row.addStretch(1)
        row.addWidget(self.match_button)
        columns_layout = QVBoxLayout(columns_page)
        columns_layout.addWidget(self.columns_intro)
        columns_layout.addWidget(self.columns_table, 1)
        columns_layout.addLayout(row)
        self.pages.addWidget(columns_page)

        # Page 3: the results.
        results_page = QWidget(self.pages)
        self.results_summary = QLabel(results_page)
        self.results_summary.setObjectName("matchSummary")
        self.results_summary.setWordWrap(True)
        self.hits_model = HitsModel(self)
        self.hits_proxy = QSortFilterProxyModel(self)
        self.hits_proxy.setSourceModel(self.hits_model)
        self.hits_proxy.setSortRole(SORT_ROLE)
        self.results_table = QTableView(results_page)
        self.results_table.setObjectName("matchResults")
        self.results_table.setModel(self.hits_proxy)
        self.results_table.setSortingEnabled(True)
        self.results_table.sortByColumn(HitColumn.ROW, Qt.SortOrder.AscendingOrder)
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_table.setTabKeyNavigation(False)
        self.results_table.setAlternatingRowColors(True)
        self.results_table.verticalHeader().hide()
        self.results_table.horizontalHeader().setStretchLastSection(True)
        self.results_back = QPushButton(results_page)
        self.export_button = QPushButton(results_page)
        self.export_button.setObjectName("matchExport")
        self.post_button = QPushButton(results_page)
        self.post_button.setObjectName("matchPostSummary")
        self.report_button = QPushButton(results_page)
        self.report_button.setObjectName("matchCreateReport")
        self.post_status = QLabel(results_page)
        self.post_status.setObjectName("matchPostStatus")
        self.post_status.setWordWrap(True)
        results_row = QHBoxLayout()
        results_row.addWidget(self.results_back)
        results_row.addStretch(1)
        results_row.addWidget(self.report_button)
        results_row.addWidget(self.export_button)
        results_row.addWidget(self.post_button)
        results_layout = QVBoxLayout(results_page)
        results_layout.addWidget(self.results_summary)
        results_layout.addWidget(self.results_table, 1)
        results_layout.addWidget(self.post_status)
        results_layout.addLayout(results_row)
        self.pages.addWidget(results_page)

        self.progress = ProgressPanel(self)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("matchClose")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

        self.file_field.changed.connect(self._update_buttons)
        self.read_button.clicked.connect(self.read_columns)
        self.columns_back.clicked.connect(lambda: self._go(self.FILE_PAGE))
        self.results_back.clicked.connect(lambda: self._go(self.COLUMNS_PAGE))
        self.match_button.clicked.connect(self.run_match)
        self.export_button.clicked.connect(self.choose_export_file)
        self.post_button.clicked.connect(self.post_summary)
        self.report_button.clicked.connect(self.request_report)
        self.results_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.results_table.doubleClicked.connect(self.request_report)
        self.close_button.clicked.connect(self.reject)
        self.progress.cancelled.connect(self._cancelled)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 132, metrics.height() * 30)
        self.retranslate()
        self._update_buttons()

    # -- navigation -------------------------------------------------------------------------

    def _go(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self._update_buttons()
        focus = {self.FILE_PAGE: self.file_field.path_edit,
                 self.COLUMNS_PAGE: self.columns_table,
                 self.RESULTS_PAGE: self.results_table}[page]
        focus.setFocus()

    def _update_buttons(self) -> None:
        busy = self.progress.running
        self.read_button.setEnabled(self.file_field.path is not None and not busy)
        self.match_button.setEnabled(bool(self.mapping()) and not busy)
        has_hits = self.outcome is not None and bool(self.outcome.hits)
        self.export_button.setEnabled(has_hits and not busy)
        self.post_button.setEnabled(self.outcome is not None and not busy)
        self.report_button.setEnabled(has_hits and not busy and self.selected_hit() is not None)

    # -- step 1: read the manifest ------------------------------------------------------------

    def read_columns(self) -> None:
        path = self.file_field.path
        if path is None:
            return
        self._generation += 1
        generation = self._generation
        self.file_problem.clear()
        self.progress.begin(self.tr("Reading {file}…").format(file=path.name))
        self._update_buttons()
        service = self._workspace.watchlists
        (ServiceOp(self, lambda: service.read_manifest(path))
         .success(lambda manifest: self._columns_read(generation, path, manifest))
         .failure(lambda error: self._failed(generation, error))
         .run_in_background())

    def _columns_read(self, generation: int, path: Path, manifest: Manifest) -> None:
        if generation != self._generation:
            return
        self.progress.end()
        self.manifest, self.manifest_path = manifest, path
        header, rows = manifest.table.header, manifest.table.rows
        self.columns_table.setRowCount(len(header))
        self.target_combos = []
        for index, name in enumerate(header):
            self.columns_table.setItem(index, 0, QTableWidgetItem(name))
            sample = next((row[index] for row in rows[:20] if row[index].strip()), "")
            self.columns_table.setItem(index, 1, QTableWidgetItem(sample))
            combo = QComboBox(self.columns_table)
            combo.setObjectName(f"matchTarget{index}")
            combo.addItem("", None)
            for kind in KINDS:
                combo.addItem("", str(kind))
            guessed = manifest.mapping.get(index)
            combo.setCurrentIndex(0 if guessed is None else KINDS.index(guessed) + 1)
            combo.currentIndexChanged.connect(self._update_buttons)
            self.columns_table.setCellWidget(index, 2, combo)
            self.target_combos.append(combo)
        previous: QWidget = self.columns_table
        for combo in self.target_combos:
            self.setTabOrder(previous, combo)
            previous = combo
        self.setTabOrder(previous, self.columns_back)
        self.setTabOrder(self.columns_back, self.match_button)
        self._retranslate_columns()
        self.columns_table.resizeRowsToContents()
        self._go(self.COLUMNS_PAGE)

    def mapping(self) -> dict[int, Kind]:
        """The officer's mapping: column index → target, unmatched columns left out."""
        found: dict[int, Kind] = {}
        for index, combo in enumerate(self.target_combos):
            data = combo.currentData()
            if data:
                found[index] = Kind(data)
        return found

    def set_target(self, column: int, target: Kind | None) -> None:
        combo = self.target_combos[column]
        combo.setCurrentIndex(0 if target is None else KINDS.index(target) + 1)

    # -- step 2: match ---------------------------------------------------------------------------

    def run_match(self) -> None:
        manifest = self.manifest
        mapping = self.mapping()
        if manifest is None or not mapping:
            return
        self._generation += 1
        generation = self._generation
        stop = self.progress.begin(self.tr("Matching {rows} rows against {list}…").format(
            rows=len(manifest.table.rows), list=self.list_name), len(mapping))
        self._update_buttons()
        service, channel_id, list_name = (self._workspace.watchlists, self._channel_id,
                                          self.list_name)
        edited = Manifest(manifest.table, mapping)

        def match(report: object) -> MatchOutcome:
            def progress(done: int, total: int) -> None:
                report((done, total))  # type: ignore[operator]
                if stop.is_set():
                    raise CancelledError()
            result = service.match_table(channel_id, list_name, edited, progress=progress)
            state = service.state(channel_id)
            displays = {hit.entry_id: entry.display for hit in result.hits
                        if (entry := state.entry(hit.entry_id)) is not None}
            return MatchOutcome(result.hits, displays, len(edited.table.rows))

        (ServiceOp.reporting(self, match)
         .on_report(lambda value: self._progressed(generation, value))
         .success(lambda outcome: self._matched(generation, outcome))
         .failure(lambda error: self._failed(generation, error))
         .run_in_background())

    def _progressed(self, generation: int, value: object) -> None:
        if generation == self._generation and isinstance(value, tuple):
            self.progress.step(*value)

    def _matched(self, generation: int, outcome: MatchOutcome) -> None:
        if generation != self._generation:
            return
        self.progress.end()
        self.outcome = outcome
        self.hits_model.set_hits(outcome.hits, outcome.displays)
        self.results_table.resizeColumnsToContents()
        self.post_status.clear()
        self._retranslate_results()
        self._go(self.RESULTS_PAGE)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self.progress.end()
        if isinstance(error, CancelledError):
            return
        text = error_text(error) if isinstance(error, LiaisonError) else str(error)
        if self.pages.currentIndex() == self.RESULTS_PAGE:
            self.post_status.setText(text)
        else:
            self.file_problem.setText(text)
            self._go(self.FILE_PAGE)
        self._update_buttons()

    def _cancelled(self) -> None:
        self._generation += 1
        self._update_buttons()

    # -- step 3: results -------------------------------------------------------------------------

    def selected_hit(self) -> Hit | None:
        indexes = self.results_table.selectionModel().selectedRows()
        if not indexes:
            return None
        hit = indexes[0].data(HIT_ROLE)
        return hit if isinstance(hit, Hit) else None

    def request_report(self, *_args: object) -> None:
        """"Create report…": a warning about the selected hit (the shell opens the form)."""
        hit = self.selected_hit()
        if hit is not None:
            self.create_report_requested.emit(hit)

    def choose_export_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export match results"), "matches.csv", self.tr("CSV (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        outcome = self.outcome
        if outcome is None:
            return
        hits, service = outcome.hits, self._workspace.watchlists
        (ServiceOp(self, lambda: service.hits_csv(hits, path))
         .success(lambda _none: self.post_status.setText(
             self.tr("Saved {count} hits to {file}").format(count=len(hits),
                                                            file=path.name)))
         .failure(lambda error: self._failed(self._generation, error))
         .run_in_background())

    def summary(self) -> str:
        outcome, path = self.outcome, self.manifest_path
        assert outcome is not None
        assert path is not None
        return summary_text(self.list_name, path.name, outcome.manifest_rows, outcome.hits,
                            outcome.displays)

    def post_summary(self) -> None:
        if self.outcome is None:
            return
        text, channel_id, sending = self.summary(), self._channel_id, self._workspace.sending
        self._generation += 1
        generation = self._generation
        self.progress.begin(self.tr("Posting the summary…"))
        self.progress.cancel_button.setEnabled(False)
        self._update_buttons()
        (ServiceOp(self, lambda: sending.send_text(channel_id, text, deliver=False))
         .success(lambda outcome: self._posted(generation, outcome))
         .failure(lambda error: self._failed(generation, error))
         .run_in_background())

    def _posted(self, generation: int, outcome: SendOutcome) -> None:
        self.progress.end()
        self.post_status.setText(self.tr("Summary posted to the operation."))
        self._update_buttons()
        self.summary_posted.emit(outcome)

    # -- language --------------------------------------------------------------------------------

    def _retranslate_columns(self) -> None:
        self.columns_table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("First value"), self.tr("Match as")])
        for index, combo in enumerate(self.target_combos):
            combo.setItemText(0, target_name(None))
            for position, kind in enumerate(KINDS, start=1):
                combo.setItemText(position, target_name(kind))
            name = self.columns_table.item(index, 0)
            combo.setAccessibleName(self.tr("Match column {name} as").format(
                name="" if name is None else name.text()))

    def _retranslate_results(self) -> None:
        outcome = self.outcome
        self.hits_model.retranslate()
        if outcome is None:
            self.results_summary.clear()
            return
        self.results_summary.setText(self.tr(
            "{hits} hits in {rows} of {total} rows of {file}, against {list}.").format(
                hits=len(outcome.hits), rows=len({hit.row for hit in outcome.hits}),
                total=outcome.manifest_rows,
                file="" if self.manifest_path is None else self.manifest_path.name,
                list=self.list_name))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Match a manifest against {list}").format(
            list=self.list_name))
        self.file_intro.setText(self.tr(
            "Choose a manifest (CSV or XLSX). Its columns are matched against the list's "
            "active entries; the next step shows which column is matched as what."))
        self.file_label.setText(self.tr("&Manifest:"))
        self.read_button.setText(self.tr("&Next: columns"))
        self.read_button.setAccessibleName(self.tr("Read the manifest's columns"))
        self.columns_intro.setText(self.tr(
            "Each column's target was guessed from its name; change any that is wrong."))
        self.columns_table.setAccessibleName(self.tr("Manifest columns"))
        self.columns_back.setText(self.tr("&Back"))
        self.columns_back.setAccessibleName(self.tr("Back"))
        self.match_button.setText(self.tr("&Match"))
        self.match_button.setAccessibleName(self.tr("Match"))
        self.results_table.setAccessibleName(self.tr("Match results"))
        self.results_back.setText(self.tr("&Back"))
        self.results_back.setAccessibleName(self.tr("Back"))
        self.export_button.setText(self.tr("&Export CSV…"))
        self.export_button.setAccessibleName(self.tr("Export results as CSV"))
        self.post_button.setText(self.tr("&Post summary"))
        self.post_button.setAccessibleName(self.tr("Post summary to the operation"))
        self.report_button.setText(self.tr("Create &report…"))
        self.report_button.setAccessibleName(self.tr("Create a warning report from the "
                                                     "selected hit"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self._retranslate_columns()
        self._retranslate_results()
