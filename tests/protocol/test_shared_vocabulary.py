"""Client and relay speak the protocol's one vocabulary: the same delivery states, limits
and profile rules on both sides of the wire."""

from __future__ import annotations

import typing

from liaison_client.net import wire
from liaison_client.protocol import limits
from liaison_client.protocol.delivery import DeliveryState
from liaison_client.protocol.device_profile import MAX_AGENCY_LENGTH, MAX_NAME_LENGTH
from liaison_client.relay import api_models, storage


def test_the_relay_response_model_lists_exactly_the_protocol_delivery_states() -> None:
    assert typing.get_args(api_models.DeliveryStateName) == tuple(s.value for s in DeliveryState)


def test_relay_storage_and_client_use_the_protocol_delivery_state() -> None:
    assert storage.DeliveryState is DeliveryState
    parsed = wire.parse_states({"states": {"e1": {s.value: s.value for s in DeliveryState}}})
    assert parsed == {"e1": {s.value: s for s in DeliveryState}}
    assert all(type(state) is DeliveryState for state in parsed["e1"].values())


def test_the_relay_validates_with_the_protocol_limits() -> None:
    schema = api_models.SendRequest.model_json_schema()
    assert schema["properties"]["envelopes"]["maxItems"] == limits.MAX_BATCH
    envelope = schema["$defs"]["EnvelopeIn"]["properties"]
    assert envelope["recipients"]["maxItems"] == limits.MAX_RECIPIENTS
    assert envelope["id"]["pattern"] == limits.ENVELOPE_ID_PATTERN
    assert envelope["ttl_seconds"]["anyOf"][0]["maximum"] == limits.MAX_TTL_SECONDS
    profile = api_models.SignedProfileModel.model_json_schema()["properties"]
    assert (profile["name"]["maxLength"], profile["agency"]["maxLength"]) == (
        MAX_NAME_LENGTH, MAX_AGENCY_LENGTH)
