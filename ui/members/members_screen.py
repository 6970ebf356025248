"""The members screen: the open operation's members and what can be done about them.

:class:`MembersPanel` is the view (list and buttons, it only asks);
this screen adds the service calls behind it, each through :class:`ServiceOp`:
read the members, show and confirm a safety number (:class:`VerifyDialog`), invite
an officer from the relay's directory (:class:`InviteDialog`), remove a member after
confirming. It sits in the right pane under the device card; the shell tells it which
operation is open and hears back through signals when members were read or changed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from liaison_client.workspace import (
    ChannelSummary,
    ComparedBy,
    MemberSummary,
    SafetyNumberView,
    SendOutcome,
)
from ui.invite.invite_dialog import InviteDialog
from ui.members.members_panel import MembersPanel
from ui.operations import ServiceOp, report_failure
from ui.screens import ScreenContext
from ui.verify.verify_dialog import VerifyDialog


class MembersScreen(MembersPanel):
    #: The open operation's members were (re)read (the ``list[MemberSummary]``).
    loaded = Signal(object)
    #: An invitation or a removal was stored (and sent, or queued): the operations
    #: list and the relay should hear of it.
    membership_changed = Signal()
    #: A line for the status bar.
    notice = Signal(str)
    #: A member was marked verified or not verified: the timeline shows the decision.
    trust_changed = Signal()

    def __init__(self, context: ScreenContext, own_device_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(own_device_id, parent)
        self._context = context
        self._channel: ChannelSummary | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.invite_dialog: InviteDialog | None = None
        self.verify_requested.connect(self.open_verify_dialog)
        self.invite_requested.connect(self.open_invite_dialog)
        self.remove_requested.connect(self.confirm_removal)

    def show_operation(self, channel: ChannelSummary) -> None:
        """The officer opened ``channel``: read its members."""
        self._channel = channel
        self.reload()

    def update_operation(self, channel: ChannelSummary) -> None:
        """A new summary of the open operation (its name in the removal question)."""
        if self._channel is not None and self._channel.channel_id == channel.channel_id:
            self._channel = channel

    def reload(self) -> None:
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or channel is None:
            return
        channel_id = channel.channel_id
        # With the relay directory's revocation marks (issue 10, item 5); a
        # relay out of reach leaves them off, the list still shows.
        (ServiceOp(self, lambda: workspace.directory.mark_revoked(
            workspace.channels.members(channel_id)))
         .success(self.loaded.emit)
         .run_in_background())

    # -- verify -------------------------------------------------------------------------

    def open_verify_dialog(self, member: MemberSummary) -> None:
        workspace = self._context.workspace
        if workspace is None:
            return
        device_id = member.device_id
        (ServiceOp(self, lambda: workspace.trust.safety_number(device_id))
         .success(self._show_verify_dialog)
         .run_in_background())

    def _show_verify_dialog(self, view: SafetyNumberView) -> None:
        if self.verify_dialog is None:
            self.verify_dialog = VerifyDialog(view, self.window())
            self.verify_dialog.verify_requested.connect(self._mark_verified)
            self.verify_dialog.unverify_requested.connect(self._mark_not_verified)
        else:
            self.verify_dialog.set_view(view)
        self.verify_dialog.open()

    def _mark_verified(self, device_id: str, compared_by: str, shown: str) -> None:
        """Verify the key the officer compared (``shown``): a key that changed while the
        dialog was open is refused by the service, not trusted."""
        workspace = self._context.workspace
        if workspace is None:
            return
        how = ComparedBy(compared_by)
        (ServiceOp(self, lambda: workspace.trust.verify(device_id, compared_by=how,
                                                        shown=shown))
         .success(self._verified)
         .failure(self._verify_failed)
         .run_in_background())

    def _mark_not_verified(self, device_id: str) -> None:
        workspace = self._context.workspace
        if workspace is None:
            return
        (ServiceOp(self, lambda: workspace.trust.unverify(device_id))
         .success(self._verified)
         .run_in_background())

    def _verified(self, view: SafetyNumberView) -> None:
        if self.verify_dialog is not None:
            self.verify_dialog.set_view(view)
        self.reload()
        self.trust_changed.emit()

    def _verify_failed(self, exc: Exception) -> None:
        if self.verify_dialog is not None:
            self.verify_dialog.back_to_compare()
        report_failure(self.window(), exc)

    # -- invite and remove ----------------------------------------------------------------

    def open_invite_dialog(self) -> None:
        channel = self._channel
        if channel is None:
            return
        workspace = self._context.workspace
        self.invite_dialog = InviteDialog(
            channel.name, self.window(), channel_id=channel.channel_id,
            directory=None if workspace is None else workspace.directory.search)
        self.invite_dialog.accepted.connect(self._invite_accepted)
        self.invite_dialog.open()

    def _invite_accepted(self) -> None:
        dialog, workspace, channel = self.invite_dialog, self._context.workspace, self._channel
        if dialog is None or workspace is None or channel is None:
            return
        channel_id, device_id, name = channel.channel_id, dialog.device_id, dialog.display_name
        (ServiceOp(self, lambda: workspace.channels.invite(channel_id, device_id, name=name))
         .success(self._membership_changed)
         .with_progress(self.tr("Inviting…"))
         .run_in_background())

    def confirm_removal(self, member: MemberSummary) -> None:
        box = self.removal_box(member)
        if box is None:
            return
        box.exec()
        clicked = box.clickedButton()
        if clicked is not None and \
                box.buttonRole(clicked) is QMessageBox.ButtonRole.DestructiveRole:
            self.remove_member(member)

    def removal_box(self, member: MemberSummary) -> QMessageBox | None:
        """The question before removing ``member`` (Cancel is the default button)."""
        channel = self._channel
        if channel is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove member"), self.tr(
            "Remove {name} ({agency}) from {operation}? They keep what they already "
            "received but cannot read anything sent from now on.").format(
                name=member.name, agency=member.agency or "-", operation=channel.name),
            QMessageBox.StandardButton.NoButton, self.window())
        box.setObjectName("confirmRemoval")
        remove = box.addButton(self.tr("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setAccessibleName(self.tr("Remove"))
        # Our own Cancel: Qt's standard one stayed English in the Chinese interface.
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(self.tr("Cancel"))
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return box

    def remove_member(self, member: MemberSummary) -> None:
        workspace, channel = self._context.workspace, self._channel
        if workspace is None or channel is None:
            return
        channel_id, device_id = channel.channel_id, member.device_id
        (ServiceOp(self, lambda: workspace.channels.remove(channel_id, device_id))
         .success(self._membership_changed)
         .with_progress(self.tr("Removing…"))
         .run_in_background())

    def _membership_changed(self, outcome: SendOutcome) -> None:
        if not outcome.accepted:
            self.notice.emit(self.tr("Membership change queued: {why}").format(
                why=outcome.problem))
        self.reload()
        self.membership_changed.emit()
