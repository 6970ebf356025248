"""The one canonical encoding of structured data that is signed or hashed.

Scheme: the JSON Canonicalization Scheme, RFC 8785 (JCS), via Trail of Bits'
``rfc8785`` package: object keys sorted by UTF-16 code units, no whitespace,
strings in UTF-8 with the minimal escapes of RFC 8785 §3.2.2.2, numbers in
ECMAScript form. Liaison uses the I-JSON subset (RFC 7493): objects, arrays,
strings, booleans, null and integers within ±(2**53 − 1); no floats, so no
number has two spellings. Signatures and hashes are always computed over
:func:`canonical_json` of a value, never over bytes received from elsewhere.

:func:`parse_json_object` is the matching strict reader for the edge: it
refuses duplicate keys, floats, non-finite numbers and anything that is not a
JSON object, so a message cannot mean one thing to the signature check and
another to the code that acts on it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import rfc8785

#: RFC 7493 §2.2 / RFC 8785 §3.2.2.3: the integers every JSON reader keeps exactly.
MAX_SAFE_INTEGER = 2**53 - 1

#: A ``\uD800``–``\uDFFF`` escape: the only way a UTF-8 text that decoded cleanly can
#: still give a lone surrogate (a valid pair matches too, and is then checked in full).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: Digits of MAX_SAFE_INTEGER: a longer integer literal is out of range (JSON has no
#: leading zeros), refused before ``int()`` has to convert it.
_MAX_SAFE_DIGITS = len(str(MAX_SAFE_INTEGER))

JsonValue = None | bool | int | str | list["JsonValue"] | dict[str, "JsonValue"]
JsonObject = dict[str, JsonValue]


class CanonicalEncodingError(ValueError):
    """A value outside the canonical subset, or bytes that are not a valid object."""


def canonical_json(value: JsonObject) -> bytes:
    """RFC 8785 bytes of ``value``, which must be within the I-JSON integer subset.

    When every object key is ASCII, the standard library's C encoder writes the
    same bytes, several times faster (a 10,000-operation watch-list sync spent a
    quarter of its time in ``rfc8785``'s pure-Python writer; docs/PERFORMANCE.md):
    for this subset RFC 8785 differs from ``json.dumps(sort_keys=True,
    ensure_ascii=False)`` with compact separators only in key order, which is by
    UTF-16 code units (§3.2.3) instead of code points, and the two orders agree
    on ASCII keys. Strings are escaped alike (§3.2.2.2: ``\\b \\t \\n \\f \\r``
    short, other controls as lower-case ``\\u00xx``, ``"`` and ``\\``, nothing
    else), and integers within ±(2**53 − 1) print as their digits in both. Any
    other key goes to ``rfc8785``; tests/protocol/test_canonical.py checks the
    two writers agree on generated values.
    """
    if _check_subset(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                          allow_nan=False).encode("utf-8")
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise CanonicalEncodingError(str(exc)) from exc


def parse_json_object(data: bytes) -> JsonObject:
    """Strictly parse a UTF-8 JSON object (duplicate keys, floats and NaN refused).

    The subset is enforced while parsing (hooks for keys, floats and integers),
    so the value is walked again only when the text has a surrogate escape:
    every group message is parsed twice (envelope, then plaintext) on the
    receive path, and the second walk was ~7 % of its CPU (docs/PERFORMANCE.md).
    """
    try:
        text = data.decode("utf-8")
        value = json.loads(
            text,
            object_pairs_hook=_reject_duplicate_keys,
            parse_float=_reject_float,
            parse_constant=_reject_float,
            parse_int=_safe_integer,
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CanonicalEncodingError(f"not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise CanonicalEncodingError("expected a JSON object")
    if _SURROGATE_ESCAPE.search(text):
        _check_subset(value)
    return value


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in pairs:
        if key in result:
            raise CanonicalEncodingError(f"duplicate key {key!r}")
        result[key] = item
    return result


def _safe_integer(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_SAFE_DIGITS or abs(value := int(text)) > MAX_SAFE_INTEGER:
        raise CanonicalEncodingError(f"integer {text[:20]} is outside ±(2**53 - 1)")
    return value


def _reject_float(text: str) -> Any:
    raise CanonicalEncodingError(f"non-integer number {text!r} is not allowed")


def _check_subset(value: object) -> bool:
    """Refuse what is outside the subset; say whether every object key is ASCII."""
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise CanonicalEncodingError("string holds a lone surrogate") from exc
        return True
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalEncodingError(f"integer {value} is outside ±(2**53 - 1)")
        return True
    if isinstance(value, list):
        ascii_keys = True
        for item in value:
            ascii_keys = _check_subset(item) and ascii_keys
        return ascii_keys
    if isinstance(value, dict):
        ascii_keys = True
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalEncodingError("object keys must be strings")
            ascii_keys = _check_subset(item) and key.isascii() and ascii_keys
        return ascii_keys
    raise CanonicalEncodingError(f"{type(value).__name__} is not in the canonical subset")
