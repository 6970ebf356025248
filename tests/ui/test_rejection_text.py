"""A refused envelope is explained in the officer's language, in the timeline and in notices."""

from __future__ import annotations

import pytest

from liaison_client.crypto.rejection import Rejection, user_text
from liaison_client.workspace import TimelineEntry, TimelineState
from ui.appearance import Appearance
from ui.preferences import Language
from ui.rejection_text import refused_text, rejection_text
from ui.timeline.timeline_text import accessible_text, body_text


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
