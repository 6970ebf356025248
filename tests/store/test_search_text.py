"""Properties of the search segmentation: any run of adjacent Chinese characters is findable."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_client.store.records import ChannelRecord, MessageRecord, MessageState
from liaison_client.store.search_text import highlight_spans, index_text, match_expression
from liaison_client.store.store import Store

CJK = "海关查获走私集装箱申报货物香烟象牙风险预警深圳广州港口验结果异常"
texts = st.text(alphabet=CJK + "abcXYZ019 ，。-:", min_size=1, max_size=40)
_ids = itertools.count()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("search") / "db"
    with Store.create(path, bytes(32)) as store:
        with store.transaction():
            store.channels.add(ChannelRecord("op", "Operation", "dev", 0, False, 0, 0))
        yield store


@settings(max_examples=60, deadline=None)
@given(text=texts, data=st.data())
def test_any_adjacent_chinese_run_of_a_message_finds_it(
    store: Store, text: str, data: st.DataObject
) -> None:
    runs = [i for i, ch in enumerate(text) if ch in CJK]
    if not runs:
        return
    start = data.draw(st.sampled_from(runs))
    end = start
    while end < len(text) and text[end] in CJK and end - start < 4:
        end += 1
    query = text[start:end]
    message_id = f"m{next(_ids)}"
    with store.transaction():
        store.messages.add(
            MessageRecord(message_id, "op", "dev", 0, "text", text, MessageState.RECEIVED)
        )
    assert message_id in {m.message_id for m in store.messages.search(query, limit=10_000)}


@given(st.text(max_size=60))
def test_match_expression_quotes_every_term(query: str) -> None:
    expression = match_expression(query)
    if expression is None:
        return
    for term in expression.split(" AND "):
        assert term.startswith('"')
        assert term.count('"') == 2


@given(st.text(max_size=60))
def test_segmentation_keeps_every_non_space_character(text: str) -> None:
    assert index_text(text).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(("text", "query", "expected"), [
    ("海关查获走私象牙 container TGHU8812341", "查获", ["查获"]),
    ("海关查获走私象牙", "私", ["私"]),  # one character
    ("关关关关关", "关关", ["关关关关关"]),  # overlapping occurrences, one span
    ("走私 smuggling; 走私 again", "走私", ["走私", "走私"]),
    ("Reefer MSKU7654321 behind the fruit", "msku76", ["MSKU76"]),  # prefix, any case
    ("Reefer reefers", "reef", ["Reef", "reef"]),
    ("the reefer", "eef", []),  # FTS matches word prefixes, not inside words
    ("Seal 4471 broken 封条已破损", "封条 4471", ["4471", "封条"]),
    ("seizure_report_查获报告.pdf", "report 查获", ["report", "查获"]),
    ("Straße ß", "STRASSE", []),  # a length-changing fold: offsets kept, no guess
    ("anything", "", []),
])
def test_highlights_are_what_the_search_matched(text: str, query: str,
                                                expected: list[str]) -> None:
    assert [text[a:b] for a, b in highlight_spans(text, query)] == expected


@settings(max_examples=60, deadline=None)
@given(text=texts, data=st.data())
def test_a_chinese_run_that_finds_a_message_is_highlighted_in_it(
    text: str, data: st.DataObject
) -> None:
    runs = [i for i, ch in enumerate(text) if ch in CJK]
    if not runs:
        return
    start = data.draw(st.sampled_from(runs))
    end = start + 1
    while end < len(text) and text[end] in CJK and end - start < 2:
        end += 1
    spans = highlight_spans(text, text[start:end])
    assert any(a <= start and end <= b for a, b in spans)
    assert all(text[a:b].strip() for a, b in spans)
