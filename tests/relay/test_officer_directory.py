"""The officer directory on a real relay: signed names at registration, ``GET /v1/devices``."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
import requests

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.net.device_profile import profile_problem, sign_profile
from liaison_client.net.errors import EnrollmentRefusedError, RelayRefusedError
from liaison_client.net.message_signatures import RequestSigner
from liaison_client.protocol.device_profile import SignedProfile
from liaison_client.protocol.signed_payloads import (
    registration_payload,
    relay_origin,
    token_sha256,
)
from liaison_client.relay.sqlite_storage import SCHEMA_VERSION
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import EnrolledDevice, RelayProcess, enroll_device

CUSTOMS = "HM Revenue & Customs"


def enroll_officer(relay: RelayProcess, name: str, agency: str = CUSTOMS, *,
                   token: str | None = None,
                   profile_agency: str | None = None) -> EnrolledDevice:
    identity, device_id = DeviceIdentity.generate(), new_device_id()
    client = RelayClient(relay.url, device_id=device_id, signer=identity_signer(identity))
    profile = sign_profile(identity, device_id, name=name, agency=profile_agency or agency,
                           issued_at_ms=time.time_ns() // 1_000_000)
    try:
        client.register(token or relay.enroll(agency), identity, device_id, profile)
    except BaseException:
        client.close()
        raise
    return EnrolledDevice(device_id, identity, client)


def raw_registration(relay: RelayProcess, token: str, profile: dict[str, object],
                     identity: DeviceIdentity | None = None) -> requests.Response:
    identity = identity or DeviceIdentity.generate()
    device_id = new_device_id()
    proof = registration_payload(
        origin=relay_origin(relay.url), token_hash=token_sha256(token), device_id=device_id,
        ed25519_key=identity.ed25519_key, curve25519_key=identity.curve25519_key)
    return requests.post(f"{relay.url}/v1/devices", timeout=10, json={
        "token": token, "device_id": device_id, "ed25519_key": identity.ed25519_key,
        "curve25519_key": identity.curve25519_key, "signature": identity.sign(proof),
        "profile": profile})


def test_registered_name_is_listed_with_a_profile_its_key_signed(relay: RelayProcess) -> None:
    li = enroll_officer(relay, "Li Wei", "Guangzhou Customs")
    page = li.client.list_devices()
    assert [d.device_id for d in page.devices] == [li.device_id]
    listed = page.devices[0]
    assert listed.profile is not None
    assert listed.profile.name == "Li Wei"
    assert (listed.agency, listed.ed25519_key) == ("Guangzhou Customs", li.identity.ed25519_key)
    assert listed.registered_at_ms > 0
    assert page.next_cursor is None
    assert profile_problem(listed.profile, device_id=li.device_id,
                           ed25519_key=li.identity.ed25519_key, agency=listed.agency) is None
    assert li.client.device(li.device_id).profile == listed.profile


def test_profile_claiming_another_agency_is_refused_and_spends_nothing(
        relay: RelayProcess) -> None:
    token = relay.enroll("Zoll Hamburg")
    with pytest.raises(RelayRefusedError) as refused:
        enroll_officer(relay, "Anna Schmidt", "Zoll Hamburg", token=token,
                       profile_agency="Zoll Bremen")
    assert (refused.value.status, refused.value.error) == (403, "agency_mismatch")
    assert "Zoll Hamburg" in str(refused.value)
    assert not isinstance(refused.value, EnrollmentRefusedError)
    anna = enroll_officer(relay, "Anna Schmidt", "Zoll Hamburg", token=token)
    assert anna.client.device(anna.device_id).agency == "Zoll Hamburg"


def test_profile_not_signed_by_the_registering_key_is_refused(relay: RelayProcess) -> None:
    other = DeviceIdentity.generate()
    forged = sign_profile(other, "SOMEONEELSE", name="Li Wei", agency=CUSTOMS, issued_at_ms=1)
    token = relay.enroll()
    response = raw_registration(relay, token, forged.to_json())
    assert response.status_code == 400
    assert response.json()["error"] == "bad_profile"
    enroll_officer(relay, "Li Wei", token=token)  # the token was not spent


@pytest.mark.parametrize("name", [" Li Wei", "Li\u202eieW", "Li\nWei", "x" * 81, "",
                                  "Cafe\u0301"])
def test_a_name_not_in_its_signed_form_is_refused_at_the_edge(relay: RelayProcess,
                                                              name: str) -> None:
    identity = DeviceIdentity.generate()
    profile = SignedProfile(name, CUSTOMS, 1, identity.sign(b"unused"))
    response = raw_registration(relay, relay.enroll(), profile.to_json(), identity)
    assert response.status_code == 422, response.text


def test_a_device_registered_without_a_profile_is_listed_without_a_name(
        relay: RelayProcess) -> None:
    nameless = enroll_device(relay)
    listed = nameless.client.list_devices().devices[0]
    assert (listed.device_id, listed.profile) == (nameless.device_id, None)
    signer = RequestSigner(nameless.device_id, identity_signer(nameless.identity))
    body = requests.get(f"{relay.url}/v1/devices", timeout=10, auth=signer).json()
    assert body["devices"][0]["name"] is None


def test_pages_follow_the_cursor_in_device_id_order_without_repeats(
        relay: RelayProcess) -> None:
    officers = [enroll_officer(relay, f"Officer {n}") for n in range(5)]
    reader = officers[0].client
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(5):
        page = reader.list_devices(cursor=cursor, limit=2)
        assert len(page.devices) <= 2
        seen += [d.device_id for d in page.devices]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == sorted(o.device_id for o in officers)


def test_agency_filter_and_case_insensitive_search(relay: RelayProcess) -> None:
    elodie = enroll_officer(relay, "Élodie Martin", "Douane Le Havre")
    enroll_officer(relay, "Martin Kowalski", "Izba Celna Gdynia")
    li = enroll_officer(relay, "李伟", "Guangzhou Customs")

    def names(*, agency: str | None = None, query: str | None = None) -> set[str]:
        return {d.profile.name for d in li.client.list_devices(agency=agency, query=query)
                .devices if d.profile is not None}

    assert names(agency="Douane Le Havre") == {"Élodie Martin"}
    assert names(query="ÉLODIE") == {"Élodie Martin"}
    assert names(query="martin") == {"Élodie Martin", "Martin Kowalski"}
    assert names(query="伟") == {"李伟"}
    assert names(query="%") == set()  # text, not a LIKE wildcard
    assert names(query=elodie.device_id[2:8].lower()) == {"Élodie Martin"}
    assert names(agency="Douane", query="martin") == set()


def test_listing_needs_a_signed_request_and_a_bounded_page(relay: RelayProcess) -> None:
    li = enroll_officer(relay, "Li Wei")
    unsigned = requests.get(f"{relay.url}/v1/devices", timeout=10)
    assert unsigned.status_code == 401
    with pytest.raises(RelayRefusedError) as too_many:
        li.client.list_devices(limit=201)
    assert too_many.value.status == 422
    assert len(li.client.list_devices(limit=200).devices) == 1
    # A control character can match no stored name or agency (and PostgreSQL
    # text cannot hold NUL: found by the fuzz as a 500).
    for text in ("\x00", "Zoll\nHamburg"):
        with pytest.raises(RelayRefusedError) as refused:
            li.client.list_devices(agency=text)
        assert refused.value.status == 422
        with pytest.raises(RelayRefusedError) as refused:
            li.client.list_devices(query=text)
        assert refused.value.status == 422


@pytest.mark.sqlite_only
def test_a_schema_1_database_is_migrated_and_its_devices_have_no_name(
        start_relay_process: StartRelay, tmp_path: Path) -> None:
    data = tmp_path / "old-relay"
    data.mkdir()
    old = DeviceIdentity.generate()
    with sqlite3.connect(data / "relay.sqlite3") as conn:
        conn.executescript("""
            CREATE TABLE devices (
                device_id TEXT PRIMARY KEY, agency TEXT NOT NULL,
                ed25519_key TEXT NOT NULL UNIQUE, curve25519_key TEXT NOT NULL,
                registration_signature TEXT NOT NULL, registered_at_ms INTEGER NOT NULL);
            PRAGMA user_version = 1;""")
        conn.execute("INSERT INTO devices VALUES ('OLDDEVICE1', 'Zoll Hamburg', ?, ?, ?, 1)",
                     (old.ed25519_key, old.curve25519_key, "A" * 86))
    relay = start_relay_process(data_dir=data)
    li = enroll_officer(relay, "Li Wei")
    listed = {d.device_id: d for d in li.client.list_devices().devices}
    assert listed["OLDDEVICE1"].profile is None
    assert listed["OLDDEVICE1"].agency == "Zoll Hamburg"
    assert listed[li.device_id].profile is not None
    with sqlite3.connect(data / "relay.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_device_replaces_its_profile_only_with_a_newer_one(relay: RelayProcess) -> None:
    li = enroll_officer(relay, "Li Wei")
    renamed = sign_profile(li.identity, li.device_id, name="Li Wei (Felixstowe desk)",
                           agency=CUSTOMS, issued_at_ms=time.time_ns() // 1_000_000 + 1000)
    assert li.client.replace_profile(renamed).profile == renamed
    assert li.client.list_devices(query="felixstowe").devices[0].profile == renamed
    older = sign_profile(li.identity, li.device_id, name="Old name", agency=CUSTOMS,
                         issued_at_ms=1)
    for stale in (renamed, older):
        with pytest.raises(RelayRefusedError) as refused:
            li.client.replace_profile(stale)
        assert (refused.value.status, refused.value.error) == (409, "stale_profile")
    assert li.client.device(li.device_id).profile == renamed


def test_a_nameless_device_publishes_its_name_later(relay: RelayProcess) -> None:
    nameless = enroll_device(relay)
    profile = sign_profile(nameless.identity, nameless.device_id, name="Anna Schmidt",
                           agency=CUSTOMS, issued_at_ms=1)
    nameless.client.replace_profile(profile)
    assert nameless.client.list_devices(query="anna").devices[0].device_id == nameless.device_id


def test_only_the_device_itself_may_replace_its_profile_with_its_own_agency(
        relay: RelayProcess) -> None:
    li, anna = enroll_officer(relay, "Li Wei"), enroll_officer(relay, "Anna Schmidt")
    forged = sign_profile(li.identity, anna.device_id, name="Anna S.", agency=CUSTOMS,
                          issued_at_ms=time.time_ns() // 1_000_000 + 1000)
    signer = RequestSigner(li.device_id, identity_signer(li.identity))
    response = requests.put(f"{relay.url}/v1/devices/{anna.device_id}/profile", timeout=10,
                            json=forged.to_json(), auth=signer)
    assert response.status_code == 403
    with pytest.raises(RelayRefusedError) as not_signed:
        li.client.replace_profile(forged)  # anna's statement, not li's
    assert (not_signed.value.status, not_signed.value.error) == (400, "bad_profile")
    other_agency = sign_profile(li.identity, li.device_id, name="Li Wei", agency="Zoll Hamburg",
                                issued_at_ms=time.time_ns() // 1_000_000 + 1000)
    with pytest.raises(RelayRefusedError) as mismatch:
        li.client.replace_profile(other_agency)
    assert (mismatch.value.status, mismatch.value.error) == (403, "agency_mismatch")
    assert li.client.device(anna.device_id).profile is not None
    assert {d.profile.name for d in li.client.list_devices().devices if d.profile} == {
        "Li Wei", "Anna Schmidt"}
