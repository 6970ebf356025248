"""``company``: a name (Latin or Chinese) with optional EORI and USCC identifiers.

- EORI (Regulation (EU) No 952/2013, art. 9; Implementing Reg. 2015/2447 art. 7):
  the member state's country code (or GB, XI for the UK and Northern Ireland)
  followed by up to 15 letters or digits. There is no EU-wide check digit, so
  only the shape is checked.
- USCC (GB 32100-2015, 统一社会信用代码): 18 characters from
  ``0-9 A-H J-N P-R T U W-Y``, positions 3–8 the region code (digits), the last
  an ISO 7064 MOD 31-3 check character. python-stdnum's ``cn.uscc`` computes it
  (verified in tests/watchlists/kinds/test_company.py). Its ``validate`` also
  demands digits in positions 1–2, which GB 32100 does not (the registering
  authority may be a letter, e.g. ``Y``), so the shape is checked here. A code
  whose check character fails is stored with :attr:`Flag.USCC_CHECK_FAILED`, not
  refused: some real codes issued in pilot regions before the standard fail it.

The value is the name as typed (NFKC, trimmed); its ``key`` — what "already
listed" compares — is :func:`company_names.match_key`.
"""

from __future__ import annotations

import re

from stdnum.cn import uscc as stdnum_uscc

from liaison_client.watchlists.errors import EmptyValueError, EoriFormatError, UsccFormatError
from liaison_client.watchlists.kinds.company_names import match_key
from liaison_client.watchlists.kinds.value import (
    Flag,
    Kind,
    NormalisedValue,
    clean_text,
    compact_identifier,
)

#: EU member states (ISO 3166 alpha-2; Greece's EORIs use GR, its VAT numbers EL),
#: plus GB (United Kingdom) and XI (Northern Ireland, Windsor Framework).
EORI_COUNTRIES = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "EL", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "GB", "XI",
})
_EORI = re.compile(r"([A-Z]{2})([A-Z0-9]{1,15})")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC = re.compile(rf"[{_USCC_ALPHABET}]{{2}}[0-9]{{6}}[{_USCC_ALPHABET}]{{10}}")


def normalise_eori(text: str) -> str:
    """``gb 1234 5678 9000`` → ``GB123456789000``; raises :class:`EoriFormatError`."""
    value = compact_identifier(text)
    match = _EORI.fullmatch(value)
    if match is None or match.group(1) not in EORI_COUNTRIES:
        raise EoriFormatError(text.strip())
    return value


def normalise_uscc(text: str) -> tuple[str, bool]:
    """→ (the code in upper case without separators, whether its check character holds)."""
    value = compact_identifier(text)
    if not _USCC.fullmatch(value):
        raise UsccFormatError(text.strip())
    return value, stdnum_uscc.calc_check_digit(value[:17]) == value[17]


def normalise(name: str, *, uscc: str | None = None, eori: str | None = None) -> NormalisedValue:
    value = clean_text(name)
    key = match_key(value)
    if not key:
        raise EmptyValueError(Kind.COMPANY)
    identifiers: dict[str, str] = {}
    flags: tuple[Flag, ...] = ()
    if uscc and uscc.strip():
        identifiers["uscc"], check_holds = normalise_uscc(uscc)
        if not check_holds:
            flags = (Flag.USCC_CHECK_FAILED,)
    if eori and eori.strip():
        identifiers["eori"] = normalise_eori(eori)
    return NormalisedValue(Kind.COMPANY, value, value, key, identifiers=identifiers, flags=flags)
