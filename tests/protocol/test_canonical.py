"""RFC 8785 canonical JSON: one spelling per value, strict parsing at the edge."""

from __future__ import annotations

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from liaison_client.protocol.canonical import (
    MAX_SAFE_INTEGER,
    CanonicalEncodingError,
    JsonObject,
    JsonValue,
    canonical_json,
    parse_json_object,
)

_text = st.text(st.characters(codec="utf-8"), max_size=20)
_scalars = st.none() | st.booleans() | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER) | _text
_values: st.SearchStrategy[JsonValue] = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children,
                                                                      max_size=4),
    max_leaves=20,
)
_objects: st.SearchStrategy[JsonObject] = st.dictionaries(_text, _values, max_size=6)
#: Keys as the wire formats write them (field names): the standard library's fast path.
_ascii_text = st.text(st.characters(codec="ascii"), max_size=20)
_ascii_keyed_values: st.SearchStrategy[JsonValue] = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_ascii_text, children,
                                                                      max_size=4),
    max_leaves=20,
)
_ascii_keyed_objects: st.SearchStrategy[JsonObject] = st.dictionaries(
    _ascii_text, _ascii_keyed_values, max_size=6)


@given(_objects)
def test_parsing_the_encoding_gives_back_the_value(value: JsonObject) -> None:
    assert parse_json_object(canonical_json(value)) == value


@given(_objects)
@pytest.mark.slow
def test_encoding_is_a_fixed_point(value: JsonObject) -> None:
    encoded = canonical_json(value)
    assert canonical_json(parse_json_object(encoded)) == encoded


@given(_objects)
def test_key_order_does_not_change_the_encoding(value: JsonObject) -> None:
    reordered = dict(reversed(list(value.items())))
    assert canonical_json(reordered) == canonical_json(value)


@given(_objects)
def test_encoding_has_no_insignificant_whitespace(value: JsonObject) -> None:
    encoded = canonical_json(value)
    assert b"\n" not in encoded
    assert b", " not in encoded.replace(b'\\"', b"").split(b'"')[0]


@given(_ascii_keyed_objects)
def test_with_ascii_keys_the_fast_path_writes_rfc_8785s_bytes(value: JsonObject) -> None:
    # Any string value (controls, quotes, U+2028, astral characters), ASCII keys.
    assert canonical_json(value) == rfc8785.dumps(value)


@given(_objects)
def test_with_any_keys_the_encoding_is_rfc_8785s(value: JsonObject) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


def test_keys_sort_by_utf16_code_units_as_in_rfc_8785() -> None:
    # RFC 8785 §3.2.3's sorting example: U+1F600 (a surrogate pair) sorts before U+FB33.
    value: JsonObject = {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001f600": 5,
                         "\u0080": 6, "\u00f6": 7}
    order = [k for k in parse_json_object(canonical_json(value))]
    assert order == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def test_strings_use_the_minimal_escapes_of_rfc_8785() -> None:
    value: JsonObject = {"s": "\u20ac$\u000f\nA'B\"\\/"}
    assert canonical_json(value) == '{"s":"€$\\u000f\\nA\'B\\"\\\\/"}'.encode()


@pytest.mark.parametrize("value", [
    {"n": 1.5}, {"n": MAX_SAFE_INTEGER + 1}, {"s": "\ud800"}, {"x": object()}, {1: "a"},
])
def test_values_outside_the_subset_are_refused(value: JsonObject) -> None:
    with pytest.raises(CanonicalEncodingError):
        canonical_json(value)


@pytest.mark.parametrize("data", [
    b'{"a": 1, "a": 2}', b'{"n": 1.0}', b'{"n": NaN}', b"[1, 2]", b"\xff", b'{"n": 1e3}',
    b"", b'{"n": 9007199254740992}',
])
def test_strict_parser_refuses_ambiguous_input(data: bytes) -> None:
    with pytest.raises(CanonicalEncodingError):
        parse_json_object(data)


def test_strict_parser_refuses_an_escaped_lone_surrogate() -> None:
    with pytest.raises(CanonicalEncodingError, match="lone surrogate"):
        parse_json_object(b'{"list": ["ok", {"s": "\\ud800"}]}')


def test_strict_parser_reads_an_escaped_surrogate_pair() -> None:
    assert parse_json_object(b'{"s": "\\uD83D\\uDE00"}') == {"s": "\U0001f600"}


@pytest.mark.parametrize("literal", [b"-9007199254740992", b"9" * 5000])
def test_strict_parser_refuses_an_integer_out_of_range_however_long(literal: bytes) -> None:
    with pytest.raises(CanonicalEncodingError, match="outside"):
        parse_json_object(b'{"n": [1, ' + literal + b"]}")


def test_strict_parser_keeps_the_largest_safe_integers() -> None:
    assert parse_json_object(b'{"n": [9007199254740991, -9007199254740991]}') == {
        "n": [MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER]}
