"""The timeline's list view: opens at the newest message and loads further pages as the
officer scrolls up, and back down again.

Qt's own ``fetchMore`` trigger fires at the *bottom* of a view (a file list
grows downwards); a chat grows upwards, so this view tells the model whether
its top or its bottom is in reach and asks for the page there. The model holds
a bounded window of pages, so a page read at one end may let go of rows at the
other: the view keeps the row under the officer's eyes where it was through
both (it remembers that row and its offset before rows move, and puts it back
after the page is merged).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from liaison_client.workspace import TimelineEntry, TimelineState
from ui.timeline.jump_button import JumpToLatestButton
from ui.timeline.report_card import card_accessible_text, report_card
from ui.timeline.timeline_delegate import TimelineDelegate
from ui.timeline.timeline_model import TimelineModel, TimelineRole
from ui.timeline.timeline_text import attachment_name_text, body_text

#: An own message in these states never left this computer: it can be retried or deleted.
UNSENT_STATES = frozenset({TimelineState.QUEUED, TimelineState.NOT_SENT})

#: Start reading the next page this many pixels before the top (or bottom) is reached.
_PREFETCH_PX = 400
#: The jump-to-latest button's distance from the viewport's bottom-right corner.
_JUMP_MARGIN = 16


class TimelineView(QListView):
    #: The officer asked to save a row's attachment (its Save button, Enter, Ctrl+S or a
    #: double-click).
    save_requested = Signal(object)
    #: The officer activated a feedback card: go to the warning it answers (its message id).
    warning_requested = Signal(str)
    #: "Reply" on a message (its :class:`TimelineEntry`).
    reply_requested = Signal(object)
    #: "Details…" on a message (its :class:`TimelineEntry`).
    details_requested = Signal(object)
    #: "Retry" on an own unsent message.
    retry_requested = Signal(object)
    #: "Delete…" on an own unsent message.
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setProperty("role", "timeline")
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.timeline_delegate = TimelineDelegate(self)
        self.setItemDelegate(self.timeline_delegate)
        self.timeline_delegate.save_clicked.connect(self.save_requested)
        self.timeline_delegate.quote_clicked.connect(self._quote_clicked)
        self._model: TimelineModel | None = None
        #: The officer's own message just sent: brought into view once it is a row.
        self._own_pending: str | None = None
        #: The row being read (its message id) and its top's offset in the viewport,
        #: remembered while a page moves rows around it.
        self._anchor: tuple[str, int] | None = None
        self._stick_to_bottom = True
        #: Rows are moving (a page is being merged): scroll positions mean nothing yet.
        self._settling = False
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self._save_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._save_shortcut.activated.connect(self._save_current)
        self.doubleClicked.connect(self._save_at)
        # A feedback card links to its warning, Enter or a double-click goes there; on an
        # attachment row Enter saves it, like its Save button.
        self._follow_shortcuts = [QShortcut(QKeySequence(key), self)
                                  for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)]
        for shortcut in self._follow_shortcuts:
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._follow_current)
        self.doubleClicked.connect(self._follow_at)
        #: Whether the officer can send here (not in a closed operation or one they were
        #: removed from): the screen says; Reply is offered only then.
        self.replies_allowed = True
        self._build_actions()
        #: The open context menu, if any (kept for tests and the screen audit).
        self.context_menu: QMenu | None = None
        #: Messages from others that arrived while the officer read above the newest.
        self.unseen = 0
        self.jump_button = JumpToLatestButton(self)
        self.jump_button.setVisible(False)
        self.jump_button.clicked.connect(self.jump_to_latest)
        self.jump_button.set_shortcut_text(self.jump_action.shortcut().toString(
            QKeySequence.SequenceFormat.NativeText))

    # -- message actions (issue 11: a context menu and shortcuts on a message) ---------

    def _build_actions(self) -> None:
        """The actions on the current message: in the context menu, and as shortcuts
        while the timeline has focus (Signal Desktop's and Element's set, less what
        Liaison does not do). One :class:`QAction` each, so the menu shows its key."""
        def action(name: str, keys: QKeySequence, slot: Callable[[], None], *,
                   on_view: bool = True) -> QAction:
            made = QAction(self)
            made.setObjectName(name)
            made.setShortcut(keys)
            made.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            made.setShortcutVisibleInContextMenu(True)
            made.triggered.connect(slot)
            if on_view:
                self.addAction(made)
            return made

        self.copy_text_action = action("copyTextAction",
                                       QKeySequence(QKeySequence.StandardKey.Copy),
                                       self.copy_current_text)
        # Not Ctrl+Shift+C nor Ctrl+I: the main window's (copy fingerprint, the
        # members panel) are window-wide, and a second binding would make both dead keys;
        # not Alt+R either: the members panel's "&Remove…" button holds that mnemonic.
        self.copy_id_action = action("copyIdAction", QKeySequence("Ctrl+Alt+C"),
                                     self.copy_current_id)
        self.reply_action = action("replyAction", QKeySequence("Ctrl+Alt+R"),
                                   self.request_reply)
        # Ctrl+S stays the view's own shortcut (above): the menu item only shows it.
        self.save_action = action("saveAttachmentAction",
                                  QKeySequence(QKeySequence.StandardKey.Save),
                                  self._save_current, on_view=False)
        self.details_action = action("detailsAction", QKeySequence("Alt+Return"),
                                     self.request_details)
        self.retry_action = action("retryAction", QKeySequence("Ctrl+R"), self.request_retry)
        self.delete_action = action("deleteAction", QKeySequence(Qt.Key.Key_Delete),
                                    self.request_delete)
        # Ctrl+End: Qt's own would only go to the last *loaded* row (far back, newer
        # pages are let go of); this reads the newest page then, as the button does.
        self.jump_action = action("jumpToLatestAction", QKeySequence("Ctrl+End"),
                                  self.jump_to_latest)
        self.menu_key = QShortcut(QKeySequence("Shift+F10"), self)
        self.menu_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.menu_key.activated.connect(self.open_context_menu)
        self.retranslate_actions()

    def retranslate_actions(self) -> None:
        self.reply_action.setText(self.tr("R&eply"))
        self.copy_text_action.setText(self.tr("&Copy text"))
        self.copy_id_action.setText(self.tr("Copy message &ID"))
        self.save_action.setText(self.tr("&Save attachment…"))
        self.details_action.setText(self.tr("&Details…"))
        self.retry_action.setText(self.tr("&Retry sending"))
        self.delete_action.setText(self.tr("De&lete…"))
        self.jump_action.setText(self.tr("Jump to the latest message"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_actions()
        super().changeEvent(event)

    def current_entry(self) -> TimelineEntry | None:
        index = self.currentIndex()
        entry = index.data(TimelineRole.ENTRY) if index.isValid() else None
        return entry if isinstance(entry, TimelineEntry) else None

    def _update_actions(self, entry: TimelineEntry | None) -> None:
        """Enable what applies to ``entry``: a notice or event has text only; an
        attachment can be saved; retry and delete only for an own unsent message."""
        message = entry is not None and entry.is_message
        self.reply_action.setEnabled(message and self.replies_allowed)
        self.copy_text_action.setEnabled(entry is not None)
        self.copy_id_action.setEnabled(message)
        self.save_action.setEnabled(entry is not None and entry.attachment is not None)
        self.details_action.setEnabled(message)
        unsent = message and entry is not None and entry.state in UNSENT_STATES
        self.retry_action.setEnabled(unsent)
        self.delete_action.setEnabled(unsent)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click (or the Menu key): the row under the pointer becomes current and
        its actions are offered; from the keyboard the menu opens at the current row."""
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(event.pos())
            if index.isValid():
                self.setCurrentIndex(index)
            at = event.globalPos()
        else:
            at = self._current_row_point()
        self._show_menu(at)

    def open_context_menu(self) -> None:
        """Shift+F10 (and the Menu key): the current message's menu, at its row."""
        self._show_menu(self._current_row_point())

    def _current_row_point(self) -> QPoint:
        rect = self.visualRect(self.currentIndex())
        inside = rect.topLeft() + QPoint(24, min(24, max(rect.height() // 2, 0)))
        return self.viewport().mapToGlobal(inside if rect.isValid() else QPoint(24, 24))

    def _show_menu(self, at: QPoint) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self._update_actions(entry)
        menu = QMenu(self)
        menu.setObjectName("messageMenu")
        menu.setAccessibleName(self.tr("Message actions"))
        if entry.is_message and self.replies_allowed:
            menu.addAction(self.reply_action)
        menu.addAction(self.copy_text_action)
        menu.addAction(self.copy_id_action)
        if entry.attachment is not None:
            menu.addAction(self.save_action)
        menu.addSeparator()
        menu.addAction(self.details_action)
        if entry.is_message and entry.state in UNSENT_STATES:
            menu.addSeparator()
            menu.addAction(self.retry_action)
            menu.addAction(self.delete_action)
        menu.aboutToHide.connect(self._menu_closed)
        self.context_menu = menu
        menu.popup(at)

    def _menu_closed(self) -> None:
        menu, self.context_menu = self.context_menu, None
        if menu is not None:
            menu.deleteLater()

    def request_reply(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.is_message and self.replies_allowed:
            self.reply_requested.emit(entry)

    def request_details(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.is_message:
            self.details_requested.emit(entry)

    def request_retry(self) -> None:
        entry = self._current_unsent()
        if entry is not None:
            self.retry_requested.emit(entry)

    def request_delete(self) -> None:
        entry = self._current_unsent()
        if entry is not None:
            self.delete_requested.emit(entry)

    def _current_unsent(self) -> TimelineEntry | None:
        entry = self.current_entry()
        if entry is None or not entry.is_message or entry.state not in UNSENT_STATES:
            return None
        return entry

    def _quote_clicked(self, entry: TimelineEntry) -> None:
        if entry.reply is not None and entry.reply.held:
            self.warning_requested.emit(entry.reply.message_id)

    def copy_current_text(self) -> None:
        """The message as shown (controls made visible: a hidden bidi override is not
        carried into whatever the officer pastes it into), or a file's name, or a
        report's fields line by line."""
        entry = self.current_entry()
        if entry is None:
            return
        if entry.report is not None:
            text = card_accessible_text(report_card(entry, None))
        elif entry.attachment is not None and not entry.text:
            text = attachment_name_text(entry)
        else:
            text = body_text(entry)
        QGuiApplication.clipboard().setText(text)

    def copy_current_id(self) -> None:
        """The message id: what ``liaison messages`` lists and a transcript names."""
        entry = self.current_entry()
        if entry is not None and entry.is_message:
            QGuiApplication.clipboard().setText(entry.message_id)

    def set_timeline(self, model: TimelineModel | None) -> None:
        if self._model is not None:
            self._model.rowsAboutToBeInserted.disconnect(self._before_rows_move)
            self._model.rowsAboutToBeRemoved.disconnect(self._before_rows_move)
            self._model.page_loaded.disconnect(self._after_page)
            self._model.modelReset.disconnect(self._after_reset)
            self._model.arrived.disconnect(self._count_arrivals)
        self._model = model
        self._anchor = None
        self._own_pending = None
        self.setModel(model)
        self._stick_to_bottom = True
        self.unseen = 0
        self._update_jump_button()
        if model is not None:
            model.rowsAboutToBeInserted.connect(self._before_rows_move)
            model.rowsAboutToBeRemoved.connect(self._before_rows_move)
            model.page_loaded.connect(self._after_page)
            model.modelReset.connect(self._after_reset)
            model.arrived.connect(self._count_arrivals)

    @property
    def timeline(self) -> TimelineModel | None:
        return self._model

    # -- paging -------------------------------------------------------------------

    def _scrolled(self, _value: int) -> None:
        if self._settling:
            return
        self._update_stickiness()
        self._fetch_in_reach()

    def _update_stickiness(self) -> None:
        """At the newest message, arrivals keep the view at the bottom."""
        bar = self.verticalScrollBar()
        self._stick_to_bottom = bar.value() >= bar.maximum() - 4 and \
            (self._model is None or not self._model.has_newer)
        self._update_jump_button()

    def _fetch_in_reach(self) -> None:
        """Tell the model which ends are in reach and read the page there, if any."""
        if self._model is None:
            return
        bar = self.verticalScrollBar()
        visible = self.isVisible() and self.viewport().height() > 0
        self._model.set_top_in_view(visible and bar.value() <= _PREFETCH_PX)
        self._model.set_bottom_in_view(visible and bar.value() >= bar.maximum() - _PREFETCH_PX)
        if self._model.canFetchMore():
            self._model.fetchMore()

    def _before_rows_move(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        if self._model is None:
            return
        self._settling = True
        self._model.set_top_in_view(False)
        self._model.set_bottom_in_view(False)
        if self._anchor is not None or self._stick_to_bottom:
            return
        index = self.indexAt(QPoint(1, 1))
        if index.isValid():
            self._anchor = (self._model.entry_at(index.row()).message_id,
                            self.visualRect(index).top())

    def _after_page(self, _rows: int) -> None:
        anchor, self._anchor = self._anchor, None
        self._settling = True
        try:
            self.doItemsLayout()
            if anchor is not None and self._model is not None:
                row = self._model.row_of(anchor[0])
                if row is not None:
                    bar = self.verticalScrollBar()
                    bar.setValue(bar.value() + self.visualRect(self._model.index(row)).top()
                                 - anchor[1])
            if anchor is None and self._stick_to_bottom and self._model is not None \
                    and not self._model.has_newer:
                self.scrollToBottom()
        finally:
            self._settling = False
        self._update_stickiness()
        self._show_own_message()
        self._fetch_in_reach()

    def _after_reset(self) -> None:
        self._anchor = None
        self.doItemsLayout()
        if self._model is not None and self._model.has_newer:
            self._stick_to_bottom = False  # a search jump far back: the jump places the rows
            self._update_jump_button()
            return
        self._stick_to_bottom = True
        self.scrollToBottom()
        self._update_jump_button()
        self._show_own_message()

    # -- jump to the latest message ------------------------------------------------------

    def _count_arrivals(self, count: int) -> None:
        """Messages from others were appended: counted on the button while the officer
        reads above them (at the bottom the view follows them instead)."""
        if not self._stick_to_bottom:
            self.unseen += count
            self._update_jump_button()

    def _update_jump_button(self) -> None:
        """Shown while the officer is away from the newest message (scrolled up, or
        reading far back with newer pages let go of); hidden, and its count cleared,
        at the bottom."""
        model = self._model
        away = model is not None and model.rowCount() > 0 and not self._stick_to_bottom
        if not away:
            self.unseen = 0
        self.jump_button.set_count(self.unseen)
        if away != self.jump_button.isVisible():
            if away:
                self._place_jump_button()
                self.jump_button.raise_()
            elif self.jump_button.hasFocus():
                self.setFocus()
            self.jump_button.setVisible(away)

    def _place_jump_button(self) -> None:
        area = self.viewport().geometry()
        size = self.jump_button.size()
        self.jump_button.move(area.right() + 1 - _JUMP_MARGIN - size.width(),
                              area.bottom() + 1 - _JUMP_MARGIN - size.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_jump_button()

    def jump_to_latest(self) -> None:
        """The button or Ctrl+End: to the newest message, reading the newest page first
        when the officer is far back; the button goes."""
        model = self._model
        if model is None:
            return
        self.unseen = 0
        self._anchor = None
        self._stick_to_bottom = True
        if self.jump_button.hasFocus():
            self.setFocus()
        if model.has_newer:
            model.load_newest()  # the reset lands at the bottom (_after_reset)
        else:
            self.scrollToBottom()
            self._update_stickiness()
        self._update_jump_button()

    # -- the officer's own message ------------------------------------------------------

    def follow_own_message(self, message_id: str | None) -> None:
        """The officer sent ``message_id``: bring it into view once the model has it as
        a row, wherever the view was scrolled (issue 11, item 12: sending while
        scrolled up left the officer far from their message, as Signal and Element
        do not). The model is asked to read it by the screen (refresh, or the newest
        page when the officer was reading far back)."""
        if message_id is None:
            return
        self._own_pending = message_id
        self._stick_to_bottom = True
        self._anchor = None
        self._show_own_message()

    def _show_own_message(self) -> None:
        pending, model = self._own_pending, self._model
        if pending is None or model is None:
            return
        row = model.row_of(pending)
        if row is None:
            return
        self._own_pending = None
        self.doItemsLayout()
        self.scrollTo(model.index(row), QAbstractItemView.ScrollHint.PositionAtBottom)
        if row == model.rowCount() - 1 and not model.has_newer:
            self.scrollToBottom()
        self._update_stickiness()

    # -- attachments ------------------------------------------------------------------

    def _save_current(self) -> None:
        self._save_at(self.currentIndex())

    def _save_at(self, index: QModelIndex | QPersistentModelIndex) -> None:
        entry = index.data(TimelineRole.ENTRY) if index.isValid() else None
        if isinstance(entry, TimelineEntry) and entry.attachment is not None:
            self.save_requested.emit(entry)

    # -- report links -----------------------------------------------------------------

    def _follow_current(self) -> None:
        self._save_at(self.currentIndex())
        self._follow_at(self.currentIndex())

    def _follow_at(self, index: QModelIndex | QPersistentModelIndex) -> None:
        entry = index.data(TimelineRole.ENTRY) if index.isValid() else None
        if isinstance(entry, TimelineEntry) and entry.answers is not None:
            self.warning_requested.emit(entry.answers)
        elif isinstance(entry, TimelineEntry) and entry.reply is not None and entry.reply.held:
            self.warning_requested.emit(entry.reply.message_id)  # a reply: its original
