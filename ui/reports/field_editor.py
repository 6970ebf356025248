"""One field of the report form: its input, checked as typed, with the reason beside it.

The input suits the field's type (:class:`~liaison_client.reports.ValueType`): a line
for one value, a box with one value per line for a list (a value is never split on
``;``, as in the CLI), a multi-line box for ``details`` / ``concealment``, a choice for
the closed lists (unit, outcome) and, for a feedback's ``answers``, the operation's
warnings by subject (never a raw message id). Every change runs
:func:`~ui.reports.field_check.check_field` (pure, in memory: microseconds, so on the
GUI thread) and, once the officer has touched the field or pressed Send, shows the
reason in the interface language under the input; the input's accessible description
carries it too, so a screen reader announces it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_client.errors import LiaisonError
from liaison_client.reports import UNITS, FieldSpec, Outcome, ValueType
from liaison_client.reports.labels import (
    FIELD_LABELS,
    OUTCOME_LABELS,
    SIMPLIFIED_CHINESE,
    UNIT_LABELS,
)
from liaison_client.workspace import WarningChoice
from ui.error_text import code_text
from ui.reports.field_check import check_field
from ui.timeline.report_card import card_language
from ui.widgets.retranslatable import Retranslatable

#: The field types whose input is a fixed choice rather than typed text.
_CHOICES = (ValueType.UNIT, ValueType.OUTCOME, ValueType.MESSAGE_ID)


def field_label(name: str) -> str:
    """The field's name in the interface language (the report cards' labels)."""
    return FIELD_LABELS[name].text(card_language())


def field_problem_text(error: LiaisonError) -> str:
    """``error``'s sentence with the field named as the form labels it, in the
    interface language (the service's sentence names the CLI's field name)."""
    params = {"message": str(error), **error.params}
    for name in ("field", "other"):  # the field names a sentence may carry
        value = params.get(name)
        if value is not None and value in FIELD_LABELS:
            params[name] = field_label(value)
    text = code_text(error.code, params)
    return str(error) if text is None else text


class ListEdit(QPlainTextEdit):
    """A list field: one value per line; Tab moves on (it never types a tab)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        lines = 3
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines
                            + int(self.document().documentMargin() * 2) + 6)


#: Unit codes that are international symbols or names, shown beside the word in every
#: language; the others ("pcs", "pairs") are English abbreviations.
_INTERNATIONAL_UNITS = frozenset({"g", "kg", "t", "l", "m3", "TEU"})


