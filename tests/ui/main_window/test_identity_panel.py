"""The right pane on its own: with no operation open its members section is one
block under the device card, heading then hint, like Signal's and Element's empty
states; an open operation's members fill the pane."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from liaison_client.profile import NewProfile, Profile
from liaison_client.store.records import Role
from liaison_client.workspace import MemberSummary
from ui.main_window.identity_panel import IdentityPanel


@pytest.fixture
def panel(qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]]) -> IdentityPanel:
    """The pane at the height a full-screen main window gives it."""
    _, profile = make_profile(name="Li Wei", agency="广州海关 Guangzhou Customs")
    panel = IdentityPanel(profile.whoami(), profile.manifest.key_storage)
    qtbot.addWidget(panel)
    panel.resize(320, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_with_no_operation_open_the_members_hint_sits_right_under_its_heading(
        panel: IdentityPanel) -> None:
    heading = panel._members_heading.geometry()
    hint = panel.members_hint.geometry()
    card = panel._card.geometry()
    # Heading then hint, one layout spacing (8 px) apart, and the heading just
    # under the card: the block reads from the top, nothing drifts to the bottom.
    assert 0 <= hint.top() - heading.bottom() <= 12
    assert heading.top() - card.bottom() <= 30
    assert hint.bottom() < panel.height() // 2


def test_an_open_operations_members_take_the_rest_of_the_pane(
        panel: IdentityPanel) -> None:
    panel.show_members([MemberSummary("DEVICE1", "Li Wei", "Guangzhou Customs",
                                      Role.COORDINATOR, verified=True, key_changed=False)])
    assert panel.members_hint.isHidden()
    heading = panel._members_heading.geometry()
    members = panel.members_panel.geometry()
    assert 0 <= members.top() - heading.bottom() <= 12
    # Down to the pane's bottom margin (16 px).
    assert panel.height() - members.bottom() <= 20
