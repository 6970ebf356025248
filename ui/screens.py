"""What a screen of the main window is, and what the shell hands each one.

The main window (``ui/main_window/``) is a shell: menus, status bar, lock, the
layout. The screens it hosts each live in a folder of their own and own their
model, their view and the service calls they make through
:class:`~ui.operations.ServiceOp` (Anki's layout, see docs/UI.md):

* ``ui/operations_list/`` — :class:`~ui.operations_list.operations_screen.OperationsScreen`,
  the left pane;
* ``ui/timeline/`` — :class:`~ui.timeline.timeline_screen.TimelineScreen`, the open
  operation's messages, the first tab of the centre area;
* ``ui/members/`` — :class:`~ui.members.members_screen.MembersScreen`, the open
  operation's members in the right pane.

Screens never call each other: each says what happened with a Qt signal and the
shell connects them. A screen about the open operation (messages today;
watch-lists, reports, transcripts next) implements :class:`OperationScreen` and
is added to the centre area's tabs with ``MainWindow.add_operation_screen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from liaison_client.workspace import ChannelSummary, Workspace


@dataclass
class ScreenContext:
    """The one open :class:`Workspace`, shared by the shell and every screen it hosts.

    ``None`` until the shell has opened it (a window opening its own Workspace does
    so on the service thread) and again once the window closed it: a screen checks
    before each call, as the window always did.
    """

    workspace: Workspace | None = None


class OperationScreen(Protocol):
    """A screen about the open operation: one tab of the centre area.

    The shell calls :meth:`show_operation` when the officer opens an operation and
    :meth:`update_operation` with each fresh summary of the open one (renamed,
    closed, this officer removed); the screen loads what it shows through
    ``ServiceOp`` itself. An implementation is a ``QWidget``.
    """

    def tab_title(self) -> str:
        """The tab's label in the current language (re-read on a language change)."""
        ...

    def show_operation(self, channel: ChannelSummary) -> None:
        """Show ``channel``, the operation the officer just opened."""
        ...

    def update_operation(self, channel: ChannelSummary) -> None:
        """A new summary of some operation; only the open one concerns the screen."""
        ...
