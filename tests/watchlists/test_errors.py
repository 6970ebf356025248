"""Every watch-list failure has a stable code of its own and a sentence in both languages."""

from __future__ import annotations

import inspect
from pathlib import Path

from liaison_client.errors import UsageError
from liaison_client.watchlists import errors
from ui.error_text import translated_codes

CATALOGUE = Path(__file__).resolve().parents[2] / "resources/translations/liaison_zh_CN.ts"
ERROR_TEXT = Path(__file__).resolve().parents[2] / "ui/error_text.py"


def watchlist_errors() -> list[type[errors.WatchlistError]]:
    return [cls for _, cls in inspect.getmembers(errors, inspect.isclass)
            if issubclass(cls, errors.WatchlistError)]


def test_every_watchlist_error_is_a_usage_error_with_a_code_of_its_own() -> None:
    classes = watchlist_errors()
    codes = [cls.code for cls in classes]
    assert len(classes) > 20
    assert len(set(codes)) == len(codes)
    assert all(issubclass(cls, UsageError) and cls.code.startswith("watchlist") for cls in classes)


def test_every_watchlist_code_has_a_sentence() -> None:
    assert {cls.code for cls in watchlist_errors()} <= translated_codes()


def test_the_check_digit_message_says_which_digit() -> None:
    error = errors.CheckDigitError("container", "CSQU3054384", "3")
    assert str(error) == "container CSQU3054384: check digit should be 3"
    assert error.params == {"kind": "container", "value": "CSQU3054384", "expected": "3"}
