"""Add or edit one watch-list entry, validated as the officer types.

Every keystroke runs the kind's validator (``registry.normalise``, pure and in
memory, so it runs on the GUI thread: no I/O, microseconds) and shows
the reason in the officer's language under the field ("check digit should be 5",
"HS heading 3999 does not exist in HS 2022"); OK stays disabled while the value is
invalid. A company shows its optional USCC and EORI; a USCC whose GB 32100 check
fails is a *warning* (the entry is stored and flagged, issue 14), not a refusal.
Saving goes through the screen's ServiceOp; a refusal of the merge ("already
listed", naming the entry; list locked) comes back into :meth:`show_refusal`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.watchlists.kinds.registry import normalise
from liaison_client.watchlists.kinds.value import Flag, Kind
from liaison_client.workspace.watchlists import Entry
from ui.error_text import error_text
from ui.watchlists.watchlist_text import KINDS, kind_example, kind_name
from ui.widgets.retranslatable import Retranslatable


@dataclass(frozen=True)
class EntryDraft:
    """What the dialog asks the service to store (add or update)."""

    list_name: str
    kind: str
    value: str
    uscc: str | None = None
    eori: str | None = None
    note: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    expires: str | None = None


class EntryDialog(Retranslatable, QDialog):
    #: The officer pressed Save with a valid value: the :class:`EntryDraft`.
    submitted = Signal(object)

    def __init__(self, list_names: list[str], current_list: str | None,
                 parent: QWidget | None = None, *, entry: Entry | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistEntryDialog")
        self.entry = entry
        self.setModal(True)

        self.list_edit = QComboBox(self)
        self.list_edit.setObjectName("entryList")
        self.list_edit.setEditable(True)
        self.list_edit.addItems(list_names)
        self.list_label = QLabel(self)
        self.list_label.setBuddy(self.list_edit)

        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("entryKind")
        for kind in KINDS:
            self.kind_combo.addItem("", str(kind))
        self.kind_label = QLabel(self)
        self.kind_label.setBuddy(self.kind_combo)

        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("entryValue")
        self.value_label = QLabel(self)
        self.value_label.setBuddy(self.value_edit)
        self.value_problem = QLabel(self)
        self.value_problem.setObjectName("entryValueProblem")
        self.value_problem.setWordWrap(True)
        self.value_problem.setProperty("role", "error")
        self.value_problem.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)

        self.uscc_edit = QLineEdit(self)
        self.uscc_edit.setObjectName("entryUscc")
        self.uscc_label = QLabel(self)
        self.uscc_label.setBuddy(self.uscc_edit)
        self.eori_edit = QLineEdit(self)
        self.eori_edit.setObjectName("entryEori")
        self.eori_label = QLabel(self)
        self.eori_label.setBuddy(self.eori_edit)

        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("entryNote")
        self.note_label = QLabel(self)
        self.note_label.setBuddy(self.note_edit)
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setObjectName("entryTags")
        self.tags_label = QLabel(self)
        self.tags_label.setBuddy(self.tags_edit)

        self.expires_check = QCheckBox(self)
        self.expires_check.setObjectName("entryExpiresCheck")
        self.expires_edit = QDateEdit(self)
        self.expires_edit.setObjectName("entryExpires")
        self.expires_edit.setCalendarPopup(True)
        self.expires_edit.setDisplayFormat("yyyy-MM-dd")
        self.expires_edit.setDate(QDate.currentDate().addMonths(6))
        self.expires_edit.setEnabled(False)
        self.expires_check.toggled.connect(self.expires_edit.setEnabled)

        self.refusal = QLabel(self)
        self.refusal.setObjectName("entryRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setProperty("role", "error")
        self.refusal.hide()

        # Own buttons, not standard ones: a button box re-reads a standard button's
        # text from Qt's catalogue on a language change, over ours.
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("entrySave")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.list_label, self.list_edit)
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.value_label, self.value_edit)
        form.addRow("", self.value_problem)
        form.addRow(self.uscc_label, self.uscc_edit)
        form.addRow(self.eori_label, self.eori_edit)
        form.addRow(self.note_label, self.note_edit)
        form.addRow(self.tags_label, self.tags_edit)
        form.addRow(self.expires_check, self.expires_edit)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)

        if current_list is not None:
            self.list_edit.setCurrentText(current_list)
        if entry is not None:
            self._fill(entry)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        for edit in (self.value_edit, self.uscc_edit, self.eori_edit):
            edit.textChanged.connect(self.validate)
        self.list_edit.currentTextChanged.connect(self.validate)
        self.retranslate()
        self._kind_changed()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def _fill(self, entry: Entry) -> None:
        self.list_edit.setEnabled(False)
        self.kind_combo.setCurrentIndex(KINDS.index(entry.kind))
        self.value_edit.setText(entry.display)
        self.uscc_edit.setText(entry.identifiers.get("uscc", ""))
        self.eori_edit.setText(entry.identifiers.get("eori", ""))
        self.note_edit.setText(entry.note)
        self.tags_edit.setText("; ".join(entry.tags))
        if entry.expires is not None:
            self.expires_check.setChecked(True)
            self.expires_edit.setDate(QDate(entry.expires.year, entry.expires.month,
                                            entry.expires.day))

    @property
    def kind(self) -> Kind:
        return Kind(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        company = self.kind is Kind.COMPANY
        for widget in (self.uscc_edit, self.uscc_label, self.eori_edit, self.eori_label):
            widget.setVisible(company)
        self.value_edit.setPlaceholderText(kind_example(self.kind))
        self.validate()

    def validate(self) -> bool:
        """Check the value as typed; show why not; Save only when valid."""
        self.refusal.hide()
        value = self.value_edit.text()
        company = self.kind is Kind.COMPANY
        problem, warning = "", ""
        if not value.strip():
            problem = ""
            valid = False
        else:
            try:
                normalised = normalise(self.kind, value,
                                       uscc=self.uscc_edit.text() if company else None,
                                       eori=self.eori_edit.text() if company else None)
            except LiaisonError as error:
                problem, valid = error_text(error), False
            else:
                valid = True
                if Flag.USCC_CHECK_FAILED in normalised.flags:
                    warning = self.tr("The USCC's check character does not match: the "
                                      "entry will be stored and flagged.")
                elif Flag.HS_NATIONAL in normalised.flags:
                    warning = self.tr("National code under HS subheading {code}.").format(
                        code=normalised.display[:7])
        valid = valid and bool(self.list_edit.currentText().strip())
        self.value_problem.setText(problem or warning)
        self.value_problem.setProperty("role", "error" if problem else "warning")
        self.value_problem.setVisible(bool(problem or warning))
        self.value_edit.setAccessibleDescription(problem or warning)
        self.save_button.setEnabled(valid)
        return valid

    def draft(self) -> EntryDraft:
        company = self.kind is Kind.COMPANY
        tags = tuple(tag.strip() for tag in self.tags_edit.text().replace("；", ";").split(";")
                     if tag.strip())
        expires = (self.expires_edit.date().toString("yyyy-MM-dd")
                   if self.expires_check.isChecked() else None)
        return EntryDraft(
            list_name=self.list_edit.currentText().strip(), kind=str(self.kind),
            value=self.value_edit.text(),
            uscc=(self.uscc_edit.text().strip() or None) if company else None,
            eori=(self.eori_edit.text().strip() or None) if company else None,
            note=self.note_edit.text().strip(), tags=tags, expires=expires)

    def _submit(self) -> None:
        if self.validate():
            self.save_button.setEnabled(False)
            self.submitted.emit(self.draft())

    def show_refusal(self, text: str) -> None:
        """The service refused the edit (already listed, locked): say so, keep the fields."""
        self.refusal.setText(text)
        self.refusal.show()
        self.save_button.setEnabled(True)
        self.value_edit.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit entry") if self.entry is not None
                            else self.tr("Add entry"))
        self.list_label.setText(self.tr("&List:"))
        self.kind_label.setText(self.tr("&Kind:"))
        self.value_label.setText(self.tr("&Value:"))
        self.uscc_label.setText(self.tr("&USCC (optional):"))
        self.eori_label.setText(self.tr("&EORI (optional):"))
        self.note_label.setText(self.tr("&Note:"))
        self.tags_label.setText(self.tr("&Tags (separated by ;):"))
        self.expires_check.setText(self.tr("E&xpires on:"))
        for index, kind in enumerate(KINDS):
            self.kind_combo.setItemText(index, kind_name(kind))
        self.value_edit.setPlaceholderText(kind_example(self.kind))
        self.save_button.setText(self.tr("&Save"))
        self.cancel_button.setText(self.tr("Cancel"))
        names = {self.list_edit: self.tr("List"), self.kind_combo: self.tr("Kind"),
                 self.value_edit: self.tr("Value"), self.uscc_edit: self.tr("USCC"),
                 self.eori_edit: self.tr("EORI"), self.note_edit: self.tr("Note"),
                 self.tags_edit: self.tr("Tags"), self.expires_check: self.tr("Expires"),
                 self.expires_edit: self.tr("Expiry date"), self.save_button: self.tr("Save"),
                 self.cancel_button: self.tr("Cancel")}
        for widget, name in names.items():
            widget.setAccessibleName(name)
        line = self.list_edit.lineEdit()
        if line is not None:
            line.setAccessibleName(self.tr("List"))
        date_line = self.expires_edit.findChild(QLineEdit)
        if date_line is not None:
            date_line.setAccessibleName(self.tr("Expiry date"))
        if self.value_edit.text():
            self.validate()
