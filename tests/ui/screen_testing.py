"""What the UI tests share besides fixtures: how long they wait, and the screenshot type.

``WAIT_MS`` bounds every ``qtbot.waitUntil``/``waitSignal`` on work that runs
off the GUI thread (relay round trips, SQLCipher, Argon2id): generous, because
the suite runs on a loaded 2-core machine, and only a failing test ever waits
it out. ``Screenshot`` is the type of the ``screenshot`` fixture
(tests/ui/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

WAIT_MS = 20_000

#: For an attachment's encrypt + upload + download of several MiB.
SLOW_WAIT_MS = 30_000

Screenshot = Callable[[QWidget, str], Path]
