""""Message details" (issue 11, message actions): when a message was sent and received,
who sent it and whether their key is verified on this computer, and for the officer's
own message where each member's copy stands — "Delivered to 3 of 5" over the list of
members, as Signal's and Element's message info do — and, where the operation's
coordinator turned read receipts on, who has read it and when ("Read by 2 of 5").

It shows a :class:`~liaison_client.workspace.MessageDetails` read on the service thread
by the timeline screen; it reads nothing itself. Times are this computer's local time,
with seconds (the row shows minutes only).
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_client.display_text import display_text
from liaison_client.workspace import (
    LocalDeliveryState,
    MemberDelivery,
    MemberRead,
    MessageDetails,
    MessageState,
    TimelineState,
)
from ui.timeline.timeline_text import state_text
from ui.widgets.text_fitting_dialog import TextFittingDialog


def exact_time(ms: int) -> str:
    """Date and time with seconds, in the interface language's short format."""
    locale = QLocale()
    pattern = locale.dateTimeFormat(QLocale.FormatType.ShortFormat)
    if ":ss" not in pattern:
        pattern = pattern.replace(":mm", ":mm:ss")
    return locale.toString(QDateTime.fromMSecsSinceEpoch(ms), pattern)


def _member_list(parent: QWidget, name: str, columns: int) -> QTreeWidget:
    """A read-only list with a row per member: the name takes the room, the other
    columns their text's width (nothing to edit, so no grid lines)."""
    members = QTreeWidget(parent)
    members.setObjectName(name)
    members.setRootIsDecorated(False)
    members.setAlternatingRowColors(True)
    members.setColumnCount(columns)
    members.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = members.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, columns):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return members


