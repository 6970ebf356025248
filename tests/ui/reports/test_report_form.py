"""The report form in the real main window (a real SQCipher profile, offscreen Qt):
every field checked as typed by the CLI's own rules, the reason beside the field in
English and in Chinese; Send shows every problem and stores nothing until the form is
valid; a feedback answers a warning chosen from the operation's warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from liaison_client.profile import Profile
from liaison_client.reports import ReportKind
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import WAIT_MS
from tests.ui.timeline.conftest import profile, workspace
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Language
from ui.reports.report_dialog import ReportDialog

__all__ = ["profile", "workspace"]

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"

#: (kind, field, typed, what the reason says in English, in Chinese). The sentences are
#: the CLI's (ui/error_text.py), the field named by its label in the interface language.
REFUSALS = [
    (ReportKind.WARNING, "containers", "CSQU3054384",
     "Field Containers: CSQU3054384: the check digit should be 3.", "集装箱"),
    (ReportKind.WARNING, "hs_codes", "3999", "HS heading 3999 does not exist in HS 2022",
     "3999"),
    (ReportKind.WARNING, "vessels", "IMO 9074728", "the check digit should be 9", "9"),
    (ReportKind.WARNING, "awbs", "176-12345670", "the check digit should be 5", "5"),
    (ReportKind.WARNING, "valid_until", "2026-02-30",
     "Field Valid until: “2026-02-30” is not a date written YYYY-MM-DD.", "有效期至"),
    (ReportKind.WARNING, "containers", "CSQU3054383\ncsqu 305438-3",
     "Field Containers: CSQU3054383 is given twice.", "集装箱"),
    (ReportKind.SEIZURE, "quantity", "1,5",
     "Field Quantity: “1,5” is not a positive number such as 1250 or 12.5", "数量"),
    (ReportKind.SEIZURE, "hs_code", "2402.2", "2402.2", "2402.2"),
    (ReportKind.SEIZURE, "place", "x" * 201, "Field Port or place: longer than 200 characters.",
     "口岸或地点"),
]


def open_window(qtbot: QtBot, profile: Profile, appearance: Appearance,
                workspace: Workspace, channel: str) -> MainWindow:
    window = MainWindow(profile, appearance, workspace)
    qtbot.addWidget(window)
    window.resize(1320, 900)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    window.operations_screen.select(channel)
    qtbot.waitUntil(lambda: window.timeline_screen.timeline is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.report_action.isEnabled(), timeout=WAIT_MS)
    return window


def open_form(qtbot: QtBot, window: MainWindow) -> ReportDialog:
    """Ctrl+Shift+R from the composer, as an officer opens it."""
    window.timeline_screen.composer.edit.setFocus()
    QTest.keyClick(window.timeline_screen.composer.edit, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.report_dialog is not None
                    and window.report_dialog.isVisible(), timeout=WAIT_MS)
    dialog = window.report_dialog
    assert dialog is not None
    return dialog


def stored_kinds(workspace: Workspace, channel: str) -> list[str]:
    return [entry.kind for entry in workspace.timeline.messages(channel)]


@pytest.mark.parametrize("language", [Language.ENGLISH, Language.SIMPLIFIED_CHINESE])
def test_each_field_says_why_beside_itself_in_the_officers_language(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        language: Language) -> None:
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    appearance.set_language(language)
    try:
        window = open_window(qtbot, profile, appearance, workspace, channel)
        dialog = open_form(qtbot, window)
        english = language is Language.ENGLISH
        assert dialog.kind_combo.currentText() == ("Warning" if english else "预警")
        # Nothing typed yet: no field shows a problem.
        assert not any(e.problem.isVisible() for e in dialog.editors[ReportKind.WARNING].values())
        for kind, field, typed, reason_en, reason_zh in REFUSALS:
            dialog.set_kind(kind)
            editor = dialog.editor(field)
            editor.set_texts(typed.split("\n"))
            assert editor.problem.isVisible(), field
            text = editor.problem.text()
            assert (reason_en if english else reason_zh) in text, (field, text)
            if not english:
                assert "Field" not in text, text  # the sentence itself is translated
            assert editor.input.accessibleDescription() == text
            editor.set_texts([])
        # The same value, corrected, is accepted at once.
        dialog.set_kind(ReportKind.WARNING)
        containers = dialog.editor("containers")
        containers.set_texts(["CSQU3054384"])
        assert containers.problem.isVisible()
        if language is Language.SIMPLIFIED_CHINESE:
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        dialog.editor("subject").set_texts(["Cigarettes declared as tiles 申报为瓷砖的香烟"])
        dialog.editor("hs_codes").set_texts(["2402.20", "3999"])
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        suffix = "en" if english else "zh_CN"
        assert dialog.grab().save(str(DOCS_SCREENSHOTS / f"report-form-error-{suffix}.png"))
        containers.set_texts(["csqu 305438-3"])
        assert not containers.problem.isVisible()
        dialog.reject()
    finally:
        appearance.set_language(Language.ENGLISH)


def test_send_shows_every_problem_focuses_the_first_and_stores_nothing(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    window = open_window(qtbot, profile, appearance, workspace, channel)
    dialog = open_form(qtbot, window)
    dialog.set_kind(ReportKind.SEIZURE)
    dialog.editor("quantity").set_texts(["1250.5"])
    dialog.send_button.click()
    # Required fields untouched until now say so; the first one has the focus.
    for field in ("date", "place", "commodity"):
        assert dialog.editor(field).problem.text() == (
            f"Field {dialog.labels[ReportKind.SEIZURE][field].text()[:-3]}: required.")
    qtbot.waitUntil(lambda: dialog.editor("date").input.hasFocus(), timeout=WAIT_MS)
    # Quantity without its unit: the rule joining the two fields, under the unit.
    dialog.editor("date").set_texts(["2026-11-30"])
    dialog.editor("place").set_texts(["蛇口港 Shekou"])
    dialog.editor("commodity").set_texts(["Cigarettes"])
    QTest.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    unit = dialog.editor("unit")
    assert unit.problem.text() == "Field Unit: required when Quantity is given."
    qtbot.waitUntil(lambda: unit.input.hasFocus(), timeout=WAIT_MS)
    assert dialog.isVisible()
    assert stored_kinds(workspace, channel) == []
    # A feedback with no warning in the operation: nothing to choose, and said so.
    dialog.set_kind(ReportKind.FEEDBACK)
    answers = dialog.editor("answers").input
    assert isinstance(answers, QComboBox)
    qtbot.waitUntil(lambda: answers.itemText(0) == "(no warning in this operation yet)",
                    timeout=WAIT_MS)
    dialog.send_button.click()
    assert dialog.editor("answers").problem.text() == "Field In answer to: required."
    assert stored_kinds(workspace, channel) == []
    dialog.reject()
    assert not dialog.isVisible()


def test_a_feedback_answers_a_warning_chosen_by_its_subject(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    older = workspace.reports.send(channel, "warning", ["subject=Tyres under-declared"],
                                   deliver=False).message_id
    warning = workspace.reports.send(channel, "warning", [
        "subject=Cigarettes declared as tiles", "containers=CSQU3054383"],
        deliver=False).message_id
    workspace.sending.send_text(channel, "not a warning", deliver=False)
    window = open_window(qtbot, profile, appearance, workspace, channel)
    # The composer's "Report…" button opens the same form.
    window.timeline_screen.composer.report_button.click()
    dialog = window.report_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.set_kind(ReportKind.FEEDBACK)
    qtbot.waitUntil(lambda: len(dialog.warning_choices) == 2, timeout=WAIT_MS)
    combo = dialog.editor("answers").input
    assert isinstance(combo, QComboBox)
    # Newest first, by subject and sender; never a raw id to type.
    assert [combo.itemData(i) for i in range(1, combo.count())] == [warning, older]
    assert combo.itemText(1).startswith("Cigarettes declared as tiles — Li Wei, ")
    assert dialog.choose_answer(warning)
    dialog.editor("outcome").set_texts(["found"])
    dialog.editor("details").set_texts(["12 pallets behind the tiles\n瓷砖后有十二托"])
    with qtbot.waitSignal(dialog.sent, timeout=WAIT_MS) as sent:
        dialog.send_button.click()
    assert not dialog.isVisible()
    timeline = window.timeline_screen.timeline
    assert timeline is not None
    message_id = sent.args[0].message_id

    def feedback_shown() -> bool:
        return any(timeline.entry_at(r).message_id == message_id
                   for r in range(timeline.rowCount()))

    qtbot.waitUntil(feedback_shown, timeout=WAIT_MS)
    stored = workspace.timeline.entry(channel, message_id)
    assert stored is not None
    assert stored.kind == "feedback"
    assert stored.answers == warning
    assert stored.report is not None
    assert stored.report.value("details") == "12 pallets behind the tiles\n瓷砖后有十二托"


def test_a_closed_operation_offers_no_report(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace) -> None:
    channel = workspace.channels.create("Op Jade 翡翠行动").channel_id
    workspace.lifecycle.close(channel)
    window = MainWindow(profile, appearance, workspace)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    window.operations_screen.select(channel)
    qtbot.waitUntil(lambda: window.timeline_screen.timeline is not None, timeout=WAIT_MS)
    assert not window.report_action.isEnabled()
    assert window.open_report_dialog() is None
    assert window.export_action.isEnabled()
    assert not window.close_operation_action.isEnabled()
