"""Operation menu → "Export transcript…": the signed transcript of the open operation
into a new folder (docs/TRANSCRIPT.md), on the service thread, with progress and Cancel.

* **Where.** "Save in" is a folder (Choose… opens the system's folder picker); the
  last one used is remembered (``QSettings`` key ``transcripts/last_folder``: a path
  the officer chose, not operation content), the first default is the Documents
  folder. "Folder name" proposes ``Transcript <operation> <date>``; the transcript
  goes into that new folder. A folder that already holds files is refused by the
  service (``transcript.folder_not_empty``), translated, nothing written.
* **Period.** Optional, inclusive UTC days (the CLI's ``--from`` / ``--to``).
* **Attachments.** Off by default, as in the CLI (``--attachments``): with it, every
  attachment and seizure photo is downloaded from the relay, decrypted and written
  into ``attachments/`` beside the record (so the export needs the relay); without
  it, transcript.json lists each by name, size and SHA-256 only.
* **Progress.** The service reports ``(stage, done, total)`` (JSON, PDF, signing)
  through :meth:`ServiceOp.reporting`; the bar shows messages done of the total.
* **Cancel** sets a flag the export polls between messages
  (``TranscriptsService.export(cancelled=...)``): it stops at the next message, the
  half-built ``.NAME.partial`` folder is deleted by the service, and nothing that looks
  like a transcript is left (decision: no half folder, not a marked one — a marked
  folder is one more thing an officer could hand over by mistake).
* **Done.** The folder and the SHA-256 of ``transcript.json`` (what every PDF page
  footer carries, to read out to a recipient), and "Open folder".
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QSettings,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.attachment_names import safe_file_name
from liaison_client.errors import LiaisonError
from liaison_client.workspace import ChannelSummary, Workspace
from liaison_client.workspace.transcripts import (
    ExportCancelledError,
    ExportedFolder,
    ExportRequest,
    ExportStage,
)
from ui.error_text import error_text
from ui.operations import ServiceOp, failure_message
from ui.theme import current_colours
from ui.widgets.buttons import mark_primary
from ui.widgets.copyable_field import CopyableField
from ui.widgets.retranslatable import Retranslatable

LAST_FOLDER_KEY = "transcripts/last_folder"


def default_parent_folder(settings: QSettings) -> Path:
    """The folder last exported into, else Documents (else home)."""
    last = settings.value(LAST_FOLDER_KEY, "", str)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def default_folder_name(channel: ChannelSummary, today: dt.date | None = None) -> str:
    day = (today or dt.date.today()).isoformat()
    return safe_file_name(QCoreApplication.translate(
        "TranscriptExportDialog", "Transcript {operation} {date}").format(
            operation=channel.name, date=day))


class TranscriptExportDialog(Retranslatable, QDialog):
    """Shown with ``open()`` (window-modal); the export runs on the service thread."""

    #: The export finished: the :class:`ExportedFolder`.
    exported = Signal(object)
    #: The export stopped on Cancel (nothing was left behind).
    cancelled = Signal()

    FORM, RUNNING, DONE = range(3)

    def __init__(self, workspace: Workspace, channel: ChannelSummary,
                 parent: QWidget | None = None, *, settings: QSettings | None = None,
                 open_folder: Callable[[Path], object] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptExportDialog")
        self._workspace = workspace
        self.channel = channel
        self._settings = settings if settings is not None else QSettings()
        self.open_folder = open_folder or (
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        self._stop = threading.Event()
        self.result_folder: ExportedFolder | None = None
        self.stage: ExportStage | None = None

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.pages = QStackedWidget(self)

        # The form.
        form_page = QWidget(self.pages)
        self.parent_edit = QLineEdit(str(default_parent_folder(self._settings)), form_page)
        self.parent_edit.setObjectName("transcriptParent")
        self.choose_button = QPushButton(form_page)
        self.choose_button.setObjectName("transcriptChoose")
        parent_row = QHBoxLayout()
        parent_row.addWidget(self.parent_edit, 1)
        parent_row.addWidget(self.choose_button)
        self.parent_label = QLabel(form_page)
        self.parent_label.setBuddy(self.parent_edit)
        self.name_edit = QLineEdit(default_folder_name(channel), form_page)
        self.name_edit.setObjectName("transcriptName")
        self.name_label = QLabel(form_page)
        self.name_label.setBuddy(self.name_edit)
        self.period_check = QCheckBox(form_page)
        self.period_check.setObjectName("transcriptPeriod")
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today.addDays(-30), form_page)
        self.from_edit.setObjectName("transcriptFrom")
        self.to_edit = QDateEdit(today, form_page)
        self.to_edit.setObjectName("transcriptTo")
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.from_label = QLabel(form_page)
        self.from_label.setBuddy(self.from_edit)
        self.to_label = QLabel(form_page)
        self.to_label.setBuddy(self.to_edit)
        period_row = QHBoxLayout()
        period_row.addWidget(self.from_label)
        period_row.addWidget(self.from_edit)
        period_row.addWidget(self.to_label)
        period_row.addWidget(self.to_edit)
        period_row.addStretch(1)
        self.attachments_check = QCheckBox(form_page)
        self.attachments_check.setObjectName("transcriptAttachments")
        self.problem = QLabel(form_page)
        self.problem.setObjectName("transcriptProblem")
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "field-error")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.parent_label, parent_row)
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.period_check)
        form.addRow(period_row)
        form.addRow(self.attachments_check)
        form_layout = QVBoxLayout(form_page)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(form)
        form_layout.addWidget(self.problem)
        form_layout.addStretch(1)
        self.pages.addWidget(form_page)

        # Running.
        running_page = QWidget(self.pages)
        self.progress_label = QLabel(running_page)
        self.progress_label.setObjectName("transcriptProgressLabel")
        self.progress_label.setWordWrap(True)
        self.progress_bar = QProgressBar(running_page)
        self.progress_bar.setObjectName("transcriptProgress")
        self.progress_bar.setRange(0, 0)
        running_layout = QVBoxLayout(running_page)
        running_layout.setContentsMargins(0, 0, 0, 0)
        running_layout.addWidget(self.progress_label)
        running_layout.addWidget(self.progress_bar)
        running_layout.addStretch(1)
        self.pages.addWidget(running_page)

        # Done.
        done_page = QWidget(self.pages)
        self.done_label = QLabel(done_page)
        self.done_label.setObjectName("transcriptDone")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_field = CopyableField(done_page)
        self.folder_field.setObjectName("transcriptFolder")
        self.sha_field = CopyableField(done_page, monospace=True)
        self.sha_field.setObjectName("transcriptSha256")
        self.open_button = QPushButton(done_page)
        self.open_button.setObjectName("transcriptOpenFolder")
        done_layout = QVBoxLayout(done_page)
        done_layout.setContentsMargins(0, 0, 0, 0)
        done_layout.addWidget(self.done_label)
        done_layout.addWidget(self.folder_field)
        done_layout.addWidget(self.sha_field)
        done_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        done_layout.addStretch(1)
        self.pages.addWidget(done_page)

        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("transcriptCancel")
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("transcriptExport")
        mark_primary(self.export_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_folder)
        self.period_check.toggled.connect(self.from_edit.setEnabled)
        self.period_check.toggled.connect(self.to_edit.setEnabled)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.export_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self.open_result_folder)
        self.parent_edit.textChanged.connect(self._update_buttons)
        self.name_edit.textChanged.connect(self._update_buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 96, metrics.height() * 20)
        self._tint()
        self.retranslate()
        self._update_buttons()

    # -- the form -------------------------------------------------------------------------

    @property
    def target(self) -> Path:
        return Path(self.parent_edit.text().strip()) / self.name_edit.text().strip()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        ready = bool(self.parent_edit.text().strip() and self.name_edit.text().strip())
        self.export_button.setVisible(page == self.FORM)
        self.export_button.setEnabled(page == self.FORM and ready)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Save the transcript in"),
                                                  self.parent_edit.text())
        if chosen:
            self.parent_edit.setText(chosen)

    def request(self) -> ExportRequest:
        start = end = None
        if self.period_check.isChecked():
            start = self.from_edit.date().toString("yyyy-MM-dd")
            end = self.to_edit.date().toString("yyyy-MM-dd")
        return ExportRequest(self.channel.channel_id, self.target, start, end,
                             attachments=self.attachments_check.isChecked())

    # -- running --------------------------------------------------------------------------

    def start(self) -> None:
        """Export on the service thread; progress comes back as reports."""
        if self.pages.currentIndex() != self.FORM:
            return
        request = self.request()
        self.problem.hide()
        self._stop = threading.Event()
        stop = self._stop
        transcripts = self._workspace.transcripts

        def export(report: Callable[[object], None]) -> ExportedFolder | None:
            try:
                return transcripts.export(
                    request, cancelled=stop.is_set,
                    progress=lambda stage, done, total: report((stage, done, total)))
            except ExportCancelledError:
                return None  # the officer's choice, not a failure to log


        self.stage = None
        self.progress_bar.setRange(0, 0)
        self._go(self.RUNNING)
        self._show_progress()
        (ServiceOp.reporting(self, export)
         .on_report(self._progressed)
         .success(self._exported)
         .failure(self._failed)
         .run_in_background())

    def _progressed(self, value: object) -> None:
        if not isinstance(value, tuple) or self.pages.currentIndex() != self.RUNNING:
            return
        stage, done, total = value
        self.stage = stage
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        self._show_progress(done, total)

    def _show_progress(self, done: int = 0, total: int = 0) -> None:
        if self._stop.is_set():
            text = self.tr("Cancelling…")
        elif self.stage is ExportStage.PDF:
            text = self.tr("Writing the PDF: message {done} of {total}…")
        elif self.stage is ExportStage.SIGNING:
            text = self.tr("Signing the transcript…")
        elif self.stage is ExportStage.JSON:
            text = self.tr("Writing the record: message {done} of {total}…")
        else:
            text = self.tr("Reading the operation…")
        self.progress_label.setText(text.format(done=done, total=total))
        self.progress_bar.setAccessibleDescription(self.progress_label.text())

    def cancel(self) -> None:
        """Stop the running export at its next message (nothing is left behind)."""
        self._stop.set()
        self.cancel_button.setEnabled(False)
        self._show_progress()

    def cancel_or_close(self) -> None:
        """The Cancel / Close button: while exporting it cancels and stays to say so."""
        if self.pages.currentIndex() == self.RUNNING:
            self.cancel()
        else:
            super().reject()

    def reject(self) -> None:
        """Escape, closing the window, the idle lock: a running export is cancelled (it is
        not left running unseen) and the dialog closes at once."""
        if self.running:
            self.cancel()
        super().reject()

    @property
    def running(self) -> bool:
        return self.pages.currentIndex() == self.RUNNING

    def _exported(self, result: ExportedFolder | None) -> None:
        if result is None:
            self._stopped()
            return
        self.result_folder = result
        self._settings.setValue(LAST_FOLDER_KEY, str(result.folder.parent))
        self.folder_field.set_value(str(result.folder))
        self.sha_field.set_value(result.json_sha256)
        self._go(self.DONE)
        self.retranslate()
        self.open_button.setFocus()
        self.exported.emit(result)

    def _stopped(self) -> None:
        self._show_problem(self.tr("Export cancelled: nothing was written."), "muted")
        self.cancelled.emit()

    def _failed(self, error: Exception) -> None:
        self._show_problem(error_text(error) if isinstance(error, LiaisonError)
                           else failure_message(error), "field-error")

    def _show_problem(self, text: str, role: str) -> None:
        self._go(self.FORM)
        self.problem.setText(text)
        self.problem.setProperty("role", role)
        self.problem.style().unpolish(self.problem)
        self.problem.style().polish(self.problem)
        self.problem.show()
        self.export_button.setFocus()

    def _go(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.cancel_button.setEnabled(True)
        self.retranslate()
        self._update_buttons()

    def _tint(self) -> None:
        colour = current_colours(QApplication.instance())["muted_text"]  # type: ignore[arg-type]
        self.folder_field.set_icon_colour(colour)
        self.sha_field.set_icon_colour(colour)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)

    def open_result_folder(self) -> None:
        if self.result_folder is not None:
            self.open_folder(self.result_folder.folder)

    # -- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export transcript — {operation}").format(
            operation=self.channel.name))
        self.intro.setText(self.tr(
            "A folder with the operation's signed record (JSON and PDF), its signatures "
            "by this device and a verifier anyone can run offline."))
        self.parent_label.setText(self.tr("Save &in:"))
        self.parent_edit.setAccessibleName(self.tr("Folder to save the transcript in"))
        self.choose_button.setText(self.tr("C&hoose…"))
        self.choose_button.setAccessibleName(self.tr("Choose the folder"))
        self.name_label.setText(self.tr("Folder &name:"))
        self.name_edit.setAccessibleName(self.tr("Name of the new transcript folder"))
        self.period_check.setText(self.tr("Only a &period (UTC days)"))
        self.period_check.setAccessibleName(self.tr("Only a period"))
        self.attachments_check.setText(self.tr(
            "Include the &attachments (downloaded from the relay and decrypted)"))
        self.attachments_check.setAccessibleName(self.tr("Include the attachments"))
        self.from_label.setText(self.tr("&From:"))
        self.from_edit.setAccessibleName(self.tr("First day"))
        self.to_label.setText(self.tr("&To:"))
        self.to_edit.setAccessibleName(self.tr("Last day"))
        # The date edits' inner line edits are what Tab reaches: named like their box.
        for edit in (self.from_edit, self.to_edit):
            line = edit.findChild(QLineEdit)
            if line is not None:
                line.setAccessibleName(edit.accessibleName())
        self.progress_bar.setAccessibleName(self.tr("Export progress"))
        result = self.result_folder
        if result is not None:
            self.done_label.setText(self.tr(
                "Exported {count} messages. Give the whole folder to the recipient; the "
                "SHA-256 below is printed on every PDF page and can be read out to "
                "confirm the copy.").format(count=result.message_count))
        self.folder_field.set_caption(self.tr("Folder"), self.tr("Copy the folder path"),
                                      self.tr("Copied"))
        self.sha_field.set_caption(self.tr("SHA-256 of transcript.json"),
                                   self.tr("Copy the SHA-256"), self.tr("Copied"))
        self.open_button.setText(self.tr("&Open folder"))
        self.open_button.setAccessibleName(self.tr("Open the transcript folder"))
        self.export_button.setText(self.tr("&Export"))
        self.export_button.setAccessibleName(self.tr("Export the transcript"))
        page = self.pages.currentIndex()
        self.cancel_button.setText(self.tr("Cancel") if page != self.DONE else self.tr("Close"))
        self.cancel_button.setAccessibleName(
            self.tr("Cancel the export") if page == self.RUNNING else
            self.tr("Cancel") if page == self.FORM else self.tr("Close"))
        if page == self.RUNNING:
            self._show_progress(self.progress_bar.value(), self.progress_bar.maximum())
