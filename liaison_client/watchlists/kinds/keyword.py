"""``keyword``: free text, Chinese or Latin, matched as a contained phrase in descriptions.

Stored NFKC-normalised and trimmed (full-width letters and digits become
ASCII, so ``ＰＥＴ 废料`` and ``PET 废料`` are one keyword); compared casefolded.
"""

from __future__ import annotations

from liaison_client.watchlists.errors import EmptyValueError
from liaison_client.watchlists.kinds.value import Kind, NormalisedValue, clean_text


def match_form(text: str) -> str:
    """How keywords and descriptions are compared: NFKC, whitespace collapsed, casefolded."""
    return clean_text(text).casefold()


def normalise(text: str) -> NormalisedValue:
    value = clean_text(text)
    if not value:
        raise EmptyValueError(Kind.KEYWORD)
    return NormalisedValue(Kind.KEYWORD, value, value, value.casefold())