class MessageDetailsDialog(TextFittingDialog):
    def __init__(self, details: MessageDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageDetailsDialog")
        self.details = details
        self.sender_label = QLabel(self)
        self.verification_label = QLabel(self)
        self.sent_label = QLabel(self)
        self.received_label = QLabel(self)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.delivery_label = QLabel(self)
        # A row per member: name, where the copy stands, since when (three columns, as
        # Signal's message info lists them).
        self.delivery_list = _member_list(self, "deliveryList", 3)
        # Who read it (read receipts): name and when, first reader first.
        self.read_label = QLabel(self)
        self.read_label.setWordWrap(True)
        self.read_list = _member_list(self, "readList", 2)
        for label in (self.sender_label, self.verification_label, self.sent_label,
                      self.received_label, self.state_label, self.delivery_label,
                      self.read_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._captions = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, field in zip(self._captions, (self.sender_label, self.verification_label,
                                                   self.sent_label, self.received_label,
                                                   self.state_label), strict=True):
            caption.setBuddy(field)
            form.addRow(caption, field)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(form)
        self._layout.addWidget(self.delivery_label)
        self._layout.addWidget(self.delivery_list, 1)
        self._layout.addWidget(self.read_label)
        self._layout.addWidget(self.read_list, 1)
        self._layout.addLayout(buttons)
        own = details.own
        self.delivery_label.setVisible(own)
        self.delivery_list.setVisible(own)
        self.read_label.setVisible(own)
        # Receipts kept from while they were on still show after they were turned off.
        self.read_list.setVisible(own and (details.read_receipts or bool(details.reads)))
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        details = self.details
        self.setWindowTitle(self.tr("Message details"))
        captions = (self.tr("Sender:"), self.tr("Verification:"), self.tr("Sent:"),
                    self.tr("Received:"), self.tr("Status:"))
        for caption, text in zip(self._captions, captions, strict=True):
            caption.setText(text)
        sender = display_text(details.sender_name)
        agency = display_text(details.sender_agency)
        self.sender_label.setText(
            self.tr("{name} (you)").format(name=sender) if details.own else
            self.tr("{name}, {agency}").format(name=sender, agency=agency) if agency else sender)
        self.verification_label.setText(self._verification_text())
        self.sent_label.setText(exact_time(details.sent_at_ms))
        self.received_label.setText(
            exact_time(details.received_at_ms) if details.received_at_ms else "—")
        self.state_label.setText(self._state_text())
        self.delivery_label.setText(self.tr("Delivered to {delivered} of {total} members")
                                    .format(delivered=details.delivered,
                                            total=details.recipients)
                                    if details.recipients else
                                    self.tr("No other member to deliver to"))
        self.delivery_list.setAccessibleName(self.tr("Delivery per member"))
        self.delivery_list.setHeaderLabels([self.tr("Member"), self.tr("Status"),
                                            self.tr("Since")])
        self.delivery_list.clear()
        for delivery in details.deliveries:
            since = exact_time(delivery.updated_at_ms) if delivery.updated_at_ms and \
                delivery.state is not LocalDeliveryState.QUEUED else "—"
            name = display_text(delivery.name)
            agency = display_text(delivery.agency)
            item = QTreeWidgetItem(self.delivery_list,
                                   [name, self._delivery_state(delivery), since])
            item.setToolTip(0, f"{name}, {agency}" if agency else name)
            item.setData(0, Qt.ItemDataRole.UserRole, delivery.device_id)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                         self._delivery_text(delivery))
        self.read_label.setText(self._read_summary())
        self.read_list.setAccessibleName(self.tr("Read by"))
        self.read_list.setHeaderLabels([self.tr("Member"), self.tr("Read")])
        self.read_list.clear()
        for read in details.reads:
            name = display_text(read.name)
            agency = display_text(read.agency)
            item = QTreeWidgetItem(self.read_list, [name, exact_time(read.read_at_ms)])
            item.setToolTip(0, f"{name}, {agency}" if agency else name)
            item.setData(0, Qt.ItemDataRole.UserRole, read.device_id)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, self._read_text(read))
        self.close_button.setText(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close"))

    def _read_summary(self) -> str:
        details = self.details
        if not details.read_receipts:
            if details.reads:
                return self.tr("Read by {read} of {total} members before read receipts were "
                               "turned off").format(read=details.read,
                                                    total=details.recipients)
            return self.tr("Read receipts are off in this operation: its coordinator can "
                           "turn them on.")
        if not details.recipients:
            return self.tr("No other member to read it")
        return self.tr("Read by {read} of {total} members").format(
            read=details.read, total=details.recipients)

    def _read_text(self, read: MemberRead) -> str:
        """One reader's row as a screen reader reads it."""
        return self.tr("{name}: read {time}").format(name=display_text(read.name),
                                                     time=exact_time(read.read_at_ms))

    def _verification_text(self) -> str:
        details = self.details
        if details.own:
            return self.tr("Your own device")
        if details.sender_key_changed:
            return self.tr("Key changed since it was last verified: compare safety numbers "
                           "again")
        if details.sender_verified:
            return self.tr("Verified: you compared safety numbers")
        return self.tr("Not verified: safety numbers not compared yet")

    def _state_text(self) -> str:
        details = self.details
        if details.refused_because is not None:
            return self.tr("Not sent: the relay refused it ({reason})").format(
                reason=details.refused_because)
        if details.state is MessageState.RECEIVED:
            return state_text(TimelineState.RECEIVED)
        return state_text(TimelineState.of_message(details.state))

    def _delivery_text(self, delivery: MemberDelivery) -> str:
        """One member's row as a screen reader reads it."""
        state = self._delivery_state(delivery)
        name = display_text(delivery.name)
        if delivery.state is not LocalDeliveryState.QUEUED and delivery.updated_at_ms:
            return self.tr("{name}: {state}, {time}").format(
                name=name, state=state, time=exact_time(delivery.updated_at_ms))
        return self.tr("{name}: {state}").format(name=name, state=state)

    def _delivery_state(self, delivery: MemberDelivery) -> str:
        states = {
            LocalDeliveryState.QUEUED: self.tr("waiting to be sent"),
            LocalDeliveryState.SENT: self.tr("on the relay, not yet fetched"),
            LocalDeliveryState.DELIVERED: self.tr("delivered"),
            LocalDeliveryState.EXPIRED: self.tr("expired on the relay before it was fetched"),
        }
        return states[delivery.state]
