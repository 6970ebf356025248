"""Page 2: the officer's name and agency, as colleagues will see them.

With a relay, the agency is not the officer's to type: the enrollment token was
issued for one exact agency, and the wizard asked the relay which one before
this page (issue 11, item 3). It is shown here read only, with a line saying
where it comes from. Without a relay (local use, or a relay too old to tell
before registering) the agency is typed, as before; IT's provisioning may still
fill or restrict it (:mod:`ui.wizard.provisioned_defaults`).
"""

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
        self.agency_source = QLabel(self)
        self.agency_source.setWordWrap(True)
        self.agency_source.setProperty("role", "hint")
        self.agency_source.hide()
        #: The agency the relay enrolls this officer for (read only), or None: typed.
        self.enrolled_agency: str | None = None
        #: The agency field as it was before a relay's agency replaced it (text, read-only).
        self._typed_agency: tuple[str, bool] | None = None

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        form.addRow(self._name_label, self.name_edit)
        form.addRow(self._agency_label, self.agency_edit)
        form.addRow(self.agency_source)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.setTabOrder(self.name_edit, self.agency_edit)
        self.name_edit.textEdited.connect(self.error.clear_message)
        self.agency_edit.textEdited.connect(self.error.clear_message)
        self.retranslate()

    def retranslate(self) -> None:
        self.set_heading(self.tr("About you"),
                         self.tr("How colleagues in your operations will see you."))
        self._intro.setText(self.tr(
            "Colleagues in your operations see your name and agency next to every "
            "message you send. Use the form your counterparts know you by."))
        self._name_label.setText(self.tr("&Your name"))
        self._agency_label.setText(self.tr("&Agency and post"))
        self.name_edit.setPlaceholderText(self.tr("e.g. Li Wei"))
        self.agency_edit.setPlaceholderText(self.tr("e.g. Guangzhou Customs, Huangpu Port"))
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.agency_edit.setAccessibleName(self.tr("Agency and post"))
        self.agency_source.setText(self.tr(
            "Set by your enrollment token: the relay enrolls you for this agency. A "
            "different agency needs a token issued for it."))
        if self.enrolled_agency is not None:
            self.agency_edit.setAccessibleDescription(self.agency_source.text())

    def set_enrolled_agency(self, agency: str | None) -> None:
        """Show the agency the relay enrolls this officer for, read only; ``None`` gives
        the field back as it was (no relay, or a relay that cannot tell in advance)."""
        if agency is not None:
            if self._typed_agency is None:
                self._typed_agency = (self.agency_edit.text(), self.agency_edit.isReadOnly())
            self.enrolled_agency = agency
            self.agency_edit.setText(agency)
            self.agency_edit.setReadOnly(True)
            self.agency_edit.setAccessibleDescription(self.agency_source.text())
            self.agency_source.show()
            return
        self.enrolled_agency = None
        self.agency_source.hide()
        if self._typed_agency is not None:
            text, read_only = self._typed_agency
            self._typed_agency = None
            self.agency_edit.setText(text)
            self.agency_edit.setReadOnly(read_only)
            self.agency_edit.setAccessibleDescription(
                self.agency_edit.toolTip() if read_only else "")

    @property
    def officer_name(self) -> str:
        return self.name_edit.text().strip()

    @property
    def agency(self) -> str:
        return self.agency_edit.text().strip()

    def initializePage(self) -> None:
        self.name_edit.setFocus()

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
