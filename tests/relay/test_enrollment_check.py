"""The read-only enrollment check: a token's agency, asked without spending the token.

Real relay process on 127.0.0.1, real tokens from ``liaison-relay enroll``.
"""

from __future__ import annotations

import pytest

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient
from liaison_client.net.errors import EnrollmentRefusedError
from tests.relay.relay_process import RelayProcess


def test_the_check_names_the_tokens_agency_and_spends_nothing(relay: RelayProcess) -> None:
    token = relay.enroll("广州海关 Guangzhou Customs", uses=1)
    with RelayClient(relay.url, ca_pem=relay.ca_pem) as client:
        assert client.enrollment_token_agency(token) == "广州海关 Guangzhou Customs"
        assert client.enrollment_token_agency(token) == "广州海关 Guangzhou Customs"
        # Its single use is still there: the device registers.
        info = client.register(token, DeviceIdentity.generate(), new_device_id())
    assert info.agency == "广州海关 Guangzhou Customs"


def test_an_unknown_token_is_refused_like_registration_refuses_it(
        relay: RelayProcess) -> None:
    with RelayClient(relay.url, ca_pem=relay.ca_pem) as client, \
            pytest.raises(EnrollmentRefusedError) as refused:
        client.enrollment_token_agency("lrt_not-a-real-token")
    assert (refused.value.status, refused.value.error) == (403, "token_refused")


def test_a_spent_token_is_refused(relay: RelayProcess) -> None:
    token = relay.enroll(uses=1)
    with RelayClient(relay.url, ca_pem=relay.ca_pem) as client:
        client.register(token, DeviceIdentity.generate(), new_device_id())
        with pytest.raises(EnrollmentRefusedError):
            client.enrollment_token_agency(token)
