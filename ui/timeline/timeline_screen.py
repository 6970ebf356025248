"""The timeline screen (the centre area's first tab): the open operation's messages and
the composer, or an empty state saying what comes here. A demo operation carries a
"DEMO" badge in its heading.

It owns its model (a :class:`TimelineModel` per opened operation), its view and the
service calls about messages: send text and files, save an attachment, search. After a
send it says so (``message_stored``); asking the relay for a sync round is the shell's
business.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_client.attachment_names import safe_file_name
from liaison_client.errors import AttachmentCancelledError
from liaison_client.progress import AttachmentProgress
from liaison_client.workspace import ChannelSummary, MessageDetails, SendOutcome, TimelineEntry
from ui.composer.attachment_confirm import ConfirmedAttachments, PendingAttachment
from ui.composer.composer import Composer, dropped_files, has_image, pasted_image
from ui.composer.upload_reports import PercentSteps
from ui.operations import ServiceOp, report_failure
from ui.screens import ScreenContext
from ui.search.search_bar import SearchBar
from ui.theme import current_colours
from ui.timeline.message_details_dialog import MessageDetailsDialog
from ui.timeline.reply_banner import ReplyBanner
from ui.timeline.timeline_model import TimelineModel
from ui.timeline.timeline_view import TimelineView
from ui.widgets.empty_state import EmptyState
from ui.widgets.remembered_folders import RememberedFolders
from ui.widgets.retranslatable import Retranslatable


class TimelineScreen(Retranslatable, QFrame):
    #: A message (text or attachment) was stored and is in the timeline as queued:
    #: its :class:`SendOutcome`. The shell then asks for a sync round.
    message_stored = Signal(object)
    #: A line for the status bar.
    notice = Signal(str)
    #: Search results are shown.
    search_finished = Signal()
    #: The composer's "Report…": the shell opens the report form.
    report_requested = Signal()
    #: A search hit in another operation was chosen: the shell opens that operation
    #: (its channel id); the hit is revealed once it is shown.
    operation_requested = Signal(str)

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setProperty("role", "timeline")
        self._channel: ChannelSummary | None = None
        # The heading and the DEMO badge share one bar, which carries the heading's
        # background and underline across the whole pane (issue 11, item 14: the
        # underline stopped short of the badge when the label drew it).
        self.heading_bar = QWidget(self)
        self.heading_bar.setObjectName("paneHeadingBar")
        self.heading_bar.setProperty("role", "pane-heading-bar")
        self.heading_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._heading = QLabel(self.heading_bar)
        self._heading.setProperty("role", "pane-heading")
        self.demo_badge = QLabel(self.heading_bar)
        self.demo_badge.setObjectName("demoBadge")
        self.demo_badge.setVisible(False)
        heading_row = QHBoxLayout(self.heading_bar)
        heading_row.setContentsMargins(0, 0, 12, 0)
        heading_row.addWidget(self._heading, 1)
        heading_row.addWidget(self.demo_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.search_bar = SearchBar(self)
        self.search_bar.setVisible(False)
        #: A hit in another operation, revealed when that operation is shown.
        self._pending_hit: TimelineEntry | None = None
        self.list_view = TimelineView(self)
        self.search_bar.closed.connect(self.list_view.setFocus)
        self.empty_state = EmptyState("timeline-empty", self)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_state)
        self._stack.addWidget(self.list_view)
        self.composer = Composer(self)
        self.composer.setVisible(False)
        self.reply_banner = ReplyBanner(self)
        #: The last dialog, kept until the next replaces it: released then (not
        #: deleted from inside its own signal).
        self.save_dialog_kept: QFileDialog | None = None
        #: The open Save dialog, if any.
        self.save_dialog: QFileDialog | None = None
        #: Shown for a closed operation, in place of a working composer.
        self.closed_banner = QLabel(self)
        self.closed_banner.setObjectName("closedBanner")
        self.closed_banner.setWordWrap(True)
        self.closed_banner.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading_bar)
        layout.addWidget(self.search_bar)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.closed_banner)
        layout.addWidget(self.reply_banner)
        layout.addWidget(self.composer)
        self.composer.send_text.connect(self.send_text)
        self.composer.send_attachments.connect(self.send_attachments)
        self.composer.cancel_upload.connect(self.cancel_upload)
        #: One flag per attachment submitted and not finished, in order (the first is
        #: the one being sent now).
        self._upload_flags: list[threading.Event] = []
        self.composer.report_requested.connect(self.report_requested)
        self.list_view.save_requested.connect(self.save_attachment)
        self.search_bar.search_requested.connect(self.search)
        self.search_bar.hit_chosen.connect(self.reveal)
        self.list_view.warning_requested.connect(self.go_to_message)
        self.list_view.details_requested.connect(self.show_details)
        self.list_view.reply_requested.connect(self.start_reply)
        self.reply_banner.cancelled.connect(self.composer.edit.setFocus)
        # Escape while writing a reply makes it a plain message again (Signal's way).
        self._cancel_reply_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.composer)
        self._cancel_reply_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._cancel_reply_key.setEnabled(False)
        self._cancel_reply_key.activated.connect(self.reply_banner.cancel)
        self.reply_banner.cancelled.connect(lambda: self._cancel_reply_key.setEnabled(False))
        self.list_view.retry_requested.connect(self.retry)
        # Files dropped anywhere on the screen (the timeline, the composer) or pasted with
        # Ctrl+V in the timeline go to the confirm dialog, as from Attach….
        self.setAcceptDrops(True)
        self._paste_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste),
                                    self.list_view)
        self._paste_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._paste_key.activated.connect(self.paste_attachment)
        self.list_view.delete_requested.connect(self.confirm_delete)
        #: The open "Message details" dialog, if any.
        self.details_dialog: MessageDetailsDialog | None = None
        #: The open question before deleting an unsent message, if any.
        self.delete_box: QMessageBox | None = None
        self._tint()
        self.retranslate()

    def tab_title(self) -> str:
        return self.tr("Messages")

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
        self.closed_banner.setText(self._banner_text())
        self.demo_badge.setText(self.tr("DEMO"))
        self.demo_badge.setToolTip(self.tr("Demonstration operation: not real traffic"))
        self.demo_badge.setAccessibleName(self.tr("Demonstration operation"))
        self.list_view.setAccessibleName(self.tr("Messages"))
        # Report cards show their labels in the interface language: rows re-measured.
        self.list_view.scheduleDelayedItemsLayout()
        self.list_view.viewport().update()

    def _banner_text(self) -> str:
        """Why nothing can be sent here: removed from the operation, or it was closed."""
        channel = self._channel
        if channel is None:
            return ""
        if channel.role == "removed":
            text = (self.tr("You were removed from this operation by {name} on {date}. "
                            "What was sent until then stays here, read-only.").format(
                                name=channel.removed_by, date=_local_time(channel.removed_at_ms))
                    if channel.removed_by and channel.removed_at_ms is not None else
                    self.tr("You are no longer a member of this operation. What was sent "
                            "until then stays here, read-only."))
            return text if not channel.closed else text + " " + self._closed_text()
        return self._closed_text()

    def _closed_text(self) -> str:
        channel = self._channel
        if channel is None or not channel.closed:
            return ""
        text = self.tr("This operation was closed on {date}. No more messages or reports "
                       "can be sent to it.").format(date=_local_time(channel.closed_at_ms))
        if channel.history_deleted_at_ms is not None:
            text += " " + self.tr("Its messages on this computer will be deleted on "
                                  "{date}.").format(
                                      date=_local_time(channel.history_deleted_at_ms))
        return text

    def _show_lifecycle(self, channel: ChannelSummary) -> None:
        """A closed operation, or one this officer was removed from: the banner says so
        (and since when), the composer goes; the history stays, read-only."""
        removed = channel.role == "removed"
        self.closed_banner.setVisible(channel.closed or removed)
        self.composer.setVisible(not removed)
        self.composer.setEnabled(not removed and not channel.closed)
        self.list_view.replies_allowed = not removed and not channel.closed
        if not self.list_view.replies_allowed:
            self.reply_banner.clear()

    def _tint(self) -> None:
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        self.empty_state.set_icon_colour(colours["muted_text"])
        self.closed_banner.setStyleSheet(
            f"background: {colours['warning_soft']}; color: {colours['warning']};"
            " padding: 6px 12px;")
        self.reply_banner.tint(colours["accent"], colours["accent_soft"])
        self.demo_badge.setStyleSheet(
            f"background: {colours['warning_soft']}; color: {colours['warning']};"
            " font-weight: bold; padding: 2px 8px; border-radius: 4px;")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)

    def show_operation(self, channel: ChannelSummary) -> None:
        """Show ``channel``'s messages: a new model over the Workspace, newest page first."""
        workspace = self._context.workspace
        if workspace is None:
            return
        timeline = TimelineModel(workspace, channel.channel_id)
        self._channel = channel
        self.reply_banner.clear()  # a reply belongs to the operation it was started in
        self.demo_badge.setVisible(channel.demo)
        # Before the view's own handlers: the view must be showing when it lays out rows.
        timeline.modelReset.connect(self._show_rows_or_empty)
        timeline.rowsInserted.connect(self._show_rows_or_empty)
        self.list_view.set_timeline(timeline)
        timeline.revealed.connect(self._scroll_to_row)
        if not self.search_bar.all_operations:
            self.search_bar.set_hits(None)
        self._show_lifecycle(channel)
        self.retranslate()
        pending, self._pending_hit = self._pending_hit, None
        if pending is not None and pending.channel_id == channel.channel_id:
            timeline.reveal(pending)  # reads the page around the hit, not the newest
        else:
            timeline.load_newest()

    def update_operation(self, channel: ChannelSummary) -> None:
        """New summary of the open operation (renamed, closed, removed from it)."""
        if self._channel is not None and self._channel.channel_id == channel.channel_id:
            self._channel = channel
            self.demo_badge.setVisible(channel.demo)
            self._show_lifecycle(channel)
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

    def refresh(self, channel_ids: list[str]) -> bool:
        """New messages or delivery states in ``channel_ids``: re-read the open
        operation's timeline if it is one of them (True then)."""
        channel, timeline = self._channel, self.timeline
        if channel is None or timeline is None or channel.channel_id not in channel_ids:
            return False
        timeline.refresh()
        return True

    # -- sending --------------------------------------------------------------------

    def send_text(self, text: str) -> None:
        """Store the message (shown at once as queued); the shell has the sync loop send it."""
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or channel is None:
            return
        channel_id = channel.channel_id
        answered = self.reply_banner.entry
        reply_to = None if answered is None or answered.channel_id != channel_id \
            else answered.message_id
        (ServiceOp(self, lambda: workspace.sending.send_text(channel_id, text, deliver=False,
                                                             reply_to=reply_to))
         .success(lambda outcome: self._stored(text, outcome))
         .run_in_background())

    def _stored(self, text: str, outcome: SendOutcome) -> None:
        self.composer.clear_sent(text)
        self.reply_banner.clear()
        self._cancel_reply_key.setEnabled(False)
        self._after_send(outcome)

    def _after_send(self, outcome: SendOutcome) -> None:
        """Show the stored message and bring the officer to it, even from far back
        (the newest page is read again then: the model appends nothing while newer
        pages are let go of)."""
        timeline = self.timeline
        if timeline is not None:
            if timeline.has_newer:
                timeline.load_newest()
            else:
                timeline.refresh()
            self.list_view.follow_own_message(outcome.message_id)
        self.message_stored.emit(outcome)

    def send_files(self, paths: list[Path], caption: str = "") -> None:
        """Send files without asking (what the confirm dialog's Send leads to)."""
        self.send_attachments(ConfirmedAttachments(
            [PendingAttachment.of_file(path) for path in paths], caption))

    def send_attachments(self, confirmed: ConfirmedAttachments) -> None:
        """One attachment message per file, encrypted and uploaded on the service thread;
        the caption follows the last one as a reply to it."""
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or channel is None:
            return
        composer = self.composer
        channel_id = channel.channel_id
        last = len(confirmed.items) - 1
        for index, item in enumerate(confirmed.items):
            caption = confirmed.caption if index == last else ""

            def show(progress: object, name: str = item.name) -> None:
                if isinstance(progress, AttachmentProgress):
                    composer.show_upload_progress(name, progress)

            cancel = threading.Event()  # set on the GUI thread, read on the service thread
            self._upload_flags.append(cancel)

            def send(report: Callable[[object], None], item: PendingAttachment = item,
                     caption: str = caption, cancel: threading.Event = cancel) -> SendOutcome:
                if item.data is not None:  # a pasted image: encrypted from memory
                    return workspace.sending.send_attachment_data(
                        channel_id, item.name, item.data, media_type="image/png",
                        progress=PercentSteps(report), caption=caption or None,
                        cancelled=cancel.is_set)
                assert item.path is not None
                return workspace.sending.send_attachment(
                    channel_id, item.path, progress=PercentSteps(report),
                    caption=caption or None, cancelled=cancel.is_set)

            composer.begin_upload(item.name)
            (ServiceOp.reporting(self, send)
             .on_report(show)
             .success(self._attachment_sent)
             .failure(self._attachment_failed)
             .run_in_background())

    # -- drag and drop, paste -------------------------------------------------------

    def _can_attach(self) -> bool:
        return self.composer.isVisibleTo(self) and self.composer.isEnabled()

    def _offer(self, mime: QMimeData | None) -> bool:
        """Offer the files or the image in ``mime`` for sending; False if it has neither."""
        if mime is None or not self._can_attach():
            return False
        files = dropped_files(mime)
        if files:
            self.composer.offer_files(files)
            return True
        image = pasted_image(mime)
        if image is not None:
            self.composer.offer_image(image)
            return True
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self._can_attach() and (dropped_files(mime) or has_image(mime)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()  # only ever entered with something to attach

    def dropEvent(self, event: QDropEvent) -> None:
        if self._offer(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def paste_attachment(self) -> None:
        """Ctrl+V in the timeline: files or an image on the clipboard, to the confirm
        dialog (text goes nowhere: it is pasted into the message box)."""
        self._offer(QGuiApplication.clipboard().mimeData())

    def _attachment_sent(self, outcome: SendOutcome) -> None:
        self._upload_ended()
        self.composer.end_upload()
        self._after_send(outcome)

    def _attachment_failed(self, error: Exception) -> None:
        self._upload_ended()
        if isinstance(error, AttachmentCancelledError):
            self.composer.end_upload(cancelled=True)
            self.notice.emit(self.tr("Upload cancelled"))
            return
        self.composer.end_upload()
        report_failure(self.window(), error)

    def cancel_upload(self) -> None:
        """The composer's Cancel: the attachment being sent now stops at its next chunk
        (the service thread sends them one after the other, in order)."""
        if self._upload_flags:
            self._upload_flags[0].set()

    def _upload_ended(self) -> None:
        if self._upload_flags:
            self._upload_flags.pop(0)

    @property
    def folders(self) -> RememberedFolders:
        """Where Attach and Save open (shared with the composer)."""
        return self.composer.folders

    @folders.setter
    def folders(self, folders: RememberedFolders) -> None:
        self.composer.folders = folders

    def save_attachment(self, entry: TimelineEntry) -> None:
        """Ask where (Downloads, or the folder last saved to, under the sender's name made
        safe), then download, verify and decrypt on the service thread."""
        if entry.attachment is None or self._context.workspace is None:
            return
        suggested = self.folders.save_folder() / safe_file_name(entry.attachment.name)
        dialog = QFileDialog(self.window(), self.tr("Save attachment"), str(suggested))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile(str(suggested))
        dialog.fileSelected.connect(lambda target: self._save_chosen(entry, target))
        dialog.finished.connect(self._save_dialog_closed)
        _release(self.save_dialog_kept)
        self.save_dialog = self.save_dialog_kept = dialog
        dialog.open()

    def _save_chosen(self, entry: TimelineEntry, target: str) -> None:
        if target:
            self.folders.saved_to(Path(target))
            self.save_attachment_to(entry, Path(target))

    def _save_dialog_closed(self, _result: int) -> None:
        self.save_dialog = None

    def save_attachment_to(self, entry: TimelineEntry, target: Path) -> None:
        workspace = self._context.workspace
        if workspace is None:
            return
        message_id = entry.message_id
        (ServiceOp(self, lambda: workspace.attachments.save(message_id, target))
         .success(lambda saved: self.notice.emit(
             self.tr("Saved {path}").format(path=saved)))
         .with_progress(self.tr("Downloading and decrypting…"))
         .run_in_background())

    # -- message actions (issue 11) ------------------------------------------------------

    def start_reply(self, entry: TimelineEntry) -> None:
        """Reply: the banner names the message answered and the composer takes focus;
        the next text sent carries ``reply_to`` (only where the officer can send)."""
        if not self.composer.isVisible() or not self.composer.isEnabled():
            return
        self.reply_banner.reply_to(entry)
        self._cancel_reply_key.setEnabled(True)
        self.composer.edit.setFocus()

    def show_details(self, entry: TimelineEntry) -> None:
        """Read the message's details on the service thread, then show them."""
        workspace = self._context.workspace
        if workspace is None:
            return
        message_id = entry.message_id
        (ServiceOp(self, lambda: workspace.timeline.details(message_id))
         .success(self._details_read)
         .run_in_background())

    def _details_read(self, details: MessageDetails | None) -> None:
        if details is None:  # deleted meanwhile (retention, the officer)
            self.notice.emit(self.tr("This message is no longer on this computer."))
            return
        if self.details_dialog is not None:
            self.details_dialog.close()
            self.details_dialog.deleteLater()
        dialog = MessageDetailsDialog(details, self.window())
        dialog.finished.connect(self._details_closed)
        self.details_dialog = dialog
        dialog.open()

    def _details_closed(self, _result: int) -> None:
        dialog, self.details_dialog = self.details_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.list_view.setFocus()

    def retry(self, entry: TimelineEntry) -> None:
        """Queue an unsent message again; the shell's sync round (``message_stored``)
        sends it."""
        workspace = self._context.workspace
        if workspace is None:
            return
        message_id = entry.message_id
        (ServiceOp(self, lambda: workspace.sending.retry(message_id))
         .success(self._requeued)
         .run_in_background())

    def _requeued(self, outcome: SendOutcome) -> None:
        self.notice.emit(self.tr("Sending again…"))
        timeline = self.timeline
        if timeline is not None:
            timeline.refresh()
        self.message_stored.emit(outcome)

    def confirm_delete(self, entry: TimelineEntry) -> None:
        """Ask before deleting an unsent message (Cancel is the default): whether it was
        already encrypted decides what the question says, so the service says first."""
        workspace = self._context.workspace
        if workspace is None:
            return
        message_id = entry.message_id
        (ServiceOp(self, lambda: workspace.sending.is_link(message_id))
         .success(lambda link: self._ask_delete(entry, link))
         .run_in_background())

    def _ask_delete(self, entry: TimelineEntry, link: bool) -> None:
        text = self.tr("Delete this unsent message? It is removed from this computer and "
                       "will not be sent.")
        if link:
            text += " " + self.tr("It was already encrypted for the members: once your "
                                  "next message arrives, they see that one message from "
                                  "you is missing.")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete message"), text,
                          QMessageBox.StandardButton.NoButton, self.window())
        box.setObjectName("confirmDelete")
        delete = box.addButton(self.tr("&Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setAccessibleName(self.tr("Delete"))
        # Our own Cancel: Qt's standard one stays English in the Chinese interface.
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(self.tr("Cancel"))
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        delete.clicked.connect(lambda: self.delete_unsent(entry))
        box.finished.connect(self._delete_box_closed)
        self.delete_box = box
        box.open()

    def _delete_box_closed(self, _result: int) -> None:
        box, self.delete_box = self.delete_box, None
        if box is not None:
            box.deleteLater()
        self.list_view.setFocus()

    def delete_unsent(self, entry: TimelineEntry) -> None:
        workspace = self._context.workspace
        if workspace is None:
            return
        message_id = entry.message_id
        (ServiceOp(self, lambda: workspace.sending.delete_unsent(message_id))
         .success(lambda _none: self._deleted(message_id))
         .run_in_background())

    def _deleted(self, message_id: str) -> None:
        timeline = self.timeline
        if timeline is not None:
            timeline.remove_entry(message_id)
            self._show_rows_or_empty()
        self.notice.emit(self.tr("Message deleted."))

    # -- search ---------------------------------------------------------------------

    def open_search(self, all_operations: bool = False) -> None:
        """Ctrl+F: search the open operation; Ctrl+Shift+F: every operation (also with
        none open)."""
        if self._channel is not None or all_operations:
            self.search_bar.open(all_operations=all_operations)

    def search(self, query: str, all_operations: bool = False) -> None:
        """Run ``query`` on the service thread (FTS in the store); the operations'
        names come back with the hits, for the rows of a search over all of them."""
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or (channel is None and not all_operations):
            return
        channel_id = None if all_operations or channel is None else channel.channel_id

        def run() -> tuple[list[TimelineEntry], dict[str, str]]:
            hits = (workspace.timeline.search_all(query) if channel_id is None
                    else workspace.timeline.search(channel_id, query))
            names = ({c.channel_id: c.name for c in workspace.channels.all()}
                     if channel_id is None else {})
            return hits, names

        (ServiceOp(self, run)
         .success(lambda found: self._search_done(query, all_operations, *found))
         .run_in_background())

    def _search_done(self, query: str, all_operations: bool, hits: list[TimelineEntry],
                     names: dict[str, str]) -> None:
        if not self.search_bar.answers(query, all_operations):
            return  # the officer typed on: a newer query is on its way
        self.search_bar.set_hits(hits, query, names, all_operations=all_operations)
        self.search_finished.emit()

    def go_to_message(self, message_id: str) -> None:
        """Jump to a message of this channel (a feedback card's warning) as a search hit
        is jumped to: the loaded row at once, else read from the store, then revealed."""
        timeline, workspace, channel = self.timeline, self._context.workspace, self._channel
        if timeline is None or workspace is None or channel is None:
            return
        loaded = timeline.loaded_entry(message_id)
        if loaded is not None:
            self.reveal(loaded)
            return
        channel_id = channel.channel_id
        (ServiceOp(self, lambda: workspace.timeline.entry(channel_id, message_id))
         .success(lambda found: self.reveal(found) if found is not None else None)
         .run_in_background())

    def reveal(self, hit: TimelineEntry) -> None:
        """Go to ``hit``: in the open operation at once, else once the shell has opened
        the hit's operation (:attr:`operation_requested`)."""
        timeline = self.timeline
        if timeline is not None and timeline.channel_id == hit.channel_id:
            timeline.reveal(hit)
            return
        self._pending_hit = hit
        self.operation_requested.emit(hit.channel_id)


def _local_time(ms: int | None) -> str:
    """``ms`` as this computer's local date and time (the officer's own clock)."""
    if ms is None:
        return "?"
    return datetime.fromtimestamp(ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M")


def _release(dialog: QFileDialog | None) -> None:
    """Hand a finished file dialog back to Python, which frees it with the last reference."""
    if dialog is not None and dialog.isHidden():
        dialog.setParent(None)
