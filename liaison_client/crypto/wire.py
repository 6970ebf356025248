"""Typed reads from a parsed JSON object, for validating wire formats at the edge.

Each accessor either returns a value of the promised type or raises
:class:`~liaison_client.crypto.rejection.PayloadRejectedError` (``malformed``)
naming the field, so a decoder reads as a list of its fields and nothing
half-checked reaches the code behind it.
"""

from __future__ import annotations

from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.protocol.canonical import (
    CanonicalEncodingError,
    JsonObject,
    JsonValue,
    parse_json_object,
)


class WireObject:
    def __init__(self, fields: JsonObject, what: str) -> None:
        self._fields = fields
        self._what = what

    @classmethod
    def parse(cls, data: bytes, what: str) -> WireObject:
        try:
            return cls(parse_json_object(data), what)
        except CanonicalEncodingError as exc:
            raise PayloadRejectedError(Rejection.MALFORMED, f"{what}: {exc}") from exc

    @property
    def fields(self) -> JsonObject:
        return self._fields

    def require_version(self, version: int) -> None:
        found = self._get("v")
        if found != version or isinstance(found, bool):
            raise PayloadRejectedError(
                Rejection.UNSUPPORTED_VERSION, f"{self._what} version {found!r}, expected {version}"
            )

    def text(self, name: str, *, max_length: int = 65_536, allow_empty: bool = False) -> str:
        value = self._get(name)
        if not isinstance(value, str) or (not value and not allow_empty):
            raise self._bad(name, "a non-empty string" if not allow_empty else "a string")
        if len(value) > max_length:
            raise self._bad(name, f"at most {max_length} characters")
        return value

    def optional_text(self, name: str, *, max_length: int = 65_536) -> str | None:
        if self._fields.get(name) is None:
            return None
        return self.text(name, max_length=max_length)

    def integer(self, name: str, *, minimum: int = 0) -> int:
        value = self._get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self._bad(name, f"an integer ≥ {minimum}")
        return value

    def boolean(self, name: str) -> bool:
        value = self._get(name)
        if not isinstance(value, bool):
            raise self._bad(name, "true or false")
        return value

    def obj(self, name: str) -> WireObject:
        value = self._get(name)
        if not isinstance(value, dict):
            raise self._bad(name, "an object")
        return WireObject(value, f"{self._what}.{name}")

    def objects(self, name: str, *, max_items: int = 10_000) -> list[WireObject]:
        value = self._get(name)
        if not isinstance(value, list) or len(value) > max_items:
            raise self._bad(name, f"a list of at most {max_items} objects")
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise self._bad(f"{name}[{index}]", "an object")
            items.append(WireObject(item, f"{self._what}.{name}[{index}]"))
        return items

    def _get(self, name: str) -> JsonValue:
        if name not in self._fields:
            raise PayloadRejectedError(Rejection.MALFORMED, f"{self._what}: missing field {name!r}")
        return self._fields[name]

    def _bad(self, name: str, expected: str) -> PayloadRejectedError:
        return PayloadRejectedError(
            Rejection.MALFORMED, f"{self._what}: {name!r} must be {expected}"
        )
