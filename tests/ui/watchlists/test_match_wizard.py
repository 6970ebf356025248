"""The match wizard against a real relay: Li Wei's window matches a manifest with Chinese
headers against the list (the mapping guessed, one column re-mapped by hand), finds the
planted hits, exports them as CSV, and posts a summary that his timeline shows and Anna
Schmidt receives end to end encrypted."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison_client.sync.connection import ConnectionState
from liaison_client.watchlists.kinds.value import Kind
from tests.sync.conftest import Officer, OfficerFactory
from tests.ui.screen_testing import WAIT_MS
from tests.ui.watchlists.tab_driving import DOCS_SCREENSHOTS
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Language
from ui.sync.controller import SyncController
from ui.watchlists.hits_model import HitColumn
from ui.watchlists.match_wizard import MatchWizard
from ui.watchlists.watchlists_screen import WatchlistsScreen

LIST = "Solid waste 固体废物"

#: Header in Chinese (guessed: 集装箱号 container, 商品编码 hs, 收货人 company, 品名 keyword);
#: "Remarks" is guessed as nothing and is mapped to keyword by hand in the test.
MANIFEST = [
    ["序号", "集装箱号", "商品编码", "收货人", "品名", "Remarks"],
    ["1", "MSCU1234566", "8471.30", "Acme Ltd", "laptops", ""],
    ["2", "CSQU 305438-3", "6907.21", "Jade Trading", "ceramic tiles", ""],   # container, company
    ["3", "TGHU1234560", "3915.10.00", "Nobody Co", "PET flakes", ""],       # hs prefix
    ["4", "TCLU1234567", "8517.62", "广州翡翠贸易有限公司", "routers", ""],   # company (CN)
    ["5", "OOLU1234565", "4011.10", "JADE TRADING GMBH", "tyres", ""],       # company (Latin)
    ["6", "MAEU1234567", "9503.00", "Toy Co", "toys", "hidden 电子废物 inside"],  # keyword
]


@dataclass
class Live:
    window: MainWindow
    screen: WatchlistsScreen
    li: Officer
    anna: Officer
    channel_id: str


@pytest.fixture
def live(qtbot: QtBot, make_officer: OfficerFactory, appearance: Appearance) -> Iterator[Live]:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    assert li.workspace.channels.invite(channel_id, anna.device_id, name=anna.name).accepted
    anna.sync()
    service = li.workspace.watchlists
    service.add(channel_id, LIST, "container", "CSQU3054383", deliver=False)
    service.add(channel_id, LIST, "hs", "3915", note="plastic waste", deliver=False)
    service.add(channel_id, LIST, "company", "Jade Trading GmbH", deliver=False)
    service.add(channel_id, LIST, "company", "广州翡翠贸易有限公司", deliver=False)
    service.add(channel_id, LIST, "keyword", "电子废物", deliver=False)
    retired = service.add(channel_id, LIST, "container", "MSCU1234566", deliver=False)
    assert retired.entry is not None
    service.retire(channel_id, retired.entry.entry_id)
    controller = SyncController(li.profile, li.workspace, retry_delays=(0.2,))
    window = MainWindow(li.profile, appearance, li.workspace, controller)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitSignal(window.operations_loaded, timeout=WAIT_MS):
        window.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.state == ConnectionState.ONLINE, timeout=WAIT_MS)
    screen = window.watchlists_screen
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        window.operations_screen.select(channel_id)
    window.operation_tabs.setCurrentWidget(screen)
    yield Live(window, screen, li, anna, channel_id)
    window.close()
    controller.stop()


def manifest_file(tmp_path: Path) -> Path:
    path = tmp_path / "manifest 舱单.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(MANIFEST)
    return path


def matched(qtbot: QtBot, live: Live, tmp_path: Path) -> MatchWizard:
    wizard = live.screen.open_match_wizard()
    assert wizard is not None
    wizard.file_field.set_path(manifest_file(tmp_path))
    wizard.read_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.COLUMNS_PAGE,
                    timeout=WAIT_MS)
    assert wizard.mapping() == {1: Kind.CONTAINER, 2: Kind.HS, 3: Kind.COMPANY,
                                4: Kind.KEYWORD}
    wizard.set_target(5, Kind.KEYWORD)
    wizard.match_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.RESULTS_PAGE,
                    timeout=WAIT_MS)
    return wizard


@pytest.mark.shared_relay
def test_match_finds_the_planted_hits_exports_them_and_posts_a_summary(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    wizard = matched(qtbot, live, tmp_path)
    model = wizard.hits_proxy
    found = {(int(model.index(r, HitColumn.ROW).data()), model.index(r, HitColumn.COLUMN).data(),
              model.index(r, HitColumn.WHY).data()) for r in range(model.rowCount())}
    # Rows are spreadsheet lines (header = 1): manifest row "2" is line 3.
    assert found == {
        (3, "集装箱号", "same identifier"),
        (3, "收货人", "similar company name"),  # "Jade Trading" = the GmbH without its legal form
        (4, "商品编码", "HS code under the listed code"),
        (5, "收货人", "similar company name"),
        (6, "收货人", "similar company name"),
        (7, "Remarks", "keyword in the description"),
    }
    # The retired MSCU1234566 (line 2) never matches.
    assert 2 not in {row for row, _c, _w in found}
    assert "6 hits in 5 of 6 rows" in wizard.results_summary.text()
    wizard.results_table.selectRow(0)
    hit = wizard.selected_hit()
    assert hit is not None
    with qtbot.waitSignal(wizard.create_report_requested, timeout=WAIT_MS) as requested:
        wizard.request_report()
    assert requested.args == [hit]

    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.waitExposed(wizard)
    assert wizard.grab().save(str(DOCS_SCREENSHOTS / "watchlists-match-results-en.png"))

    out = tmp_path / "hits.csv"
    wizard.export_to(out)
    qtbot.waitUntil(lambda: "Saved 6 hits" in wizard.post_status.text(), timeout=WAIT_MS)
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["row"]) for r in rows] == [3, 3, 4, 5, 6, 7]
    assert rows[0]["matched"]
    assert rows[0]["reason"] == "identifier"

    with qtbot.waitSignal(wizard.summary_posted, timeout=WAIT_MS):
        wizard.post_button.click()
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None

    def summary_shown() -> bool:
        return any(timeline.entry_at(r).text.startswith("Watch-list match:")
                   for r in range(timeline.rowCount()))

    qtbot.waitUntil(summary_shown, timeout=WAIT_MS)
    text = next(timeline.entry_at(r).text for r in range(timeline.rowCount())
                if timeline.entry_at(r).text.startswith("Watch-list match:"))
    assert "6 hits in 5 of 6 manifest rows" in text
    assert "Row 3, 集装箱号: CSQU 305438-3 → CSQU3054383" in text
    # Only the hits went out, never the rest of the manifest.
    assert "laptops" not in text
    assert "Acme" not in text

    def anna_has_it() -> bool:
        live.anna.sync()
        page = live.anna.workspace.timeline.page(live.channel_id)
        return any(entry.text == text for entry in page.entries)

    qtbot.waitUntil(anna_has_it, timeout=WAIT_MS)
    wizard.reject()


@pytest.mark.shared_relay
def test_match_results_in_chinese_and_cancel(
        qtbot: QtBot, live: Live, appearance: Appearance, tmp_path: Path) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    qtbot.waitUntil(lambda: live.screen.add_button.text().startswith("添加"), timeout=WAIT_MS)
    try:
        wizard = matched(qtbot, live, tmp_path)
        assert wizard.hits_model.headerData(HitColumn.ROW, Qt.Orientation.Horizontal) == "行"
        assert wizard.post_button.text().startswith("发布")
        qtbot.waitExposed(wizard)
        assert wizard.grab().save(str(DOCS_SCREENSHOTS / "watchlists-match-results-zh.png"))
        # Back to the columns, match again and cancel at once: the results stay as they were.
        wizard.results_back.click()
        wizard.match_button.click()
        assert wizard.progress.running
        wizard.progress.cancel_button.click()
        assert wizard.pages.currentIndex() == wizard.COLUMNS_PAGE
        assert wizard.match_button.isEnabled()
        wizard.reject()
    finally:
        appearance.set_language(Language.ENGLISH)
