"""End-to-end encryption benchmark: send cost by channel size, rotation, receive throughput.

Run by hand:  .venv/bin/python -m bench.crypto_channels [--messages 2000]

Real parts throughout: vodozemac Olm/Megolm, SQLCipher stores (bare stores with a
random raw key, so no Argon2id at set-up), the real channel service on both sides.
The transport is in memory: ciphertexts are handed from the sender's service to the
receiver's. Member devices other than the measured receiver are real vodozemac
Accounts that only publish signed one-time keys (they never need to decrypt here).
Figures go to docs/PERFORMANCE.md, "End-to-end encryption".
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liaison_client.channels.channel_crypto import MessageReceived
from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.membership import MemberDevice
from liaison_client.channels.payloads import TextBody
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import observe_device
from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.crypto.megolm import ROTATE_AFTER_MESSAGES
from liaison_client.crypto.olm_machine import SignedOneTimeKey, one_time_key_signed_bytes
from liaison_client.store.records import IdentityRecord, now_ms
from liaison_client.store.store import Store

TEXT = "Container MSKU 1234567 flagged at berth 4: sniffer team requested, 走私 香烟 风险"


@contextmanager
def device(directory: Path, name: str) -> Iterator[MegolmChannelCrypto]:
    identity = DeviceIdentity.generate()
    pickle_key = secrets.token_bytes(32)
    device_id = new_device_id()
    store = Store.create(directory / f"{device_id}.db", secrets.token_bytes(32))
    with store.transaction():
        store.identity.save(IdentityRecord(device_id, name, "Customs",
                                           identity.pickle(pickle_key), now_ms()))
    try:
        yield MegolmChannelCrypto(store, identity, device_id, pickle_key)
    finally:
        store.close()


class PhantomMember:
    """A member device that only publishes signed one-time keys."""

    def __init__(self, index: int) -> None:
        self.identity = DeviceIdentity.generate()
        self.device_id = f"PHANTOM{index:04d}"
        self.member = MemberDevice(self.device_id, self.identity.ed25519_key,
                                   self.identity.curve25519_key, f"Officer {index}", "Customs")

    def claim_key(self) -> SignedOneTimeKey:
        account = self.identity.account
        account.generate_one_time_keys(1)
        key_id, key = next(iter(account.one_time_keys.items()))
        account.mark_keys_as_published()
        signed = one_time_key_signed_bytes(self.device_id, key_id, key.to_base64(), False)
        return SignedOneTimeKey(self.device_id, key_id, key.to_base64(), False,
                                self.identity.sign(signed))


def _keys(crypto: MegolmChannelCrypto) -> DeviceKeys:
    return crypto.olm.own_keys


def build_channel(sender: MegolmChannelCrypto, receiver: MegolmChannelCrypto,
                  members: int) -> str:
    """A channel of ``members`` devices: sender (coordinator), receiver, phantoms."""
    observe_device(receiver._store, _keys(sender), name="Sender", agency="Customs", at_ms=1)
    key = receiver.olm.generate_one_time_keys(1)[0]
    receiver.olm.mark_one_time_keys_published()
    sender.olm.create_outbound_session(_keys(receiver), key)
    channel_id = sender.create_channel("Benchmark operation").state.channel_id
    invite = sender.invite(channel_id, receiver.own_member())
    for index in range(members - 2):
        phantom = PhantomMember(index)
        sender.olm.create_outbound_session(phantom.member.keys, phantom.claim_key())
        for envelope in invite.envelopes:
            if envelope.recipient_device_id == receiver.device_id:
                receiver.receive(f"ctl-{index}", sender.device_id, envelope.payload)
        invite = sender.invite(channel_id, phantom.member)
    for envelope in invite.envelopes:
        if envelope.recipient_device_id == receiver.device_id:
            receiver.receive("ctl-last", sender.device_id, envelope.payload)
    return channel_id


def measure_send(members: int, directory: Path) -> dict[str, float]:
    with device(directory, "Sender") as sender, device(directory, "Receiver") as receiver:
        channel_id = build_channel(sender, receiver, members)
        steady: list[float] = []
        rotations: list[float] = []
        share_bytes = 0
        steady_cpu: list[float] = []
        for index in range(2 * ROTATE_AFTER_MESSAGES):
            started, cpu_started = time.perf_counter(), time.process_time()
            outgoing = sender.send(channel_id, TextBody(f"{TEXT} #{index}"))
            elapsed = time.perf_counter() - started
            if outgoing.key_shares:
                rotations.append(elapsed)
                share_bytes = sum(len(e.payload) for e in outgoing.key_shares)
            else:
                steady.append(elapsed)
                steady_cpu.append(time.process_time() - cpu_started)
        return {
            "members": members,
            "steady_ms": statistics.median(steady) * 1000,
            "steady_p95_ms": statistics.quantiles(steady, n=20)[18] * 1000,
            "steady_cpu_ms": statistics.median(steady_cpu) * 1000,
            "rotation_ms": statistics.median(rotations) * 1000,
            "group_bytes": len(outgoing.group.payload),
            "share_bytes": share_bytes,
        }


def measure_receive(count: int, batch: int, directory: Path) -> tuple[float, float]:
    """Messages per second through ``receive`` (decrypt, checks, replay row, message row):
    per wall-clock second and per second of this process's CPU (steady under load)."""
    with device(directory, "Sender") as sender, device(directory, "Receiver") as receiver:
        channel_id = build_channel(sender, receiver, 3)
        payloads: list[bytes] = []
        for index in range(count):
            outgoing = sender.send(channel_id, TextBody(f"{TEXT} #{index}"))
            for share in outgoing.key_shares:
                if share.recipient_device_id == receiver.device_id:
                    receiver.receive(f"share-{index}", sender.device_id, share.payload)
            payloads.append(outgoing.group.payload)
        started, cpu_started = time.perf_counter(), time.process_time()
        accepted = 0
        for first in range(0, count, batch):
            with receiver._store.transaction():
                for offset, payload in enumerate(payloads[first:first + batch]):
                    result = receiver.receive(f"msg-{first + offset}", sender.device_id,
                                              payload)
                    accepted += isinstance(result, MessageReceived)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        assert accepted == count, f"only {accepted} of {count} messages were accepted"
        return count / elapsed, count / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000,
                        help="messages for the receive-throughput runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        print("| members | send, steady (median) | send, steady (p95) | CPU per steady send"
              " (median) | send at rotation | group ciphertext | key shares at rotation |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for members in (2, 20, 200):
            r = measure_send(members, directory)
            print(f"| {members} | {r['steady_ms']:.2f} ms | {r['steady_p95_ms']:.2f} ms"
                  f" | {r['steady_cpu_ms']:.2f} ms | {r['rotation_ms']:.1f} ms"
                  f" | {r['group_bytes']:,} B"
                  f" | {r['share_bytes']:,} B |")
        print()
        print("| receive, commit batch | messages/s (wall) | messages per CPU second"
              " | load average (1 min) |")
        print("|---:|---:|---:|---:|")
        for batch in (1, 100):
            rate, cpu_rate = measure_receive(args.messages, batch, directory)
            print(f"| {batch} | {rate:,.0f} | {cpu_rate:,.0f} | {os.getloadavg()[0]:.1f} |")


if __name__ == "__main__":
    main()
