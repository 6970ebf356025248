"""The Qt binding the app is installed with must not leak references to ``None``.

PySide6-Essentials 6.12.0 under Python 3.11 drops one reference to ``None`` on
every call of a void method; after enough calls a long-running app aborts with
"Fatal Python error: none_dealloc". pyproject.toml excludes that release; this
test keeps a future one with the same fault from slipping in.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(1_000):
        font.setBold(True)
    assert sys.getrefcount(None) >= before - 10
