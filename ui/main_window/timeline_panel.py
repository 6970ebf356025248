"""Centre pane: the open operation's timeline and composer, or an empty state saying
what comes here. A demo operation carries a "DEMO" badge in its heading."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.workspace import ChannelSummary
from ui.composer.composer import Composer
from ui.search.search_bar import SearchBar
from ui.theme import current_colours
from ui.timeline.timeline_model import TimelineModel
from ui.timeline.timeline_view import TimelineView
from ui.widgets.empty_state import EmptyState


class TimelinePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "timeline")
        self._channel: ChannelSummary | None = None
        self._heading = QLabel(self)
        self._heading.setProperty("role", "pane-heading")
        self.demo_badge = QLabel(self)
        self.demo_badge.setObjectName("demoBadge")
        self.demo_badge.setVisible(False)
        heading_row = QHBoxLayout()
        heading_row.setContentsMargins(0, 0, 12, 0)
        heading_row.addWidget(self._heading, 1)
        heading_row.addWidget(self.demo_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.search_bar = SearchBar(self)
        self.search_bar.setVisible(False)
        self.list_view = TimelineView(self)
        self.search_bar.closed.connect(self.list_view.setFocus)
        self.empty_state = EmptyState("timeline-empty", self)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_state)
        self._stack.addWidget(self.list_view)
        self.composer = Composer(self)
        self.composer.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(heading_row)
        layout.addWidget(self.search_bar)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.composer)
        self._tint()
        self.retranslate()

    def retranslate(self) -> None:
        if self._channel is None:
            self._heading.setText(self.tr("Messages"))
            self.empty_state.set_text(
                self.tr("Your secure channel"),
                self.tr("Messages of the operation you open appear here, end-to-end "
                        "encrypted. Nothing to show yet."))
        else:
            self._heading.setText(self._channel.name)
            self.empty_state.set_text(
                self.tr("No messages yet"),
                self.tr("Messages in this operation appear here, end-to-end encrypted."))
        self.demo_badge.setText(self.tr("DEMO"))
        self.demo_badge.setToolTip(self.tr("Demonstration operation: not real traffic"))
        self.demo_badge.setAccessibleName(self.tr("Demonstration operation"))
        self.list_view.setAccessibleName(self.tr("Messages"))

    def _tint(self) -> None:
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        self.empty_state.set_icon_colour(colours["muted_text"])
        self.demo_badge.setStyleSheet(
            f"background: {colours['warning_soft']}; color: {colours['warning']};"
            " font-weight: bold; padding: 2px 8px; border-radius: 4px;")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)

    def show_operation(self, channel: ChannelSummary, timeline: TimelineModel) -> None:
        self._channel = channel
        self.demo_badge.setVisible(channel.demo)
        # Before the view's own handlers: the view must be showing when it lays out rows.
        timeline.modelReset.connect(self._show_rows_or_empty)
        timeline.rowsInserted.connect(self._show_rows_or_empty)
        self.list_view.set_timeline(timeline)
        timeline.revealed.connect(self._scroll_to_row)
        self.search_bar.set_hits(None)
        self.composer.setVisible(channel.role != "removed" and not channel.closed)
        self.retranslate()
        timeline.load_newest()

    def update_operation(self, channel: ChannelSummary) -> None:
        """New summary of the open operation (renamed, closed, removed from it)."""
        if self._channel is not None and self._channel.channel_id == channel.channel_id:
            self._channel = channel
            self.demo_badge.setVisible(channel.demo)
            self.composer.setVisible(channel.role != "removed" and not channel.closed)
            self.retranslate()

    def _scroll_to_row(self, row: int) -> None:
        timeline = self.list_view.timeline
        if timeline is None:
            return
        self._stack.setCurrentWidget(self.list_view)
        self.list_view.doItemsLayout()
        index = timeline.index(row)
        self.list_view.setCurrentIndex(index)
        self.list_view.scrollTo(index, TimelineView.ScrollHint.PositionAtCenter)

    def _show_rows_or_empty(self) -> None:
        timeline = self.list_view.timeline
        has_rows = timeline is not None and timeline.rowCount() > 0
        self._stack.setCurrentWidget(self.list_view if has_rows else self.empty_state)

    @property
    def channel(self) -> ChannelSummary | None:
        return self._channel

    @property
    def timeline(self) -> TimelineModel | None:
        return self.list_view.timeline

    @property
    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty_state
