"""The three store failures at open (issue 10) each have a sentence of their own, in
English and in Chinese, and none of them reads as a wrong passphrase."""

from __future__ import annotations

import pytest

from liaison_client.errors import (
    StorageFullAtOpenError,
    StorePageDamagedError,
    StoreTruncatedError,
    WrongPassphraseError,
)
from ui.appearance import Appearance
from ui.error_text import error_text, translated_codes
from ui.preferences import Language

STORE_OPEN_FAILURES = (StorageFullAtOpenError, StoreTruncatedError, StorePageDamagedError)


def test_every_store_open_failure_has_its_own_code_and_sentence() -> None:
    codes = {kind.code for kind in STORE_OPEN_FAILURES}
    assert len(codes) == len(STORE_OPEN_FAILURES)
    assert WrongPassphraseError.code not in codes
    assert codes <= translated_codes()


@pytest.mark.parametrize("kind", STORE_OPEN_FAILURES)
def test_each_is_translated_into_chinese_and_never_says_passphrase(
        appearance: Appearance, kind: type[Exception]) -> None:
    english = error_text(kind("english fallback"))  # type: ignore[arg-type]
    assert english != "english fallback"
    assert "passphrase" not in english
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    chinese = error_text(kind("english fallback"))  # type: ignore[arg-type]
    assert chinese not in (english, "english fallback")
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese)
    assert "口令" not in chinese
