"""Messages are stored once, paged in order, and found by full-text search in Chinese and Latin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison_client.store.database import open_database
from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState
from liaison_client.store.store import Store

KEY = bytes(32)

TEXTS = {
    "m1": "海关在深圳港查获一批走私香烟",  # Customs seized smuggled cigarettes at Shenzhen port
    "m2": "Container MSKU1234565 held for inspection at Felixstowe",
    "m3": "查验结果：集装箱 MSKU1234565 无异常",  # inspection result: container normal
    "m4": "Seizure report: 2,000 kg of undeclared tobacco (HS 2402.20)",
    "m5": "Réunion demain à Rotterdam",
    "m6": "获得批准后查看文件",  # 获 and 查 both present but not adjacent as 查获
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.create(tmp_path / "db", KEY) as store:
        with store.transaction():
            store.channels.add(ChannelRecord("op", "Operation Lantern", "dev-a", 0, False, 0, 0))
            store.channels.add(ChannelRecord("other", "Other", "dev-a", 0, False, 0, 0))
            store.messages.add_many(
                MessageRecord(mid, "op", "dev-a", i, "text", text, MessageState.RECEIVED)
                for i, (mid, text) in enumerate(TEXTS.items())
            )
        yield store


def _ids(found: list[MessageRecord]) -> set[str]:
    return {m.message_id for m in found}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("查获", {"m1"}),  # two-character Chinese word
        ("走私", {"m1"}),
        ("查", {"m1", "m3", "m6"}),  # single character
        ("深圳港查获", {"m1"}),  # longer phrase
        ("集装箱", {"m3"}),
        ("MSKU1234565", {"m2", "m3"}),
        ("msku123", {"m2", "m3"}),  # case-insensitive prefix of a container number
        ("MSKU1234565 查验", {"m3"}),  # mixed-script query: every term must match
        ("tobacco seizure", {"m4"}),
        ("2402", {"m4"}),
        ("reunion", {"m5"}),  # diacritics folded
        ("查获 tobacco", set()),
    ],
)
def test_search_finds_chinese_and_latin_text(
    store: Store, query: str, expected: set[str]
) -> None:
    assert _ids(store.messages.search(query)) == expected


def test_search_does_not_match_characters_that_are_not_adjacent(store: Store) -> None:
    assert "m6" not in _ids(store.messages.search("查获"))


@pytest.mark.parametrize("query", ['"', "AND", 'NEAR(a b) OR "x', "*", "col:value", "  "])
def test_fts_syntax_in_a_query_is_plain_text(store: Store, query: str) -> None:
    store.messages.search(query)  # must not raise an FTS5 syntax error


def test_search_can_be_limited_to_a_channel(store: Store) -> None:
    with store.transaction():
        store.messages.add(MessageRecord(
            "x1", "other", "dev-b", 9, "text", "查获 elsewhere", MessageState.RECEIVED
        ))
    assert _ids(store.messages.search("查获")) == {"m1", "x1"}
    assert _ids(store.messages.search("查获", channel_id="op")) == {"m1"}


def test_a_message_delivered_twice_is_stored_once(store: Store) -> None:
    again = MessageRecord("m1", "op", "dev-a", 0, "text", TEXTS["m1"], MessageState.RECEIVED)
    with store.transaction():
        assert store.messages.add_many([again, again]) == 0
    assert store.messages.count("op") == len(TEXTS)
    assert _ids(store.messages.search("走私")) == {"m1"}


def test_channel_history_pages_oldest_first(store: Store) -> None:
    first = store.messages.in_channel("op", limit=4)
    assert [m.message_id for m in first] == ["m1", "m2", "m3", "m4"]
    assert first[-1].seq is not None
    rest = store.messages.in_channel("op", after_seq=first[-1].seq)
    assert [m.message_id for m in rest] == ["m5", "m6"]


def test_deleted_message_leaves_the_search_index(store: Store) -> None:
    with store.transaction():
        store.messages.delete("m1")
    assert store.messages.search("走私") == []
    assert store.messages.get("m1") is None


def test_delivery_state_is_updated(store: Store) -> None:
    with store.transaction():
        store.messages.set_state("m2", MessageState.DELIVERED)
    found = store.messages.get("m2")
    assert found is not None
    assert found.state is MessageState.DELIVERED


def test_only_received_messages_count_as_unread_and_reading_clears_them(store: Store) -> None:
    with store.transaction():
        store.messages.add(MessageRecord("mine", "op", "dev-me", 9, "text", "sent by me",
                                         MessageState.SENT))
    assert store.messages.unread_count("op") == len(TEXTS)
    first_two = [m.seq for m in store.messages.latest("op", 100)][:2]
    with store.transaction():
        assert store.messages.mark_read("op", up_to_seq=first_two[-1]) == 2
    assert store.messages.unread_count("op") == len(TEXTS) - 2
    with store.transaction():
        assert store.messages.mark_read("op") == len(TEXTS) - 2
    assert store.messages.unread_count("op") == 0
    assert store.messages.unread_count("other") == 0


@pytest.mark.parametrize("statement", [
    "SELECT count(*) FROM messages WHERE channel_id = 'op' AND read = 0"
    " AND state = 'received'",
    "UPDATE messages SET read = 1 WHERE channel_id = 'op' AND read = 0"
    " AND state = 'received' AND seq <= 99",
])
def test_unread_rows_are_found_through_their_own_index_not_the_whole_channel(
        store: Store, tmp_path: Path, statement: str) -> None:
    """The statements unread_count and mark_read run: a plan over ``messages_unread``
    costs what the unread rows cost, one over the channel index costs the channel."""
    store.close()
    conn = open_database(tmp_path / "db", KEY)
    try:
        plan = " ".join(str(row[-1]) for row in
                        conn.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall())
    finally:
        conn.close()
    assert "messages_unread" in plan
