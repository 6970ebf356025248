"""The verify dialog: the safety number two officers compare (read out, or by scanning
the QR code of it), and "Mark as verified" once they match.

The number itself comes from the Workspace (``liaison_client.crypto.device_trust``,
derived from both Ed25519 identity keys); this dialog only shows it and
reports the officer's decision. A changed key is said loudly: verification then
means comparing again, never clicking through.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_client.workspace import SafetyNumberView
from ui.theme import current_colours
from ui.verify.qr_image import qr_image
from ui.widgets.buttons import mark_primary
from ui.widgets.retranslatable import Retranslatable


class VerifyDialog(Retranslatable, QDialog):
    #: The officer confirmed the numbers match: the device id to mark verified.
    verify_requested = Signal(str)

    def __init__(self, view: SafetyNumberView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self._view = view
        self.title_label = QLabel(self)
        self.title_label.setProperty("role", "heading")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("role", "muted")
        self.number_label = QLabel(self)
        self.number_label.setObjectName("safetyNumber")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.number_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.font().pointSizeF() * 1.3)
        self.number_label.setFont(mono)
        self.number_label.setWordWrap(True)
        self.qr_label = QLabel(self)
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("markVerifiedButton")
        mark_primary(self.verify_button)
        self.verify_button.clicked.connect(lambda: self.verify_requested.emit(
            self._view.device_id))
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.verify_button, QDialogButtonBox.ButtonRole.ActionRole)
        # Our own Close, not StandardButton.Close: the standard button kept Qt's
        # English "Close" in a Chinese interface (as Settings' did; see there).
        self.close_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.explanation)
        layout.addWidget(self.number_label)
        layout.addWidget(self.qr_label)
        layout.addWidget(self.state_label)
        layout.addWidget(buttons)
        self.set_view(view)

    @property
    def view(self) -> SafetyNumberView:
        return self._view

    def set_view(self, view: SafetyNumberView) -> None:
        self._view = view
        self.number_label.setText(view.safety_number)
        self.qr_label.setPixmap(QPixmap.fromImage(
            qr_image("".join(view.safety_number.split()))))
        self.retranslate()

    def retranslate(self) -> None:
        view = self._view
        self.setWindowTitle(self.tr("Verify {name}").format(name=view.name))
        self.title_label.setText(self.tr("{name} · {agency}").format(
            name=view.name, agency=view.agency or "-"))
        self.explanation.setText(self.tr(
            "Compare this safety number with {name}, in person or on a call you trust, or "
            "scan each other's code. If every digit matches, no one is in between.").format(
                name=view.name))
        self.number_label.setAccessibleName(self.tr("Safety number"))
        self.qr_label.setAccessibleName(self.tr("QR code of the safety number"))
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
        self.verify_button.setText(self.tr("&Mark as verified"))
        self.verify_button.setAccessibleName(self.tr("Mark as verified"))
        self.close_button.setText(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.verify_button.setEnabled(not view.verified or view.key_changed)
