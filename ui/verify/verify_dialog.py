"""The verify dialog: the safety number two officers compare, and the officer's decision.

The number itself comes from the Workspace (``liaison_client.crypto.device_trust``,
derived from both Ed25519 identity keys); this dialog shows it and reports the
officer's decision. A changed key is said loudly: verification then means
comparing again, never clicking through.

Verification is a deliberate act (issue 11): the dialog has no default button, so
Enter does not verify; "Mark as verified…" is enabled only once the officer says
how the number was compared (ticked "I compared all 60 digits", or scanned the
other Liaison's code and it matched), and it leads to a confirmation page naming
what was compared before anything is stored. A verified member can be marked not
verified again. Both decisions are logged by the service in the shared operations'
timelines.

The 60 digits are shown as Signal shows them: twelve groups of five, in a fixed grid
of three rows of four, the same at every width, scale and language. The QR code
carries them for another Liaison to scan (``qr_scan``: paste or drop a picture of it).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.workspace import ComparedBy, SafetyNumberView
from ui.theme import current_colours
from ui.verify.qr_image import qr_image
from ui.verify.qr_scan import ScanResult, ScanVerdict, qr_payload, scan_image
from ui.widgets.buttons import mark_primary
from ui.widgets.retranslatable import Retranslatable

#: Groups per row of the grid (3 rows of 4 groups of 5 digits, as Signal).
GROUPS_PER_ROW = 4


class SafetyNumberGrid(QFrame):
    """Twelve groups of five digits in a fixed 3 × 4 grid; one Tab stop, the whole
    number as its accessible description (a screen reader reads it group by group)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safetyNumber")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setHorizontalSpacing(18)
        layout.setVerticalSpacing(6)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.font().pointSizeF() * 1.3)
        self.cells: list[QLabel] = []
        for index in range(12):
            cell = QLabel(self)
            cell.setFont(mono)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(cell, index // GROUPS_PER_ROW, index % GROUPS_PER_ROW)
            self.cells.append(cell)

    def set_groups(self, groups: list[str]) -> None:
        for cell, group in zip(self.cells, groups, strict=False):
            cell.setText(group)
        self.setAccessibleDescription(" ".join(groups))

    def text(self) -> str:
        """The number as shown, groups separated by spaces."""
        return " ".join(cell.text() for cell in self.cells)


class VerifyDialog(Retranslatable, QDialog):
    #: The officer confirmed: (device id, how it was compared, the digits shown).
    verify_requested = Signal(str, str, str)
    #: The officer withdrew the verification: the device id.
    unverify_requested = Signal(str)

    COMPARE_PAGE, CONFIRM_PAGE = 0, 1

    def __init__(self, view: SafetyNumberView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setAcceptDrops(True)
        self._view = view
        self._scan: ScanResult | None = None
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._compare_page())
        self.pages.addWidget(self._confirm_page())
        self.close_button = self._button("closeVerifyButton")
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.pages)
        layout.addLayout(row)
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.activated.connect(self.paste_code)
        self.set_view(view)

    # -- construction -------------------------------------------------------------------

    def _button(self, name: str) -> QPushButton:
        """A button that Enter never presses by itself: verifying is deliberate."""
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setDefault(False)
        return button

    def _compare_page(self) -> QWidget:
        page = QWidget(self)
        self.title_label = QLabel(page)
        self.title_label.setProperty("role", "heading")
        self.explanation = QLabel(page)
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("role", "muted")
        self.number_grid = SafetyNumberGrid(page)
        self.qr_label = QLabel(page)
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paste_button = self._button("pasteCodeButton")
        self.paste_button.clicked.connect(self.paste_code)
        self.scan_label = QLabel(page)
        self.scan_label.setWordWrap(True)
        self.compared_check = QCheckBox(page)
        self.compared_check.setObjectName("comparedCheck")
        self.compared_check.toggled.connect(self._update_buttons)
        self.state_label = QLabel(page)
        self.state_label.setWordWrap(True)
        self.verify_button = self._button("markVerifiedButton")
        mark_primary(self.verify_button)
        self.verify_button.clicked.connect(self.ask_confirmation)
        self.unverify_button = self._button("markNotVerifiedButton")
        self.unverify_button.clicked.connect(
            lambda: self.unverify_requested.emit(self._view.device_id))
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.paste_button)
        scan_row.addWidget(self.scan_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.unverify_button)
        actions.addStretch(1)
        actions.addWidget(self.verify_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.explanation)
        layout.addWidget(self.number_grid, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.qr_label)
        layout.addLayout(scan_row)
        layout.addWidget(self.compared_check)
        layout.addWidget(self.state_label)
        layout.addLayout(actions)
        return page

    def _confirm_page(self) -> QWidget:
        page = QWidget(self)
        self.confirm_title = QLabel(page)
        self.confirm_title.setProperty("role", "heading")
        self.confirm_text = QLabel(page)
        self.confirm_text.setWordWrap(True)
        self.confirm_text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.back_button = self._button("verifyBackButton")
        self.back_button.clicked.connect(self.back_to_compare)
        self.confirm_button = self._button("confirmVerifiedButton")
        mark_primary(self.confirm_button)
        self.confirm_button.clicked.connect(self._confirmed)
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        actions.addWidget(self.confirm_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.confirm_title)
        layout.addWidget(self.confirm_text)
        layout.addStretch(1)
        layout.addLayout(actions)
        return page

    # -- state --------------------------------------------------------------------------

    @property
    def view(self) -> SafetyNumberView:
        return self._view

    @property
    def compared_by(self) -> ComparedBy | None:
        """How the number was compared, once the officer said so (None: not yet)."""
        if self._scan is not None and self._scan.verdict is ScanVerdict.MATCHES:
            return ComparedBy.QR_CODE
        if self.compared_check.isChecked():
            return ComparedBy.DIGITS
        return None

    def set_view(self, view: SafetyNumberView) -> None:
        changed = view.digits != self._view.digits or view.device_id != self._view.device_id
        self._view = view
        self.number_grid.set_groups(view.groups)
        self.qr_label.setPixmap(QPixmap.fromImage(qr_image(qr_payload(view.digits))))
        if changed:
            self._scan = None
            self.compared_check.setChecked(False)
        self.pages.setCurrentIndex(self.COMPARE_PAGE)
        self.retranslate()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        # Focus on the number, where Enter presses nothing.
        self.number_grid.setFocus()

    # -- scanning -----------------------------------------------------------------------

    def paste_code(self) -> None:
        """Read the other Liaison's code from an image on the clipboard."""
        self._scan_mime(QApplication.clipboard().mimeData())

    def scan(self, image: QImage) -> ScanResult:
        self._scan = scan_image(image, self._view.digits)
        self._update_scan_text()
        self._update_buttons()
        return self._scan

    def _scan_mime(self, mime: QMimeData | None) -> None:
        image = QImage()
        if mime is not None and mime.hasImage():
            image = QImage(mime.imageData())
        elif mime is not None and mime.hasUrls():
            local = next((url.toLocalFile() for url in mime.urls() if url.isLocalFile()), "")
            image = QImage(local) if local else QImage()
        self.scan(image)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasImage() or mime.hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self._scan_mime(event.mimeData())
        event.acceptProposedAction()

    # -- decisions ----------------------------------------------------------------------

    def ask_confirmation(self) -> None:
        if self.compared_by is None or not self.verify_button.isEnabled():
            return
        self.pages.setCurrentIndex(self.CONFIRM_PAGE)
        self.retranslate()
        self.confirm_text.setFocus()

    def back_to_compare(self) -> None:
        self.pages.setCurrentIndex(self.COMPARE_PAGE)
        self.verify_button.setFocus()

    def _confirmed(self) -> None:
        how = self.compared_by
        if how is None:
            return
        self.confirm_button.setEnabled(False)
        self.verify_requested.emit(self._view.device_id, str(how), self._view.digits)

    # -- text ---------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        view = self._view
        can_verify = not view.verified or view.key_changed
        self.verify_button.setEnabled(can_verify and self.compared_by is not None)
        self.compared_check.setVisible(can_verify)
        self.unverify_button.setVisible(view.verified and not view.key_changed)
        self.confirm_button.setEnabled(True)

    def _update_scan_text(self) -> None:
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        scan = self._scan
        if scan is None:
            self.scan_label.setText(self.tr(
                "Or paste (Ctrl+V) or drop a picture of their code to compare it."))
            self.scan_label.setStyleSheet("")
            return
        texts = {
            ScanVerdict.MATCHES: (self.tr("✓ Their code shows this very number."), "success"),
            ScanVerdict.DIFFERS: (self.tr(
                "✗ Their code shows a DIFFERENT number: do not verify. Someone may be "
                "in between."), "danger"),
            ScanVerdict.FOREIGN: (self.tr(
                "That QR code is not a Liaison safety number."), "danger"),
            ScanVerdict.NONE_FOUND: (self.tr(
                "No QR code could be read in that picture."), "danger"),
        }
        text, tone = texts[scan.verdict]
        self.scan_label.setText(text)
        self.scan_label.setStyleSheet(f"color: {colours[tone]}; font-weight: bold;")

    def retranslate(self) -> None:
        view = self._view
        self.setWindowTitle(self.tr("Verify {name}").format(name=view.name))
        self.title_label.setText(self.tr("{name} · {agency}").format(
            name=view.name, agency=view.agency or "-"))
        self.explanation.setText(self.tr(
            "Compare this safety number with {name}, in person or on a call you trust, or "
            "let their Liaison read your code. If every digit matches, no one is in "
            "between.").format(name=view.name))
        self.number_grid.setAccessibleName(self.tr("Safety number"))
        self.qr_label.setAccessibleName(self.tr("QR code of the safety number"))
        self.paste_button.setText(self.tr("&Paste their code"))
        self.paste_button.setAccessibleName(self.tr("Paste a picture of their code"))
        self.compared_check.setText(self.tr("&I compared all 60 digits with {name}").format(
            name=view.name))
        self.compared_check.setAccessibleName(self.tr("I compared all 60 digits"))
        if view.key_changed:
            self.state_label.setText(self.tr(
                "⚠ {name}'s key has CHANGED since you last saw it. Compare the new number "
                "before trusting any message.").format(name=view.name))
            tone = "danger"
        elif view.verified:
            self.state_label.setText(self.tr("✓ Verified"))
            tone = "success"
        else:
            self.state_label.setText(self.tr("Not verified yet"))
            tone = "muted_text"
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        self.state_label.setStyleSheet(f"color: {colours[tone]}; font-weight: bold;")
        self.verify_button.setText(self.tr("&Mark as verified…"))
        self.verify_button.setAccessibleName(self.tr("Mark as verified"))
        self.unverify_button.setText(self.tr("Mark as &not verified"))
        self.unverify_button.setAccessibleName(self.tr("Mark as not verified"))
        self.close_button.setText(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.confirm_title.setText(self.tr("Mark {name} as verified?").format(name=view.name))
        how = (self.tr("their QR code, read from a picture, shows the same 60 digits")
               if self.compared_by is ComparedBy.QR_CODE else
               self.tr("you compared all 60 digits with {name} yourself").format(
                   name=view.name))
        self.confirm_text.setText(self.tr(
            "You confirm that {how}: {number}.\n\nLiaison will trust this key of "
            "{name} ({agency}) and note your decision in the timeline of every operation "
            "you share. You can mark them as not verified later.").format(
                how=how, number=self.number_grid.text(), name=view.name,
                agency=view.agency or "-"))
        self.confirm_text.setAccessibleName(self.tr("What you confirm"))
        self.back_button.setText(self.tr("&Back"))
        self.back_button.setAccessibleName(self.tr("Back"))
        self.confirm_button.setText(self.tr("&Mark as verified"))
        self.confirm_button.setAccessibleName(self.tr("Confirm: mark as verified"))
        self._update_scan_text()
        self._update_buttons()
