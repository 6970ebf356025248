"""The one place a widget learns that the interface language changed.

Switching language installs a new ``QTranslator`` (``ui/translations.py``); Qt then
sends every widget a ``LanguageChange`` event. A widget that shows text mixes in
:class:`Retranslatable` *before* its Qt base class and defines ``retranslate()``,
which re-reads every string it shows; the mixin calls it on that event::

    class SearchBar(Retranslatable, QFrame):
        def retranslate(self) -> None:
            self.query_edit.setPlaceholderText(self.tr("Search this operation"))

A widget that handles other change events (a palette change re-tints icons)
overrides ``changeEvent`` for those and calls ``super().changeEvent(event)``,
which reaches the mixin and then Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    # For the type checker the mixin is a QWidget, so ``super().changeEvent`` is
    # known; at run time it is a plain class placed before the Qt base in the MRO.
    _MixinBase = QWidget
else:
    _MixinBase = object


class Retranslatable(_MixinBase):
    """Mixin for widgets with text: ``retranslate()`` runs on every language change."""

    def retranslate(self) -> None:
        """Set every user-visible string of the widget in the current language."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
