"""Import entries from a spreadsheet into a list: pick, check, see every bad line, apply.

Step 1 picks a CSV or XLSX file. "Check" reads and validates it on the service
thread (nothing stored) and lists every invalid row as ``line N: reason`` in the
officer's language. Only then is storing offered: "Import all" when every row is
valid (the CLI's all-or-nothing), or "Import only the N valid rows" — a choice
made after seeing the list, as issue 14 asks. Both run off the GUI thread with
the progress panel; Cancel during the check drops its result.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.watchlists.spreadsheets import ImportResult, RowProblem
from liaison_client.workspace import Workspace
from liaison_client.workspace.watchlists import WatchlistImport
from ui.error_text import code_text, error_text
from ui.operations import ServiceOp
from ui.watchlists.file_field import SpreadsheetField
from ui.watchlists.progress_panel import ProgressPanel
from ui.widgets.retranslatable import Retranslatable


def problem_line(problem: RowProblem) -> str:
    """``line N: reason``, the reason in the officer's language."""
    reason = code_text(problem.code, {"message": problem.reason, **problem.params})
    return QCoreApplication.translate("ImportWizard", "line {line}: {reason}").format(
        line=problem.line, reason=reason or problem.reason)


class ImportWizard(Retranslatable, QDialog):
    #: Entries were stored into the list (its name).
    imported = Signal(str)

    def __init__(self, workspace: Workspace, channel_id: str, list_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistImportWizard")
        self._workspace = workspace
        self._channel_id = channel_id
        self.list_name = list_name
        self.checked: ImportResult | None = None
        self._check_generation = 0

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.file_field = SpreadsheetField(self)
        self.file_label = QLabel(self)
        self.file_label.setBuddy(self.file_field.path_edit)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("importCheck")
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("importProblems")
        self.problems.hide()
        self.progress = ProgressPanel(self)
        self.import_all_button = QPushButton(self)
        self.import_all_button.setObjectName("importAll")
        self.import_valid_button = QPushButton(self)
        self.import_valid_button.setObjectName("importValidOnly")
        self.buttons = QDialogButtonBox(self)
        self.close_button = QPushButton(self)  # not a standard button: see EntryDialog
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.import_valid_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.import_all_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.file_label, self.file_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        self.file_field.changed.connect(self._file_changed)
        self.check_button.clicked.connect(self.check)
        self.import_all_button.clicked.connect(lambda: self.apply(valid_only=False))
        self.import_valid_button.clicked.connect(lambda: self.apply(valid_only=True))
        self.progress.cancelled.connect(self._cancelled)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        self.retranslate()
        self._update_buttons()

    def _file_changed(self) -> None:
        self.checked = None
        self.problems.clear()
        self.problems.hide()
        self.summary.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.progress.running
        result = self.checked
        self.check_button.setEnabled(self.file_field.path is not None and not busy)
        self.import_all_button.setEnabled(result is not None and result.valid
                                          and bool(result.rows) and not busy)
        self.import_valid_button.setVisible(result is not None and not result.valid)
        self.import_valid_button.setEnabled(result is not None and bool(result.rows)
                                            and not busy)
        if result is not None:
            self.import_valid_button.setText(self.tr(
                "Import only the {count} &valid rows").format(count=len(result.rows)))

    def check(self) -> None:
        path = self.file_field.path
        if path is None:
            return
        self._check_generation += 1
        generation = self._check_generation
        self.progress.begin(self.tr("Checking {file}…").format(file=path.name))
        self._update_buttons()
        service, channel_id, list_name = (self._workspace.watchlists, self._channel_id,
                                          self.list_name)
        (ServiceOp(self, lambda: service.check_import(channel_id, list_name, path))
         .success(lambda result: self._checked(generation, result))
         .failure(lambda error: self._failed(generation, error))
         .run_in_background())

    def _checked(self, generation: int, result: ImportResult) -> None:
        if generation != self._check_generation:
            return
        self.progress.end()
        self.checked = result
        self.problems.clear()
        for problem in result.problems:
            self.problems.addItem(problem_line(problem))
        self.problems.setVisible(bool(result.problems))
        if result.valid:
            self.summary.setText(self.tr("{count} rows, all valid. Nothing is stored until "
                                         "you import them.").format(count=len(result.rows)))
        else:
            self.summary.setText(self.tr(
                "{bad} rows cannot be imported (listed below); {good} rows are valid. "
                "Nothing was stored.").format(bad=len(result.problems),
                                              good=len(result.rows)))
        self._update_buttons()
        if result.problems:
            self.problems.setFocus()
        else:
            self.import_all_button.setFocus()

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._check_generation:
            return
        self.progress.end()
        self.summary.setText(error_text(error) if isinstance(error, LiaisonError)
                             else str(error))
        self._update_buttons()

    def _cancelled(self) -> None:
        # The check stores nothing: dropping its result is all a cancel needs.
        self._check_generation += 1
        self.summary.setText(self.tr("Cancelled: nothing was stored."))
        self._update_buttons()

    def apply(self, *, valid_only: bool) -> None:
        result, path = self.checked, self.file_field.path
        if result is None or path is None or not result.rows:
            return
        service, channel_id, list_name = (self._workspace.watchlists, self._channel_id,
                                          self.list_name)
        self._check_generation += 1
        generation = self._check_generation
        self.progress.begin(self.tr("Importing {count} entries…").format(
            count=len(result.rows)))
        # Storing is one transaction: once it started, Cancel can only stop waiting.
        self.progress.cancel_button.setEnabled(False)
        self._update_buttons()

        def store() -> WatchlistImport:
            if valid_only:
                return service.import_rows(channel_id, list_name, result, deliver=False)
            return service.import_file(channel_id, list_name, path)

        (ServiceOp(self, store)
         .success(lambda done: self._applied(generation, done))
         .failure(lambda error: self._failed(generation, error))
         .run_in_background())

    def _applied(self, generation: int, done: WatchlistImport) -> None:
        self.progress.end()
        self.summary.setText(self.tr("Imported {count} entries into {list}.").format(
            count=len(done.entries), list=self.list_name))
        self.checked = None
        self.problems.hide()
        self._update_buttons()
        self.imported.emit(self.list_name)
        self.close_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import into {list}").format(list=self.list_name))
        self.intro.setText(self.tr(
            "Columns: kind, value, note, tags, expires (and uscc, eori for companies); "
            "tags separated by ;. CSV in UTF-8 or GB18030, or XLSX."))
        self.file_label.setText(self.tr("&File:"))
        self.check_button.setText(self.tr("&Check file"))
        self.check_button.setAccessibleName(self.tr("Check file"))
        self.problems.setAccessibleName(self.tr("Rows that cannot be imported"))
        self.import_all_button.setText(self.tr("&Import all"))
        self.import_all_button.setAccessibleName(self.tr("Import all rows"))
        self.import_valid_button.setAccessibleName(self.tr("Import only the valid rows"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self._update_buttons()

