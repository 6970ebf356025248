"""The members list: name, agency, role and verification state each readable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison_client.store.records import Role
from liaison_client.workspace import MemberSummary
from ui.appearance import Appearance
from ui.members.member_row_delegate import height_to_draw_all
from ui.members.members_panel import MembersPanel

LI = MemberSummary("LIDEVICE", "Li Wei", "广州海关 Guangzhou Customs", Role.COORDINATOR,
                   verified=False, key_changed=False)
ANNA = MemberSummary("ANNADEVICE", "Anna Schmidt", "Zoll Hamburg", Role.MEMBER,
                     verified=False, key_changed=True)


def shown_panel(qtbot: QtBot) -> MembersPanel:
    panel = MembersPanel(LI.device_id)
    qtbot.addWidget(panel)
    panel.set_members([ANNA, LI])
    panel.resize(290, 400)  # the right pane's default width
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_name_agency_and_role_with_state_are_a_line_each(
        qtbot: QtBot, appearance: Appearance) -> None:
    panel = shown_panel(qtbot)
    rows = [panel.model.index(row).data().splitlines() for row in range(2)]
    assert rows == [["Li Wei", "广州海关 Guangzhou Customs", "coordinator · this device"],
                    ["Anna Schmidt", "Zoll Hamburg", "member · ⚠ KEY CHANGED — verify again"]]


def test_a_row_with_a_chinese_agency_is_tall_enough_for_all_three_lines(
        qtbot: QtBot, appearance: Appearance) -> None:
    """The CJK fallback font makes the agency line taller: Qt's own row height then
    dropped the third line (role and verification state)."""
    panel = shown_panel(qtbot)
    view = panel.list_view
    for row in range(2):
        index = panel.model.index(row)
        lines = index.data().splitlines()
        assert height_to_draw_all(lines, view.font()) <= view.visualRect(index).height()
    cjk_row = view.visualRect(panel.model.index(0)).height()
    latin_row = view.visualRect(panel.model.index(1)).height()
    assert cjk_row > latin_row


def test_the_tooltip_has_the_agency_in_full_and_the_device_id(
        qtbot: QtBot, appearance: Appearance) -> None:
    panel = shown_panel(qtbot)
    tooltip = panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "广州海关 Guangzhou Customs\nLIDEVICE"


def test_a_device_the_relay_revoked_is_marked_revoked(
        qtbot: QtBot, appearance: Appearance) -> None:
    """Issue 10, item 5: members see a revoked member before the coordinator's
    removal reaches them (the mark comes from ``DirectoryService.mark_revoked``)."""
    panel = MembersPanel(LI.device_id)
    qtbot.addWidget(panel)
    revoked = MemberSummary("TOMASDEVICE", "Tomás García", "Aduana Algeciras", Role.MEMBER,
                            verified=True, key_changed=False, revoked_at_ms=1_800_000_000_000)
    panel.set_members([LI, revoked])
    index = panel.model.index(panel.model.row_of("TOMASDEVICE") or 0)
    assert index.data().splitlines()[2] == "member · ⛔ revoked by the relay's administrator"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == index.data()
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
