"""Every report failure has a stable code of its own and a sentence in both languages."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from liaison_client.errors import UsageError
from liaison_client.reports import errors
from liaison_client.reports.errors import IdentifierInvalidError
from liaison_client.watchlists.errors import HsHeadingUnknownError
from ui.error_text import error_text, translated_codes

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources/translations/liaison_zh_CN.ts"
ERROR_TEXT = ROOT / "ui/error_text.py"


def report_errors() -> list[type[errors.ReportError]]:
    return [cls for _, cls in inspect.getmembers(errors, inspect.isclass)
            if issubclass(cls, errors.ReportError)]


def test_every_report_error_is_a_usage_error_with_a_code_of_its_own() -> None:
    classes = report_errors()
    codes = [cls.code for cls in classes]
    assert len(classes) >= 20
    assert len(set(codes)) == len(codes)
    assert all(issubclass(cls, UsageError) and cls.code.startswith("report") for cls in classes)
    # issue 15: "invalid field: exit 1 and one line naming the field and the reason".
    assert all(cls.exit_code == 1 for cls in classes)


def test_every_report_code_has_a_sentence() -> None:
    assert {cls.code for cls in report_errors()} <= translated_codes()


@pytest.mark.usefixtures("qapp")
def test_an_identifier_error_reads_with_the_validators_own_sentence() -> None:
    error = IdentifierInvalidError("hs_code", HsHeadingUnknownError("3999", "3999", "HS 2022"))
    assert str(error) == "field hs_code: HS heading 3999 does not exist in HS 2022"
    assert error_text(error) == "Field hs_code: HS heading 3999 does not exist in HS 2022."