class FieldEditor(Retranslatable, QWidget):
    """The input of one :class:`FieldSpec` and the reason it is refused, if it is."""

    #: The officer changed the value.
    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"reportField_{spec.name}")
        #: Shown only once touched (typed into) or after a Send: an empty form is not
        #: a list of errors.
        self.touched = False
        self.input: QWidget = self._make_input()
        self.input.setObjectName(f"reportInput_{spec.name}")
        self.problem = QLabel(self)
        self.problem.setObjectName(f"reportProblem_{spec.name}")
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "field-error")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.input)
        layout.addWidget(self.problem)
        self._error: LiaisonError | None = None
        #: Set by :meth:`show_error` for a problem only the whole form or the service
        #: finds (quantity without unit, a photo, an unknown warning): kept until edited.
        self._external: LiaisonError | None = None
        self.retranslate()

    def _make_input(self) -> QWidget:
        spec = self.spec
        if spec.type in _CHOICES:
            combo = QComboBox(self)
            if spec.type is ValueType.UNIT:
                combo.addItem("", "")
                for unit in UNITS:
                    combo.addItem("", unit)
            elif spec.type is ValueType.OUTCOME:
                combo.addItem("", "")
                for outcome in Outcome:
                    combo.addItem("", str(outcome))
            combo.currentIndexChanged.connect(self._edited)
            return combo
        if spec.multiple or spec.multiline:
            box = ListEdit(self)
            if spec.multiline:
                box.setFixedHeight(box.fontMetrics().lineSpacing() * 5 + 12)
            box.textChanged.connect(self._edited)
            return box
        line = QLineEdit(self)
        line.textChanged.connect(self._edited)
        return line

    # -- values ---------------------------------------------------------------------

    def texts(self) -> list[str]:
        """The values as given (what ``build_report`` receives for this field)."""
        widget = self.input
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            return [data] if isinstance(data, str) and data else []
        if isinstance(widget, QPlainTextEdit):
            text = widget.toPlainText()
            if self.spec.multiline:
                return [text] if text.strip() else []
            return [line for line in text.splitlines() if line.strip()]
        assert isinstance(widget, QLineEdit)
        return [widget.text()] if widget.text().strip() else []

    def set_texts(self, values: list[str]) -> None:
        widget = self.input
        if isinstance(widget, QComboBox):
            index = widget.findData(values[0]) if values else 0
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("\n".join(values))
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText(values[0] if values else "")

    def set_warnings(self, choices: list[WarningChoice]) -> None:
        """A feedback's ``answers``: the operation's warnings, newest first."""
        combo = self.input
        assert isinstance(combo, QComboBox)
        wanted = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", "")
        for choice in choices:
            when = datetime.fromtimestamp(choice.sent_at_ms / 1000).astimezone()
            combo.addItem(f"{choice.subject} — {choice.sender_name}, {when:%Y-%m-%d %H:%M}",
                          choice.message_id)
        combo.setCurrentIndex(max(combo.findData(wanted), 0) if wanted else 0)
        combo.blockSignals(False)
        self._retranslate_choices()
        self.check()

    # -- checking -------------------------------------------------------------------

    def _edited(self) -> None:
        self.touched = True
        self._external = None
        self.check()
        self.changed.emit()

    def check(self) -> LiaisonError | None:
        """Check the values now; show the reason if the field was touched."""
        self._error = self._external or check_field(self.spec, self.texts())
        self._show()
        return self._error

    def show_error(self, error: LiaisonError | None) -> None:
        """Show a problem found by the whole form or the service (kept until edited)."""
        self._external = error
        self.touched = True
        self.check()

    @property
    def error(self) -> LiaisonError | None:
        return self._error

    def _show(self) -> None:
        error = self._error if self.touched else None
        text = "" if error is None else field_problem_text(error)
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.input.setAccessibleDescription(text)

    # -- language -------------------------------------------------------------------

    def _retranslate_choices(self) -> None:
        combo = self.input
        if not isinstance(combo, QComboBox):
            return
        language = card_language()
        if self.spec.type is ValueType.UNIT:
            combo.setItemText(0, self.tr("(choose a unit)"))
            for index, unit in enumerate(UNITS, start=1):
                label = UNIT_LABELS[unit].text(language)
                # The code beside the word where it is the unit's international name
                # (t, m3, TEU) or the interface is English ("pieces (pcs)"); a Chinese
                # officer reads "件", not the English abbreviation.
                shown_code = unit != label and (unit in _INTERNATIONAL_UNITS
                                                or language != SIMPLIFIED_CHINESE)
                combo.setItemText(index, f"{label} ({unit})" if shown_code else label)
        elif self.spec.type is ValueType.OUTCOME:
            combo.setItemText(0, self.tr("(choose the outcome)"))
            for index, outcome in enumerate(Outcome, start=1):
                combo.setItemText(index, OUTCOME_LABELS[str(outcome)].text(language))
        else:
            combo.setItemText(0, self.tr("(choose the warning answered)")
                              if combo.count() > 1 else
                              self.tr("(no warning in this operation yet)"))

    def retranslate(self) -> None:
        label = field_label(self.spec.name)
        self.input.setAccessibleName(label)
        hints = {
            ValueType.DATE: self.tr("YYYY-MM-DD"),
            ValueType.QUANTITY: self.tr("e.g. 1250 or 12.5"),
            ValueType.CONTAINER: self.tr("e.g. CSQU3054383"),
            ValueType.AWB: self.tr("e.g. 176-12345675"),
            ValueType.IMO: self.tr("e.g. IMO 9074729"),
            ValueType.HS: self.tr("e.g. 2402.20"),
        }
        hint = hints.get(self.spec.type, "")
        if self.spec.multiple:
            hint = (hint + " — " if hint else "") + self.tr("one per line")
        if isinstance(self.input, QLineEdit | QPlainTextEdit):
            self.input.setPlaceholderText(hint)
        self._retranslate_choices()
        self._show()
