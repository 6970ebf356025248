"""The relay reads signature fields in the profile's exact serialization without
``http-sf``; what it reads must be what ``http-sf`` reads (RFC 8941), always."""

from __future__ import annotations

import base64
from typing import Any

import http_sf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_client.protocol.http_signatures import COVERED_COMPONENTS, SIGNATURE_LABEL
from liaison_client.relay.authentication import (
    AuthenticationError,
    _parse_signature,
    parse_canonical_fields,
)

_COMPONENTS = "(" + " ".join(f'"{c}"' for c in COVERED_COMPONENTS) + ")"
_KEYS = st.from_regex(r"[a-z*][a-z0-9_.*-]{0,8}", fullmatch=True)
_STRINGS = st.from_regex(r'[ !#-\[\]-~]{0,20}', fullmatch=True)
_VALUES = st.one_of(st.integers(min_value=0, max_value=10**15 - 1), _STRINGS)


def _serialize(value: int | str) -> str:
    return str(value) if isinstance(value, int) else f'"{value}"'


def _library_reading(signature_input: str, signature: str) -> tuple[object, object]:
    inputs: Any = http_sf.parse(signature_input.encode(), tltype="dictionary")
    signatures: Any = http_sf.parse(signature.encode(), tltype="dictionary")
    _components, params = inputs[SIGNATURE_LABEL]
    return dict(params), signatures[SIGNATURE_LABEL][0]


@given(params=st.lists(st.tuples(_KEYS, _VALUES), max_size=8, unique_by=lambda p: p[0]),
       raw_signature=st.binary(min_size=64, max_size=64))
def test_canonical_fields_read_exactly_as_http_sf_reads_them(
    params: list[tuple[str, int | str]], raw_signature: bytes
) -> None:
    signature_input = f"{SIGNATURE_LABEL}={_COMPONENTS}" + "".join(
        f";{name}={_serialize(value)}" for name, value in params)
    signature = f"{SIGNATURE_LABEL}=:{base64.b64encode(raw_signature).decode()}:"
    fast = parse_canonical_fields(signature_input, signature)
    assert fast is not None
    assert fast == _library_reading(signature_input, signature)
    assert list(fast[0]) == [name for name, _ in params]  # order kept: it is signed


@pytest.mark.parametrize("signature_input", [
    # Legal RFC 8941 the fast reader leaves to http-sf: spaces, a second member,
    # a repeated parameter (the last one wins), a negative integer, a token.
    f'{SIGNATURE_LABEL}={_COMPONENTS};created=1;keyid="a", other=1',
    f'other=1, {SIGNATURE_LABEL}={_COMPONENTS};created=1',
    f'{SIGNATURE_LABEL}={_COMPONENTS};created=1;created=2',
    f'{SIGNATURE_LABEL}={_COMPONENTS};created=-1',
    f'{SIGNATURE_LABEL}={_COMPONENTS};alg=ed25519',
    f'{SIGNATURE_LABEL}=("@method" "@path");created=1',
])
def test_other_serializations_are_left_to_http_sf(signature_input: str) -> None:
    signature = f"{SIGNATURE_LABEL}=:{base64.b64encode(bytes(64)).decode()}:"
    assert parse_canonical_fields(signature_input, signature) is None


def test_a_repeated_parameter_is_read_as_http_sf_reads_it() -> None:
    signature_input = (f'{SIGNATURE_LABEL}={_COMPONENTS};created=1;keyid="dev";'
                       'nonce="n";tag="liaison-relay-v1";created=1700000000')
    signature = f"{SIGNATURE_LABEL}=:{base64.b64encode(bytes(64)).decode()}:"
    params, _ = _parse_signature(signature_input, signature)
    assert params["created"] == 1700000000


def test_a_signature_of_another_length_is_left_to_http_sf() -> None:
    signature_input = (f'{SIGNATURE_LABEL}={_COMPONENTS};created=1;keyid="dev";'
                       'nonce="n";tag="liaison-relay-v1"')
    short = f"{SIGNATURE_LABEL}=:{base64.b64encode(bytes(32)).decode()}:"
    assert parse_canonical_fields(signature_input, short) is None
    _params, signature = _parse_signature(signature_input, short)
    # http-sf reads it (handed on as base64); Ed25519 verification then fails.
    assert base64.b64decode(signature) == bytes(32)


def test_malformed_fields_are_refused() -> None:
    with pytest.raises(AuthenticationError):
        _parse_signature(f"{SIGNATURE_LABEL}=(", f"{SIGNATURE_LABEL}=:AAAA:")
