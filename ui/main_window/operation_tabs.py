"""The centre area: one tab per screen about the open operation.

Messages (:class:`~ui.timeline.timeline_screen.TimelineScreen`) is the first tab,
Watch-lists (:class:`~ui.watchlists.watchlists_screen.WatchlistsScreen`) the second;
reports and transcripts are the next. With one tab the tab bar hides itself and the
document mode draws no frame; a second tab brings the bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from liaison_client.workspace import ChannelSummary
from ui.screens import OperationScreen
from ui.widgets.retranslatable import Retranslatable


class OperationTabs(Retranslatable, QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operationTabs")
        self.setDocumentMode(True)
        self.setTabBarAutoHide(True)
        # The tab bar takes focus itself once it shows (two tabs or more). Left to
        # QTabWidget, focus would be proxied to the hidden bar and Tab would stop here.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._screens: list[OperationScreen] = []

    def add_screen(self, screen: OperationScreen) -> None:
        """Host ``screen`` (a ``QWidget``) as the last tab."""
        if not isinstance(screen, QWidget):
            raise TypeError("an operation screen is a widget")
        self._screens.append(screen)
        self.addTab(screen, screen.tab_title())

    def show_operation(self, channel: ChannelSummary) -> None:
        for screen in self._screens:
            screen.show_operation(channel)

    def update_operation(self, channel: ChannelSummary) -> None:
        for screen in self._screens:
            screen.update_operation(channel)

    def retranslate(self) -> None:
        for index, screen in enumerate(self._screens):
            self.setTabText(index, screen.tab_title())
