"""The demo workspace: two real profiles on an embedded relay, a live exchange."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison_client.demo_workspace import (
    AUTO_REPLY,
    DEMO_CHANNEL,
    DEMO_OFFICER_NAME,
    SCRIPT,
    DemoSession,
    open_demo,
)
from liaison_client.workspace import Workspace


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoSession]:
    session = open_demo(tmp_path / "demo", interval=0.1)
    yield session
    session.close()
    session.profile.close()


def texts(workspace: Workspace, channel_id: str) -> list[str]:
    return [entry.text for entry in workspace.timeline.messages(channel_id)]


@pytest.mark.slow
def test_the_newcomer_is_invited_to_a_channel_marked_demo(demo: DemoSession) -> None:
    with Workspace.for_profile(demo.profile) as workspace:
        workspace.sync()
        channels = workspace.channels.all()
    assert [c.name for c in channels] == [DEMO_CHANNEL]
    assert DEMO_CHANNEL.startswith("DEMO")


@pytest.mark.slow
def test_the_demo_officer_talks_and_answers_the_newcomer(demo: DemoSession) -> None:
    officer = demo.officer
    officer.step()
    officer.step()
    with Workspace.for_profile(demo.profile) as workspace:
        workspace.sync()
        channel_id = officer.channel_id
        assert texts(workspace, channel_id)[-2:] == list(SCRIPT[:2])
        members = {m.name for m in workspace.channels.members(channel_id)}
        assert DEMO_OFFICER_NAME in members
        assert workspace.sending.send_text(channel_id, "Hello from the newcomer").accepted
        officer.step()
        workspace.sync()
        assert AUTO_REPLY in texts(workspace, channel_id)


@pytest.mark.slow
def test_reopening_the_demo_continues_the_script_without_repeating_it(tmp_path: Path) -> None:
    first = open_demo(tmp_path / "demo", interval=0.1)
    first.officer.step()
    first.close()
    first.profile.close()
    second = open_demo(tmp_path / "demo", interval=0.1)
    try:
        assert second.officer.script_position == 1
        second.officer.step()
        with Workspace.for_profile(second.profile) as workspace:
            workspace.sync()
            said = texts(workspace, second.officer.channel_id)
        assert said.count(SCRIPT[0]) == 1
        assert SCRIPT[1] in said
    finally:
        second.close()
        second.profile.close()


@pytest.mark.slow
def test_the_officer_thread_stops_by_itself_when_asked(demo: DemoSession) -> None:
    demo.officer.start()
    assert demo.officer.running
    demo.officer.stop(timeout=10.0)
    assert not demo.officer.running
