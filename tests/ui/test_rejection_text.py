"""A refused envelope is explained in the officer's language, in the timeline and in notices."""

from __future__ import annotations

import pytest

from liaison_client.crypto.rejection import Rejection, user_text
from liaison_client.workspace import MembershipChangeNotice, TimelineEntry, TimelineState
from ui.appearance import Appearance
from ui.preferences import Language
from ui.rejection_text import refused_text, rejection_text
from ui.timeline.timeline_text import accessible_text, body_text, state_text


def _refusal(reason: Rejection) -> TimelineEntry:
    return TimelineEntry("env-1", "op", "dev-x", "Li Wei", 0, TimelineState.REJECTED,
                         f"rejected: {user_text(reason)}", TimelineState.REJECTED,
                         rejection=reason)


@pytest.mark.parametrize("reason", list(Rejection))
def test_every_refusal_reads_in_english_as_the_service_says_it(
        appearance: Appearance, reason: Rejection) -> None:
    appearance.set_language(Language.ENGLISH)
    assert rejection_text(reason) == user_text(reason)


@pytest.mark.parametrize("reason", list(Rejection))
def test_every_refusal_has_a_chinese_sentence_of_its_own(
        appearance: Appearance, reason: Rejection) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    sentence = rejection_text(reason)
    assert sentence != user_text(reason)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in sentence)


def test_all_chinese_refusal_sentences_are_distinct(appearance: Appearance) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    sentences = [rejection_text(reason) for reason in Rejection]
    assert len(set(sentences)) == len(sentences)


def test_a_refused_row_shows_and_reads_the_translated_reason(appearance: Appearance) -> None:
    entry = _refusal(Rejection.BAD_SIGNATURE)
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    assert body_text(entry) == refused_text(Rejection.BAD_SIGNATURE)
    assert "签名" in body_text(entry)
    assert "签名" in accessible_text(entry)
    assert "signature" not in body_text(entry)
    appearance.set_language(Language.ENGLISH)
    assert body_text(entry) == "Refused: the sender's signature does not verify"


def _stale_refusal() -> TimelineEntry:
    change = MembershipChangeNotice("remove", "dev-t", "Tomás García", 4)
    return TimelineEntry("env-2", "op", "dev-e", "Emma Novak", 0, TimelineState.REJECTED,
                         f"rejected: {change.sentence('Emma Novak')}", TimelineState.REJECTED,
                         rejection=Rejection.STALE_EPOCH, membership_change=change,
                         refused_link=1)


def _missing(count: int) -> TimelineEntry:
    return TimelineEntry("missing:a:b", "op", "dev-l", "Li Wei", 0, TimelineState.MISSING,
                         "", TimelineState.MISSING, missing=count)


def test_a_refusal_for_an_unseen_removal_names_the_sender_and_the_member(
        appearance: Appearance) -> None:
    entry = _stale_refusal()
    appearance.set_language(Language.ENGLISH)
    assert f"rejected: {body_text(entry)}" == entry.text
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    shown = body_text(entry)
    assert shown == ("Emma Novak 的设备尚未收到移除 Tomás García 的变更："
                     "该消息已被拒绝（该设备收到此变更后会重新发送）")
    assert accessible_text(entry) == shown


def test_missing_messages_read_in_the_officers_language(appearance: Appearance) -> None:
    appearance.set_language(Language.ENGLISH)
    assert body_text(_missing(1)) == "A message from Li Wei is missing"
    assert body_text(_missing(3)) == "3 messages from Li Wei are missing"
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    assert body_text(_missing(1)) == "缺少一条来自 Li Wei 的消息"
    assert body_text(_missing(3)) == "缺少 3 条来自 Li Wei 的消息"
    assert state_text(TimelineState.MISSING) == "缺失"
