"""The audit's own checks: what they report on a screen built to fail them, and
that the app's themes pass them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.screen_audit import faint_checkboxes
from ui.preferences import Theme
from ui.theme import apply_theme


@pytest.fixture
def boxes(qtbot: QtBot) -> tuple[QWidget, QCheckBox, QCheckBox]:
    """A window with an unchecked and a checked checkbox, shown."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    unchecked, checked = QCheckBox("Notify me", window), QCheckBox("Show text", window)
    checked.setChecked(True)
    layout.addWidget(unchecked)
    layout.addWidget(checked)
    window.show()
    qtbot.waitExposed(window)
    return window, unchecked, checked


@pytest.mark.parametrize("theme", list(Theme))
def test_checkbox_indicators_stand_out_in_both_themes(
        themed_app: QApplication, boxes: tuple[QWidget, QCheckBox, QCheckBox],
        theme: Theme) -> None:
    window = boxes[0]
    try:
        apply_theme(themed_app, theme)
        QApplication.processEvents()
        assert faint_checkboxes(window, window.grab().toImage()) == []
    finally:
        apply_theme(themed_app, Theme.LIGHT)


def test_an_indicator_as_faint_as_the_old_dark_one_is_reported(
        boxes: tuple[QWidget, QCheckBox, QCheckBox]) -> None:
    """The dark theme's old unchecked box: #454851 on #17181B, 1.9:1. (The checked
    box keeps the theme's filled indicator, which stands out.)"""
    window = boxes[0]
    window.setStyleSheet("QWidget { background: #17181B; }"
                         "QCheckBox::indicator { width: 16px; height: 16px;"
                         " border: 1px solid #454851; background: #17181B; }")
    QApplication.processEvents()
    [problem] = faint_checkboxes(window, window.grab().toImage())
    assert problem.startswith("'Notify me' indicator #454851 on #17181b 1.9:1")


def test_a_disabled_checkbox_is_not_held_to_the_contrast_minimum(
        boxes: tuple[QWidget, QCheckBox, QCheckBox]) -> None:
    window, unchecked, checked = boxes
    window.setStyleSheet("QWidget { background: #17181B; }"
                         "QCheckBox::indicator { border: 1px solid #202125; }")
    unchecked.setEnabled(False)
    checked.setEnabled(False)
    QApplication.processEvents()
    assert faint_checkboxes(window, window.grab().toImage()) == []
