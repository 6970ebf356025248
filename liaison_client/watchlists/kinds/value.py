"""What every kind returns: a value checked, normalised and ready to store, show and match."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of entry (issue 14 item 1); the value is the wire and file spelling."""

    CONTAINER = "container"
    HS = "hs"
    IMO = "imo"
    AWB = "awb"
    COMPANY = "company"
    KEYWORD = "keyword"


class Flag(StrEnum):
    """Facts about a value worth showing that do not make it invalid."""

    #: An 8- or 10-digit code: national (tariff/statistical) digits under an HS subheading.
    HS_NATIONAL = "hs-national"
    #: A USCC of the right shape whose GB 32100 check character fails: stored, flagged.
    USCC_CHECK_FAILED = "uscc-check-failed"


@dataclass(frozen=True, slots=True)
class NormalisedValue:
    """A valid value of one kind.

    ``value`` is the normalised form stored and sent (``CSQU3054383``, ``391510``);
    ``display`` is how people read it (``3915.10``); ``key`` is the value's identity
    inside a list, the thing "already listed" compares (for a company, its name
    with case, width, punctuation and legal form removed).
    """

    kind: Kind
    value: str
    display: str
    key: str
    identifiers: Mapping[str, str] = field(default_factory=dict)
    flags: tuple[Flag, ...] = ()


def clean_text(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation become their ASCII forms),
    whitespace runs collapsed to one space, trimmed: the form every kind starts from."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def compact_identifier(text: str) -> str:
    """An identifier as typed → upper case without spaces, dashes, dots or slashes."""
    cleaned = clean_text(text).upper()
    return "".join(ch for ch in cleaned if ch not in " -./")
