"""Company names reduced to what identifies them, for "already listed" and for matching.

``Jinhai Trading Co., Ltd.``, ``JINHAI TRADING CO LTD`` and ``ＪＩＮＨＡＩ　ＴＲＡＤＩＮＧ``
all become ``jinhai trading``; ``广州金海贸易有限公司`` and ``广州金海贸易股份有限公司``
become ``广州金海贸易``. Steps: NFKC (full width → ASCII, so full-width
punctuation becomes ASCII punctuation), casefold, punctuation → space, legal
forms removed (whole words for Latin, suffixes for Chinese), whitespace
collapsed; Latin tokens keep their order. OpenSanctions' ``rigour`` does the
Latin half the same way but leaves Chinese forms untouched (docs/LIBRARIES.md),
so the short lists below are ours, written from the legal-form names in use
(UK Companies Act, German GmbHG/AktG, Chinese 公司法 arts. 2–3 and common
trading-name suffixes).
"""

from __future__ import annotations

import re
import string
import unicodedata

#: Latin legal-form words, compared after casefold and punctuation removal
#: ("co., ltd." → "co ltd" → both words dropped).
LATIN_LEGAL_FORMS = frozenset({
    "ltd", "limited", "co", "company", "corp", "corporation", "inc", "incorporated", "llc",
    "llp", "lp", "plc", "gmbh", "ag", "kg", "ohg", "ug", "mbh", "sa", "sas", "sarl", "srl",
    "spa", "bv", "nv", "oy", "oyj", "ab", "as", "aps", "pte", "pty", "bhd", "sdn", "kk",
    "jsc", "ojsc", "pjsc", "ooo", "zao", "sro", "doo", "kft", "zrt",
})
#: Chinese legal forms, longest first so 股份有限公司 goes whole, not as 有限公司.
CHINESE_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")
_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation, " "))
_CJK_CHARS = "\u3400-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_CHARS}])\\s+(?=[{_CJK_CHARS}])")


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


def match_key(name: str) -> str:
    """The name as compared: see the module docstring. Empty if only a legal form was given."""
    if name.isascii():  # the same steps, fast (NFKC is the identity, casefold is lower)
        return _without_legal_forms(name.lower().translate(_ASCII_PUNCTUATION).split())
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _PUNCTUATION.sub(" ", text)
    for form in CHINESE_LEGAL_FORMS:
        text = text.replace(form, " ")
    # Chinese has no spaces between words: glue Chinese runs split by spaces back together.
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _without_legal_forms(text.split())


def _without_legal_forms(tokens: list[str]) -> str:
    """Drop legal-form words; letters spelt out with dots (``B.V.``, ``S.A.``) are
    joined first so they are recognised as the form they abbreviate."""
    if any(len(token) == 1 for token in tokens):
        joined: list[str] = []
        spelt = False  # whether joined[-1] is a run of single letters
        for token in tokens:
            single = len(token) == 1 and token.isascii() and token.isalpha()
            if single and spelt:
                joined[-1] += token
            else:
                joined.append(token)
            spelt = single
        tokens = joined
    return " ".join([token for token in tokens if token not in LATIN_LEGAL_FORMS])
