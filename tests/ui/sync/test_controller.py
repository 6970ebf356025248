"""SyncController against a real relay process: states, outbox, delivery, new mail.

The controller's rounds run on the real service thread; the officers on the other
side use their own Workspace directly (different profiles, different stores).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytestqt.qtbot import QtBot

from liaison_client.sync.connection import ConnectionState
from liaison_client.workspace import Workspace
from tests.relay.relay_process import RelayProcess, start_relay
from tests.relay.test_revocation import relay_command
from tests.sync.conftest import Officer, OfficerFactory
from ui.operations import ServiceOp, wait_for_background_work
from ui.sync.controller import SyncController

FAST_RETRIES = (0.2,)


@pytest.fixture
def controllers() -> Iterator[list[SyncController]]:
    started: list[SyncController] = []
    yield started
    for controller in started:
        controller.stop()
    assert wait_for_background_work(30_000)


def controller_for(officer: Officer, controllers: list[SyncController],
                   **options: object) -> SyncController:
    controller = SyncController(officer.profile, officer.workspace,
                                retry_delays=FAST_RETRIES, **options)  # type: ignore[arg-type]
    controllers.append(controller)
    return controller


def connected(qtbot: QtBot, controller: SyncController) -> None:
    controller.start()
    qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=15_000)


def on_service_thread(qtbot: QtBot, parent: SyncController, call: object) -> object:
    """Run ``call`` through ServiceOp as the main window would, and wait for it."""
    results: list[object] = []
    ServiceOp(parent, call).success(results.append).run_in_background()  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(results), timeout=15_000)
    return results[0]


def shared_channel(coordinator: Officer, member: Officer, name: str = "Op Jade") -> str:
    channel_id = coordinator.workspace.channels.create(name).channel_id
    assert coordinator.workspace.channels.invite(channel_id, member.device_id,
                                                 name=member.name).accepted
    member.sync()
    return channel_id


def test_a_message_from_another_officer_arrives_without_asking(
        qtbot: QtBot, make_officer: OfficerFactory, controllers: list[SyncController]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    controller = controller_for(li, controllers)
    connected(qtbot, controller)
    qtbot.waitUntil(lambda: controller.waiting_on_relay, timeout=10_000)

    channel_id = anna.workspace.channels.create("Op Jade").channel_id
    text = "Container MSKU 123 cleared 货柜已放行"
    with qtbot.waitSignal(controller.new_messages, timeout=30_000) as arrived, \
            qtbot.waitSignal(controller.channels_changed, timeout=30_000):
        assert anna.workspace.channels.invite(channel_id, li.device_id, name=li.name).accepted
        assert anna.workspace.sending.send_text(channel_id, text).accepted

    assert arrived.args == [[(channel_id, "Op Jade", "Anna Schmidt", text)]]


def test_relay_down_is_offline_keeps_the_outbox_and_delivers_when_it_returns(
        qtbot: QtBot, relay: RelayProcess, make_officer: OfficerFactory,
        controllers: list[SyncController]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = shared_channel(li, anna)
    controller = controller_for(li, controllers)
    connected(qtbot, controller)
    states: list[tuple[str, int]] = []
    controller.connection_changed.connect(lambda state, outbox: states.append((state, outbox)))

    relay.kill()
    outcome = on_service_thread(
        qtbot, controller, lambda: li.workspace.sending.send_text(channel_id, "Truck at gate 4"))
    assert not outcome.accepted  # type: ignore[attr-defined]
    controller.request_sync()
    qtbot.waitUntil(lambda: controller.state == ConnectionState.OFFLINE, timeout=30_000)
    assert controller.outbox >= 1
    assert [state for state, _ in states][:2] == ["reconnecting", "offline"]
    assert ("offline", controller.outbox) in states

    port = urlsplit(relay.url).port
    back = start_relay(relay.data_dir, *relay.args, "--port", str(port))
    try:
        qtbot.waitUntil(
            lambda: controller.state == ConnectionState.ONLINE and controller.outbox == 0,
            timeout=30_000)
        controller.stop()
        assert wait_for_background_work(30_000)
        anna.sync()
        assert "Truck at gate 4" in anna.texts(channel_id)
    finally:
        back.stop()


def test_a_send_during_a_long_poll_does_not_wait_for_it(
        qtbot: QtBot, make_officer: OfficerFactory, controllers: list[SyncController]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = shared_channel(li, anna)
    controller = controller_for(li, controllers, wait_seconds=60.0)
    connected(qtbot, controller)
    qtbot.waitUntil(lambda: controller.waiting_on_relay, timeout=10_000)

    outcome = on_service_thread(
        qtbot, controller, lambda: li.workspace.sending.send_text(channel_id, "Vessel ETA 14:00"))

    assert outcome.accepted  # type: ignore[attr-defined]
    # The send went out while the helper thread was still inside its long-poll.
    assert controller.waiting_on_relay


def test_stop_ends_the_relay_wait_by_itself(
        qtbot: QtBot, make_officer: OfficerFactory, controllers: list[SyncController]) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    controller = controller_for(li, controllers, wait_seconds=60.0)
    connected(qtbot, controller)
    qtbot.waitUntil(lambda: controller.waiting_on_relay, timeout=10_000)

    controller.stop()

    qtbot.waitUntil(lambda: not controller.waiting_on_relay, timeout=10_000)
    assert not any(t.name == "liaison-relay-waiter" for t in threading.enumerate())


def test_a_profile_without_relay_reports_no_relay(
        qtbot: QtBot, tmp_path: Path, make_profile: object,
        controllers: list[SyncController]) -> None:
    _, profile = make_profile()  # type: ignore[operator]
    workspace = Workspace.for_profile(profile)
    controller = SyncController(profile, workspace)
    controllers.append(controller)
    with qtbot.waitSignal(controller.connection_changed, timeout=15_000) as changed:
        controller.start()
    assert changed.args == [ConnectionState.NO_RELAY, 0]
    assert not controller.waiting_on_relay
    controller.stop()
    assert wait_for_background_work(30_000)
    workspace.close()


def test_the_coordinator_is_told_when_a_revoked_device_is_removed(
        qtbot: QtBot, make_officer: OfficerFactory, relay: RelayProcess,
        controllers: list[SyncController]) -> None:
    """Issue 10, item 5: the desktop's own sync removes a device IT revoked, and says so."""
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = shared_channel(li, anna)
    controller = controller_for(li, controllers)
    connected(qtbot, controller)
    assert relay_command(relay, "revoke", anna.device_id).returncode == 0
    expected = "Anna Schmidt was removed from Op Jade: the relay's administrator revoked " \
        "the device"
    notices: list[str] = []
    controller.notice.connect(notices.append)
    controller.request_sync()  # an explicit sync asks the directory at once
    qtbot.waitUntil(lambda: expected in notices, timeout=30_000)
    members = on_service_thread(qtbot, controller,
                                lambda: li.workspace.channels.members(channel_id))
    assert anna.device_id not in {m.device_id for m in members}  # type: ignore[attr-defined]
