"""Marking a screen's primary action, so the stylesheet gives it the accent colour."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton


def mark_primary(*buttons: QAbstractButton | None) -> None:
    """One primary button per screen: the action the officer most likely wants next."""
    for button in buttons:
        if button is not None:
            button.setProperty("primary", True)
            button.style().unpolish(button)
            button.style().polish(button)
