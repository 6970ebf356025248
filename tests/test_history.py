"""liaison_client.history: the operations list and message pages, over a real store."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from liaison_client import history
from liaison_client.profile import KeyStorageChoice, NewProfile, Profile
from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState, now_ms


@pytest.fixture
def profile(make_profile: Callable[..., tuple[NewProfile, Profile]]) -> Profile:
    return make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1]


def add_channel(profile: Profile, channel_id: str, name: str, last_activity: int) -> None:
    with profile.store.transaction():
        profile.store.channels.add(ChannelRecord(channel_id, name, profile.device_id, 0,
                                                 False, now_ms(), last_activity))


def add_messages(profile: Profile, channel_id: str, count: int) -> None:
    with profile.store.transaction():
        profile.store.messages.add_many(
            MessageRecord(message_id=f"{channel_id}-{n}", channel_id=channel_id,
                          sender_device_id=profile.device_id, sent_at_ms=n, kind="text",
                          body=f"查获 container MSKU{n:07d}", state=MessageState.RECEIVED)
            for n in range(count))


def test_operations_are_listed_most_recently_active_first(profile: Profile) -> None:
    add_channel(profile, "a", "Operation Tidewater", 100)
    add_channel(profile, "b", "联合行动 蓝海", 300)
    assert [c.name for c in history.operations(profile)] == ["联合行动 蓝海", "Operation Tidewater"]


def test_pages_cover_a_channel_exactly_once_in_order(profile: Profile) -> None:
    add_channel(profile, "a", "Operation Tidewater", 1)
    add_messages(profile, "a", 25)
    seen: list[str] = []
    page = history.message_page(profile, "a", limit=10)
    while True:
        seen += [m.message_id for m in page.messages]
        if not page.has_more:
            break
        assert page.last_seq is not None
        page = history.message_page(profile, "a", after_seq=page.last_seq, limit=10)
    assert seen == [f"a-{n}" for n in range(25)]
    assert history.message_count(profile, "a") == 25


def test_a_page_that_ends_exactly_at_the_last_message_says_there_is_no_more(
        profile: Profile) -> None:
    add_channel(profile, "a", "Operation Tidewater", 1)
    add_messages(profile, "a", 10)
    page = history.message_page(profile, "a", limit=10)
    assert len(page.messages) == 10
    assert not page.has_more


def test_an_empty_channel_gives_an_empty_last_page(profile: Profile) -> None:
    add_channel(profile, "a", "Operation Tidewater", 1)
    page = history.message_page(profile, "a")
    assert page.messages == ()
    assert not page.has_more
    assert page.last_seq is None


def test_a_page_of_nothing_is_refused(profile: Profile) -> None:
    with pytest.raises(ValueError, match="at least one message"):
        history.message_page(profile, "a", limit=0)


def test_search_finds_chinese_and_latin_terms(profile: Profile) -> None:
    add_channel(profile, "a", "Operation Tidewater", 1)
    add_messages(profile, "a", 3)
    assert [m.message_id for m in history.search(profile, "查获 MSKU0000002")] == ["a-2"]
