"""Every minisign failure has a stable code of its own and a sentence in both languages."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from liaison_client.errors import LiaisonError
from liaison_client.provenance import errors
from ui.error_text import translated_codes

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources/translations/liaison_zh_CN.ts"
ERROR_TEXT = ROOT / "ui/error_text.py"


def provenance_errors() -> list[type[errors.MinisignError]]:
    return [cls for _, cls in inspect.getmembers(errors, inspect.isclass)
            if issubclass(cls, errors.MinisignError)]


def test_every_minisign_error_is_a_liaison_error_with_a_code_of_its_own() -> None:
    classes = provenance_errors()
    codes = [cls.code for cls in classes]
    assert len(classes) == 7
    assert len(set(codes)) == len(codes)
    assert all(issubclass(cls, LiaisonError) and cls.code.startswith("minisign")
               for cls in classes)


def test_every_minisign_code_has_a_sentence() -> None:
    assert {cls.code for cls in provenance_errors()} <= translated_codes()


def test_the_params_each_sentence_needs_are_the_ones_raised() -> None:
    raised = [
        errors.MinisignMalformedError("k.pub", "truncated"),
        errors.MinisignUnsupportedAlgorithmError("s.minisig", "Xx"),
        errors.MinisignEncryptedKeyError("release.key"),
        errors.MinisignKeyIdMismatchError("s.minisig", "0123456789ABCDEF", "FEDCBA9876543210"),
        errors.MinisignBadSignatureError("SHA256SUMS", "SHA256SUMS.minisig"),
        errors.MinisignBadTrustedCommentError("SHA256SUMS.minisig"),
    ]
    source = ERROR_TEXT.read_text(encoding="utf-8")
    for error in raised:
        start = source.index(f'"{error.code}": lambda')
        sentence = source[start:source.index("),\n", start)]
        assert set(re.findall(r"\{(\w+)\}", sentence)) <= set(error.params), error.code
