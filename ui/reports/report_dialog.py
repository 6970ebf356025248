"""The report form: a warning, feedback or seizure for the open operation.

Operation menu → "New report…" (Ctrl+Shift+R, from anywhere in the window, the
composer included), or "Create report…" on a watch-list match hit (a warning
prefilled from the hit, :mod:`ui.reports.hit_prefill`).

One page per kind, one :class:`~ui.reports.field_editor.FieldEditor` per field in
the schema's order (``liaison_client/reports/``: the CLI's fields, labels and rules).
Each field is checked as it is typed and says why not beside itself; Send checks the
whole form with ``build_report`` (the rule joining quantity and unit), focuses the
first wrong field, and only then hands the built :class:`Report` to the reports
service on the service thread (:class:`ServiceOp`): photos encrypted into the outbox,
the report stored as queued, the shell's sync round sends it. What only the service
can refuse (a warning that is not in this channel, a photo that is not an image)
comes back to the field or the photo list it is about, translated.

Decision: Send is never disabled for invalid input; pressing it shows every problem
at once. A disabled button does not say what is wrong, and a form that shows
"required" under every field before anything was typed reads as a list of errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.reports import SCHEMAS, Report, ReportKind, build_report
from liaison_client.reports.errors import (
    AnswersNotAWarningError,
    ReportError,
    ReportFieldError,
)
from liaison_client.reports.labels import FIELD_LABELS, KIND_LABELS
from liaison_client.workspace import ChannelSummary, SentReport, WarningChoice, Workspace
from ui.error_text import error_text
from ui.operations import ServiceOp, failure_message
from ui.reports.field_editor import FieldEditor, field_label, field_problem_text
from ui.timeline.report_card import card_language
from ui.widgets.buttons import mark_primary
from ui.widgets.retranslatable import Retranslatable

#: The kinds in the order the form offers them.
KINDS: tuple[ReportKind, ...] = (ReportKind.WARNING, ReportKind.FEEDBACK, ReportKind.SEIZURE)
#: What the photo picker offers (the receiver refuses anything not ``image/*``).
#: The service's refusals about the photos (shown under the photo list).
PHOTO_CODES = frozenset({"report.photo_unreadable", "report.photo_not_image",
                         "report.too_many_photos", "report.photos_not_allowed"})
PHOTO_FILTER = "*.jpg *.jpeg *.png *.gif *.webp *.tif *.tiff *.heic *.bmp"


class PhotoList(QListWidget):
    """The seizure's photos; image files dropped on it are added (as on the composer)."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)


