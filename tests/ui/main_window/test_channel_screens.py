"""The channel screens with a real store: language switch at runtime, dark theme,
a refused envelope and an attachment in the timeline; screenshots of each."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from liaison_client.channels.payloads import AttachmentBody
from liaison_client.crypto.rejection import Rejection
from liaison_client.profile import Profile
from liaison_client.store.envelope_log import EnvelopeOutcome, ProcessedEnvelope
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.workspace import Workspace
from tests.ui.screen_testing import WAIT_MS, Screenshot
from tests.ui.timeline.conftest import profile, workspace
from tests.ui.timeline.seeding import BASE_MS, OTHER_OFFICER, seed_channel
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Language, Theme
from ui.theme import current_colours

__all__ = ["profile", "workspace"]

#: The signed body a received attachment's row stores, as the payloads module writes it
#: (the timeline decodes it with the same module; key and hash are never shown).
_ATTACHMENT_CONTENT = json.dumps(AttachmentBody(
    name="舱单 manifest.pdf", media_type="application/pdf", size=183500, sha256="0" * 64,
    key="A" * 43 + "=", blob_id="blob-manifest").to_wire(), ensure_ascii=False)


def open_window(qtbot: QtBot, profile: Profile, appearance: Appearance,
                workspace: Workspace) -> MainWindow:
    channel = seed_channel(profile, workspace, 40)
    workspace.channels.mark_demo(channel)
    with profile.store.transaction() as store:
        store.messages.add(MessageRecord(
            "m-attachment", channel, OTHER_OFFICER, BASE_MS + 41_000, "attachment",
            "manifest.pdf", MessageState.RECEIVED, BASE_MS + 41_010,
            content=_ATTACHMENT_CONTENT, read=True))
        store.envelope_log.record(ProcessedEnvelope(
            "env-forged", "DEVICE-MALLORY", EnvelopeOutcome.REJECTED,
            str(Rejection.BAD_SIGNATURE), None, BASE_MS + 42_000, channel))
    window = MainWindow(profile, appearance, workspace)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    window.operations_screen.select(channel)
    timeline = window.timeline_screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.rowCount() == 42 and not timeline.busy, timeout=WAIT_MS)
    return window


@pytest.mark.slow
def test_a_demo_operation_is_marked_and_refusals_and_attachments_are_shown(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        screenshot: Screenshot) -> None:
    window = open_window(qtbot, profile, appearance, workspace)
    panel = window.timeline_screen
    assert panel.demo_badge.isVisibleTo(panel)
    assert panel.demo_badge.text() == "DEMO"
    # The heading's underline runs under the badge too, across the whole pane, in
    # both themes and both languages (the badge's width changes with the language).
    for language, theme in ((Language.ENGLISH, Theme.LIGHT),
                            (Language.SIMPLIFIED_CHINESE, Theme.DARK)):
        appearance.set_language(language)
        appearance.set_theme(theme)
        QApplication.processEvents()
        bar = panel.heading_bar.grab().toImage()
        ratio = bar.devicePixelRatio()
        bottom = int(bar.height() - ratio / 2)
        under_heading = bar.pixelColor(int(20 * ratio), bottom)
        under_badge = bar.pixelColor(int(panel.demo_badge.geometry().center().x() * ratio),
                                     bottom)
        above_line = bar.pixelColor(int(20 * ratio), bottom - int(3 * ratio))
        assert panel.heading_bar.width() == panel.width()
        assert under_badge == under_heading != above_line, (language, theme)
    screenshot(panel.heading_bar, "timeline-heading-demo-zh_CN-dark")
    appearance.set_language(Language.ENGLISH)
    appearance.set_theme(Theme.LIGHT)
    QApplication.processEvents()
    assert window.operations_screen.model.index(0).data().endswith("(demo)")
    timeline = panel.timeline
    assert timeline is not None
    kinds = [timeline.entry_at(r).kind for r in range(timeline.rowCount())][-2:]
    assert kinds == ["attachment", "rejected"]
    screenshot(window, "main-window-timeline-variety")


@pytest.mark.slow
def test_switching_language_retranslates_the_channel_screens(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        screenshot: Screenshot) -> None:
    window = open_window(qtbot, profile, appearance, workspace)
    composer = window.timeline_screen.composer
    assert composer.send_button.text() == "&Send"
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    qtbot.waitUntil(lambda: composer.send_button.text() == "发送(&S)", timeout=WAIT_MS)
    assert window.timeline_screen.demo_badge.text() == "演示"
    assert window.identity_panel.members_panel.verify_button.text() == "验证(&V)…"
    assert window.operations_screen.create_button.text() == "新建行动(&N)…"
    screen = window.timeline_screen
    screen.open_search()
    assert screen.search_bar.query_edit.placeholderText() == "搜索此行动"
    screenshot(window, "main-window-timeline-zh")


def test_dark_theme_timeline(qtbot: QtBot, profile: Profile, appearance: Appearance,
                             workspace: Workspace, screenshot: Screenshot) -> None:
    window = open_window(qtbot, profile, appearance, workspace)
    appearance.set_theme(Theme.DARK)
    assert window.palette().window().color().name() == "#17181b"
    screenshot(window, "main-window-timeline-dark")


def _relative_luminance(colour: QColor) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def _contrast(first: QColor, second: QColor) -> float:
    high, low = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_message_box_follows_a_theme_switch_both_ways(
        qtbot: QtBot, profile: Profile, appearance: Appearance, workspace: Workspace,
        screenshot: Screenshot) -> None:
    """Issue 11, item 1: after light→dark the composer stayed a white box with
    near-white text (and dark→light a dark box with dark text). Sample what it
    paints: its background follows the theme and its text keeps WCAG's 4.5:1."""
    window = open_window(qtbot, profile, appearance, workspace)
    edit = window.timeline_screen.composer.edit
    edit.setPlainText("Container CSQU3054383 查验")
    for theme, background in ((Theme.DARK, "surface"), (Theme.LIGHT, "surface"),
                              (Theme.DARK, "surface")):
        appearance.set_theme(theme)
        QApplication.processEvents()
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        image = edit.viewport().grab().toImage()
        painted = image.pixelColor(image.width() - 3, image.height() - 3)
        assert painted.name() == QColor(colours[background]).name(), (theme, painted.name())
        text = edit.viewport().palette().color(QPalette.ColorRole.Text)
        assert _contrast(text, painted) >= 4.5, (theme, text.name(), painted.name())
        screenshot(window.timeline_screen.composer, f"composer-{theme}")
