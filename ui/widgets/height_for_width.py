"""Keep a top-level window at least as tall as its layout needs at its current width.

Why: Qt's minimum size for a window ignores height-for-width, so wrapped texts (a
hint, a refusal, a step line) that need more lines at the window's actual width
were squeezed, and the rows under them drawn over each other (Settings → "Join a
relay", the start screen; found by the screen audit's overlap check, issue 11).
A window calls :func:`fit_height_to_width` on resize and on ``LayoutRequest``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_height_to_width(window: QWidget) -> None:
    """Raise (or lower) ``window``'s minimum height to its layout's height for its width."""
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(window.width())
    if needed > 0 and needed != window.minimumHeight():
        window.setMinimumHeight(needed)