class ReportDialog(Retranslatable, QDialog):
    #: The report was stored (queued; the shell's sync round sends it): :class:`SentReport`.
    sent = Signal(object)

    def __init__(self, workspace: Workspace, channel: ChannelSummary,
                 parent: QWidget | None = None, *, kind: ReportKind = ReportKind.WARNING,
                 prefill: Mapping[str, Sequence[str]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self._workspace = workspace
        self.channel = channel
        self.photos: list[Path] = []
        self.sending = False
        self.warning_choices: list[WarningChoice] = []

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.kind_label = QLabel(self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("reportKind")
        for each in KINDS:
            self.kind_combo.addItem("", str(each))
        self.kind_label.setBuddy(self.kind_combo)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_label)
        kind_row.addWidget(self.kind_combo, 1)

        self.pages = QStackedWidget(self)
        self.editors: dict[ReportKind, dict[str, FieldEditor]] = {}
        self.labels: dict[ReportKind, dict[str, QLabel]] = {}
        for each in KINDS:
            self.pages.addWidget(self._make_page(each))

        self.form_problem = QLabel(self)
        self.form_problem.setObjectName("reportFormProblem")
        self.form_problem.setWordWrap(True)
        self.form_problem.setProperty("role", "field-error")
        self.form_problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_problem.hide()
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("reportProgressLabel")
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("reportProgress")
        self.progress_bar.setRange(0, 0)
        self.progress_label.hide()
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("reportCancel")
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("reportSend")
        self.send_button.setDefault(False)
        self.send_button.setAutoDefault(False)
        mark_primary(self.send_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(kind_row)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.form_problem)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(buttons)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.cancel_button.clicked.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        self.photo_add.clicked.connect(self.choose_photos)
        self.photo_remove.clicked.connect(self.remove_photo)
        self.photo_list.itemSelectionChanged.connect(self._update_photo_buttons)
        self.photo_list.files_dropped.connect(self.add_photos)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.photo_list, self.remove_photo)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        # Ctrl+Enter sends from any field (Enter is a new line in the list boxes).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.send)

        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 40)
        self.set_kind(kind)
        if prefill:
            self.prefill(prefill)
        self.retranslate()
        self._update_photo_buttons()
        self._load_warnings()

    def _make_page(self, kind: ReportKind) -> QWidget:
        scroll = QScrollArea(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page = QWidget(scroll)
        page.setObjectName(f"reportPage_{kind}")
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        editors: dict[str, FieldEditor] = {}
        labels: dict[str, QLabel] = {}
        for spec in SCHEMAS[kind].fields:
            editor = FieldEditor(spec, page)
            label = QLabel(page)
            label.setBuddy(editor.input)
            form.addRow(label, editor)
            editors[spec.name] = editor
            labels[spec.name] = label
        if kind is ReportKind.SEIZURE:
            form.addRow(self._make_photos(page))
        self.editors[kind] = editors
        self.labels[kind] = labels
        scroll.setWidget(page)
        return scroll

    def _make_photos(self, page: QWidget) -> QWidget:
        box = QWidget(page)
        self.photo_heading = QLabel(box)
        self.photo_list = PhotoList(box)
        self.photo_list.setObjectName("reportPhotos")
        self.photo_list.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        self.photo_heading.setBuddy(self.photo_list)
        self.photo_add = QPushButton(box)
        self.photo_add.setObjectName("reportAddPhotos")
        self.photo_remove = QPushButton(box)
        self.photo_remove.setObjectName("reportRemovePhoto")
        self.photo_problem = QLabel(box)
        self.photo_problem.setObjectName("reportPhotoProblem")
        self.photo_problem.setWordWrap(True)
        self.photo_problem.setProperty("role", "field-error")
        self.photo_problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.photo_add)
        row.addWidget(self.photo_remove)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.photo_heading)
        layout.addWidget(self.photo_list)
        layout.addLayout(row)
        layout.addWidget(self.photo_problem)
        return box

    # -- kind and values ------------------------------------------------------------

    @property
    def kind(self) -> ReportKind:
        return ReportKind(self.kind_combo.currentData())

    def set_kind(self, kind: ReportKind) -> None:
        self.kind_combo.setCurrentIndex(KINDS.index(kind))
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.pages.setCurrentIndex(KINDS.index(self.kind))
        self.form_problem.hide()
        self._update_tab_order()

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [self.kind_combo]
        chain += [editor.input for editor in self.editors[self.kind].values()]
        if self.kind is ReportKind.SEIZURE:
            chain += [self.photo_list, self.photo_add, self.photo_remove]
        chain += [self.cancel_button, self.send_button]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def editor(self, name: str, kind: ReportKind | None = None) -> FieldEditor:
        return self.editors[kind or self.kind][name]

    def prefill(self, values: Mapping[str, Sequence[str]]) -> None:
        """Put ``values`` (field name → values) into the current kind's fields."""
        editors = self.editors[self.kind]
        for name, given in values.items():
            if name in editors:
                editors[name].set_texts(list(given))

    def typed(self) -> dict[str, list[str]]:
        """Field name → values as given, for ``build_report``."""
        return {name: texts for name, editor in self.editors[self.kind].items()
                if (texts := editor.texts())}

    # -- warnings a feedback answers ---------------------------------------------------

    def _load_warnings(self) -> None:
        reports, channel_id = self._workspace.reports, self.channel.channel_id
        (ServiceOp(self, lambda: reports.warnings(channel_id))
         .success(self._warnings_loaded)
         .failure(lambda error: self._show_form_problem(error))
         .run_in_background())

    def _warnings_loaded(self, choices: list[WarningChoice]) -> None:
        self.warning_choices = choices
        self.editor("answers", ReportKind.FEEDBACK).set_warnings(choices)

    def choose_answer(self, message_id: str) -> bool:
        """Choose the warning ``message_id`` as the one a feedback answers (True: listed)."""
        combo = self.editor("answers", ReportKind.FEEDBACK).input
        assert isinstance(combo, QComboBox)
        index = combo.findData(message_id)
        if index > 0:
            combo.setCurrentIndex(index)
        return index > 0

    # -- photos ----------------------------------------------------------------------

    def choose_photos(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach photos"), "",
            self.tr("Images ({patterns})").format(patterns=PHOTO_FILTER))
        if paths:
            self.add_photos([Path(p) for p in paths])

    def add_photos(self, paths: Sequence[Path]) -> None:
        for path in paths:
            if path not in self.photos:
                self.photos.append(path)
                self.photo_list.addItem(path.name)
                item = self.photo_list.item(self.photo_list.count() - 1)
                item.setToolTip(str(path))
        self.photo_problem.hide()
        self._update_photo_buttons()

    def remove_photo(self) -> None:
        row = self.photo_list.currentRow()
        if 0 <= row < len(self.photos):
            del self.photos[row]
            self.photo_list.takeItem(row)
        self.photo_problem.hide()
        self._update_photo_buttons()

    def _update_photo_buttons(self) -> None:
        self.photo_remove.setEnabled(not self.sending and bool(self.photo_list.selectedItems()))
        self.photo_add.setEnabled(not self.sending)

    # -- sending ---------------------------------------------------------------------

    def check(self) -> Report | None:
        """Show every field's problem; the built report when there is none."""
        first: FieldEditor | None = None
        for editor in self.editors[self.kind].values():
            editor.touched = True
            if editor.check() is not None and first is None:
                first = editor
        if first is None:
            try:
                return build_report(self.kind, self.typed())
            except ReportFieldError as error:
                first = self.editors[self.kind].get(error.params.get("field", ""))
                if first is None:
                    self._show_form_problem(error)
                    return None
                first.show_error(error)
            except ReportError as error:
                self._show_form_problem(error)
                return None
        first.input.setFocus()
        return None

    def send(self) -> None:
        if self.sending:
            return
        self.form_problem.hide()
        report = self.check()
        if report is None:
            return
        photos = list(self.photos) if self.kind is ReportKind.SEIZURE else []
        reports, channel_id = self._workspace.reports, self.channel.channel_id
        self._set_sending(True, bool(photos))
        (ServiceOp(self, lambda: reports.send_report(channel_id, report, photos=photos,
                                                     deliver=False))
         .success(self._sent)
         .failure(self._refused)
         .run_in_background())

    def _set_sending(self, sending: bool, photos: bool = False) -> None:
        self.sending = sending
        self.progress_label.setText(
            self.tr("Encrypting the photos and storing the report…") if photos
            else self.tr("Signing and storing the report…"))
        self.progress_label.setVisible(sending)
        self.progress_bar.setVisible(sending)
        self.pages.setEnabled(not sending)
        self.kind_combo.setEnabled(not sending)
        self.send_button.setEnabled(not sending)
        self._update_photo_buttons()

    def _sent(self, sent: SentReport) -> None:
        self._set_sending(False)
        self.sent.emit(sent)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self._set_sending(False)
        if isinstance(error, AnswersNotAWarningError):
            editor = self.editor("answers", ReportKind.FEEDBACK)
            editor.show_error(error)
            editor.input.setFocus()
        elif isinstance(error, ReportFieldError) and error.params.get("field") in \
                self.editors[self.kind]:
            editor = self.editors[self.kind][error.params["field"]]
            editor.show_error(error)
            editor.input.setFocus()
        elif isinstance(error, ReportError) and error.code in PHOTO_CODES:
            self.photo_problem.setText(error_text(error))
            self.photo_problem.show()
            self.photo_list.setFocus()
        else:
            self._show_form_problem(error)

    def _show_form_problem(self, error: Exception) -> None:
        text = (field_problem_text(error) if isinstance(error, LiaisonError)
                else failure_message(error))
        self.form_problem.setText(text)
        self.form_problem.show()

    def reject(self) -> None:
        if not self.sending:  # a report being stored is not abandoned halfway
            super().reject()

    # -- language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        language = card_language()
        self.setWindowTitle(self.tr("New report — {operation}").format(
            operation=self.channel.name))
        self.intro.setText(self.tr(
            "The report is signed by this device and sent end-to-end encrypted to the "
            "members of {operation}. Fields marked * are required.").format(
                operation=self.channel.name))
        self.kind_label.setText(self.tr("&Kind:"))
        self.kind_combo.setAccessibleName(self.tr("Kind of report"))
        for index, each in enumerate(KINDS):
            self.kind_combo.setItemText(index, KIND_LABELS[each].text(language))
        for kind in KINDS:
            for name, label in self.labels[kind].items():
                spec = self.editors[kind][name].spec
                label.setText((self.tr("{label} *:") if spec.required else
                               self.tr("{label}:")).format(label=field_label(name)))
        self.photo_heading.setText(self.tr("{label}:").format(
            label=FIELD_LABELS["photos"].text(language)))
        self.photo_list.setAccessibleName(FIELD_LABELS["photos"].text(language))
        self.photo_add.setText(self.tr("&Add photos…"))
        self.photo_add.setAccessibleName(self.tr("Add photos"))
        self.photo_remove.setText(self.tr("Re&move photo"))
        self.photo_remove.setAccessibleName(self.tr("Remove the selected photo"))
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.send_button.setText(self.tr("&Send report"))
        self.send_button.setAccessibleName(self.tr("Send report"))
        self.send_button.setToolTip(self.tr("Send report (Ctrl+Enter)"))
