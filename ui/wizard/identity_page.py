"""Page 1: the officer's name and agency, as colleagues will see them."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ui.widgets.inline_message import InlineMessage
from ui.wizard.page import TranslatedPage

MAX_FIELD_CHARS = 120


class IdentityPage(TranslatedPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("person", parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(MAX_FIELD_CHARS)
        self.agency_edit = QLineEdit(self)
        self.agency_edit.setMaxLength(MAX_FIELD_CHARS)
        self.error = InlineMessage(self)
        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._intro.setProperty("role", "muted")
        self._name_label = QLabel(self)
        self._name_label.setBuddy(self.name_edit)
        self._agency_label = QLabel(self)
        self._agency_label.setBuddy(self.agency_edit)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        form.addRow(self._name_label, self.name_edit)
        form.addRow(self._agency_label, self.agency_edit)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.setTabOrder(self.name_edit, self.agency_edit)
        self.name_edit.textEdited.connect(self.error.clear_message)
        self.agency_edit.textEdited.connect(self.error.clear_message)
        self.retranslate()

    def retranslate(self) -> None:
        self.set_heading(self.tr("Welcome to Liaison"),
                         self.tr("Set up this computer for secure operation channels."))
        self._intro.setText(self.tr(
            "Colleagues in your operations see your name and agency next to every "
            "message you send. Use the form your counterparts know you by."))
        self._name_label.setText(self.tr("&Your name"))
        self._agency_label.setText(self.tr("&Agency and post"))
        self.name_edit.setPlaceholderText(self.tr("e.g. Li Wei"))
        self.agency_edit.setPlaceholderText(self.tr("e.g. Guangzhou Customs, Huangpu Port"))
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.agency_edit.setAccessibleName(self.tr("Agency and post"))

    @property
    def officer_name(self) -> str:
        return self.name_edit.text().strip()

    @property
    def agency(self) -> str:
        return self.agency_edit.text().strip()

    def validatePage(self) -> bool:
        if not self.officer_name:
            self.error.show_message(self.tr("Enter your name."))
            self.name_edit.setFocus()
            return False
        if not self.agency:
            self.error.show_message(self.tr("Enter your agency."))
            self.agency_edit.setFocus()
            return False
        self.error.clear_message()
        return True
