"""Joining, leaving and verifying are visible (issue 11, item 6): Anna Schmidt's window
(a real SyncController) while Li Wei, the coordinator, invites and removes her over a
real relay; and Li's own verification decisions in his timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from liaison_client.sync.connection import ConnectionState
from tests.sync.conftest import Officer, OfficerFactory
from tests.ui.screen_testing import WAIT_MS, Screenshot
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.operations import wait_for_background_work
from ui.sync.controller import SyncController
from ui.timeline.timeline_text import event_text


@dataclass
class Window:
    window: MainWindow
    controller: SyncController

    def operations(self) -> list[str]:
        model = self.window.operations_screen.model
        return [model.channel_at(r).name for r in range(model.rowCount())]

    def event_lines(self) -> list[str]:
        timeline = self.window.timeline_screen.timeline
        if timeline is None:
            return []
        entries = [timeline.entry_at(r) for r in range(timeline.rowCount())]
        return [event_text(e.event) for e in entries if e.event is not None]


OpenWindow = Callable[[Officer], Window]


@pytest.fixture
def open_window(qtbot: QtBot, appearance: Appearance) -> Iterator[OpenWindow]:
    opened: list[Window] = []

    def open_for(officer: Officer) -> Window:
        controller = SyncController(officer.profile, officer.workspace, retry_delays=(0.2,))
        window = MainWindow(officer.profile, appearance, officer.workspace, controller)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
            window.show()
        controller.start()
        qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=WAIT_MS)
        shown = Window(window, controller)
        opened.append(shown)
        return shown

    yield open_for
    for shown in opened:
        shown.controller.stop()
    assert wait_for_background_work(30_000)


@pytest.mark.shared_relay
def test_an_invited_operation_appears_at_once_and_a_removal_shows_a_read_only_banner(
        qtbot: QtBot, make_officer: OfficerFactory, open_window: OpenWindow,
        screenshot: Screenshot) -> None:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    emma = make_officer("Emma Clarke", "UK Border Force")
    anna_window: Window = open_window(anna)
    channel_id = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    assert li.workspace.channels.invite(channel_id, anna.device_id, name=anna.name).accepted
    anna_window.controller.request_sync()
    # No message was sent: the invitation alone lists the operation.
    qtbot.waitUntil(lambda: anna_window.operations() == ["Op Jade 翡翠行动"], timeout=WAIT_MS)
    assert anna_window.window.operations_screen.select(channel_id)
    qtbot.waitUntil(lambda: "Li Wei invited you" in anna_window.event_lines(), timeout=WAIT_MS)
    assert anna_window.event_lines() == ["Li Wei invited you"]
    assert li.workspace.channels.invite(channel_id, emma.device_id, name=emma.name).accepted
    assert li.workspace.sending.send_text(channel_id, "Reefer MSKU 7654321 on Friday").accepted
    li.sync()
    anna_window.controller.request_sync()
    qtbot.waitUntil(lambda: "Li Wei invited Emma Clarke" in anna_window.event_lines(),
                    timeout=WAIT_MS)
    screen = anna_window.window.timeline_screen
    assert screen.composer.isVisible()
    assert screen.closed_banner.isHidden()

    assert li.workspace.channels.remove(channel_id, anna.device_id).accepted
    anna_window.controller.request_sync()
    qtbot.waitUntil(lambda: "You were removed from this operation by Li Wei"
                    in anna_window.event_lines(), timeout=WAIT_MS)
    qtbot.waitUntil(screen.closed_banner.isVisible, timeout=WAIT_MS)
    assert screen.closed_banner.text().startswith(
        "You were removed from this operation by Li Wei on ")
    assert screen.closed_banner.text().endswith(
        "What was sent until then stays here, read-only.")
    assert not screen.composer.isVisible()
    timeline = screen.timeline
    assert timeline is not None
    assert "Reefer MSKU 7654321 on Friday" in [
        timeline.entry_at(r).text for r in range(timeline.rowCount())]
    screenshot(anna_window.window, "main-window-removed")


@pytest.mark.shared_relay
def test_verifying_and_unverifying_in_the_dialog_are_logged_in_the_timeline(
        qtbot: QtBot, make_officer: OfficerFactory, open_window: OpenWindow,
        screenshot: Screenshot) -> None:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    assert li.workspace.channels.invite(channel_id, anna.device_id, name=anna.name).accepted
    shown: Window = open_window(li)
    assert shown.window.operations_screen.select(channel_id)
    qtbot.waitUntil(lambda: "You invited Anna Schmidt" in shown.event_lines(), timeout=WAIT_MS)
    members = shown.window.members_screen
    panel = shown.window.identity_panel.members_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)
    panel.select(anna.device_id)
    panel.verify_button.click()
    qtbot.waitUntil(lambda: members.verify_dialog is not None
                    and members.verify_dialog.isVisible(), timeout=WAIT_MS)
    dialog = members.verify_dialog
    assert dialog is not None
    dialog.compared_check.setChecked(True)
    dialog.verify_button.click()
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: "You verified Anna Schmidt's key by comparing the 60 digits"
                    in shown.event_lines(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.unverify_button.isVisible(), timeout=WAIT_MS)
    dialog.unverify_button.click()
    qtbot.waitUntil(lambda: "You marked Anna Schmidt as not verified" in shown.event_lines(),
                    timeout=WAIT_MS)
    assert not li.workspace.trust.safety_number(anna.device_id).verified
    dialog.reject()
    screenshot(shown.window, "main-window-verification-events")
