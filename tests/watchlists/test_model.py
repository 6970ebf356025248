"""Entries read as active, retired or expired on the reader's calendar; lists by name."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison_client.watchlists.errors import ExpiryInvalidError
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.model import Entry, EntryStatus, list_key, parse_expiry


def entry(expires: dt.date | None, status: EntryStatus = EntryStatus.ACTIVE) -> Entry:
    return Entry(entry_id="e1", list_name="L", kind=Kind.KEYWORD, value="scrap",
                 display="scrap", key="scrap", identifiers={}, flags=(), note="", tags=(),
                 author_device="a", created_at_ms=0, updated_at_ms=0, updated_by="a",
                 expires=expires, status=status)


def test_an_entry_expires_the_day_after_its_expiry_date() -> None:
    last_day = dt.date(2027, 3, 31)
    assert entry(last_day).status_on(last_day) is EntryStatus.ACTIVE
    assert entry(last_day).status_on(last_day + dt.timedelta(days=1)) is EntryStatus.EXPIRED
    assert not entry(last_day).matches_on(dt.date(2027, 4, 1))


def test_a_retired_entry_stays_retired_and_never_matches() -> None:
    assert entry(None, EntryStatus.RETIRED).status_on(dt.date(2020, 1, 1)) is EntryStatus.RETIRED
    assert not entry(None, EntryStatus.RETIRED).matches_on(dt.date(2020, 1, 1))


def test_list_names_compare_without_case_width_or_spacing() -> None:
    assert list_key(" Solid  waste ") == list_key("SOLID WASTE") == list_key("Ｓｏｌｉｄ waste")


@pytest.mark.parametrize("text", ["2027-3-31", "31/03/2027", "2027-02-30", "tomorrow", ""])
def test_an_expiry_must_be_an_iso_date(text: str) -> None:
    with pytest.raises(ExpiryInvalidError):
        parse_expiry(text)


def test_an_iso_date_is_an_expiry() -> None:
    assert parse_expiry(" 2027-03-31 ") == dt.date(2027, 3, 31)
