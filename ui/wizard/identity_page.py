"""Page 1: the officer's name and agency, as colleagues will see them; or, for someone
without an enrollment token yet, a way to try Liaison on a demo workspace first.

The demo is a secondary action at the foot of the page, apart from the form:
it creates nothing here (the demo lives in a directory of its own, see
:mod:`liaison_client.demo_workspace`), and the wizard offers it only on this
first page, before the officer has typed anything worth keeping.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui.widgets.inline_message import InlineMessage
from ui.wizard.page import TranslatedPage

MAX_FIELD_CHARS = 120


class IdentityPage(TranslatedPage):
    #: "Try a demo workspace" was pressed.
    demo_requested = Signal()

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
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setProperty("role", "rule")
        self._demo_intro = QLabel(self)
        self._demo_intro.setWordWrap(True)
        self._demo_intro.setProperty("role", "muted")
        self.demo_button = QPushButton(self)
        self.demo_button.clicked.connect(self.demo_requested)
        demo_row = QHBoxLayout()
        demo_row.setSpacing(12)
        demo_row.addWidget(self._demo_intro, 1)
        demo_row.addWidget(self.demo_button)
        self.body.addWidget(rule)
        self.body.addLayout(demo_row)
        self.setTabOrder(self.name_edit, self.agency_edit)
        self.setTabOrder(self.agency_edit, self.demo_button)
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
        self._demo_intro.setText(self.tr(
            "No enrollment token yet? Look around a demo workspace first: invented "
            "colleagues on a relay that runs on this computer only. Your own profile is "
            "not created and nothing leaves this computer."))
        self.demo_button.setText(self.tr("Try a &demo workspace"))
        self.demo_button.setAccessibleName(self.tr("Try a demo workspace"))
        self.demo_button.setAccessibleDescription(self._demo_intro.text())

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
