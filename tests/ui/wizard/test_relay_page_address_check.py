"""The wizard's relay page uses the one relay-address check (issue 10, item 6).

Before, the page had its own list of loopback names and refused
``http://127.1:PORT``, which ``liaison init`` accepted; now both call
``liaison_client.relay_connection.checked_address``
(``tests/relay/test_relay_address_check.py`` holds the CLI side).
"""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from ui.wizard.relay_page import RelayPage


@pytest.fixture
def page(qtbot: QtBot) -> RelayPage:
    page = RelayPage()
    qtbot.addWidget(page)
    QTest.keyClicks(page.token_edit, "lrt_token")
    return page


@pytest.mark.parametrize("url", ["http://127.1:8443", "http://127.0.0.2:8443",
                                 "http://[::1]:8443", "http://localhost:8443",
                                 "https://relay.example.gov"])
def test_the_page_accepts_what_init_accepts(page: RelayPage, url: str) -> None:
    QTest.keyClicks(page.url_edit, url)
    assert page.validatePage(), page.error.text()


@pytest.mark.parametrize("url", ["http://192.0.2.1:8443", "http://127.0.0.1.example.com"])
def test_the_page_refuses_plain_http_to_another_computer_with_the_reason(
        page: RelayPage, url: str) -> None:
    QTest.keyClicks(page.url_edit, url)
    assert not page.validatePage()
    assert "https://" in page.error.text()
    assert "another computer" in page.error.text()


def test_the_page_refuses_an_address_that_is_not_one(page: RelayPage) -> None:
    QTest.keyClicks(page.url_edit, "relay.example.gov")
    assert not page.validatePage()
    assert "must look like" in page.error.text()
