"""Ways to tamper with an export folder, each with the finding it must produce."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import nacl.signing

from liaison_client.crypto.message_signature import ChainFields, SignedMessageFields
from liaison_client.protocol.canonical import canonical_json
from liaison_client.provenance.minisign import PublicKey, sign_file, signing_key_signer
from liaison_client.transcripts.record import chain_link


def load(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / "transcript.json").read_text("utf-8"))
    return loaded


def save(folder: Path, transcript: dict[str, Any]) -> None:
    (folder / "transcript.json").write_text(
        json.dumps(transcript, ensure_ascii=False, separators=(",", ":")), "utf-8")


def rechain(transcript: dict[str, Any]) -> None:
    """Recompute the transcript hash chain as a forger would."""
    previous = "0" * 64
    for index, message in enumerate(transcript["messages"]):
        message["index"] = index
        previous = message["chain"] = chain_link(previous, message["message_hash"])
    transcript["chain_head"] = previous
    transcript["message_count"] = len(transcript["messages"])


def change_one_byte(folder: Path, needle: str) -> None:
    """Change one byte of a message's signed content in the file (first occurrence)."""
    raw = (folder / "transcript.json").read_bytes()
    at = raw.index(needle.encode())
    (folder / "transcript.json").write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1:])


def forge_message(transcript: dict[str, Any], identity_sign: Any, sender: str, *, epoch: int,
                  prev: str | None, seq: int, text: str) -> str:
    """Append a message correctly signed by ``sender``'s own key under ``epoch``; returns
    its id. The transcript chain is recomputed, so only membership can catch it."""
    log = transcript["membership_log"]
    import hashlib
    head = hashlib.sha256(log[epoch].encode()).hexdigest()
    message_id = "forged-" + str(time.time_ns())
    fields = SignedMessageFields(transcript["operation"]["channel_id"], message_id, sender,
                                 int(time.time() * 1000), "text", {"text": text},
                                 ChainFields(epoch, head, prev, seq))
    signed = fields.canonical(canonical_json({"text": text}))
    signature = identity_sign(signed)
    padded = signature + "=" * (-len(signature) % 4)
    transcript["messages"].append({
        "index": 0, "message_id": message_id, "sender_device_id": sender,
        "sent_at_ms": fields.sent_at_ms, "kind": "text", "signed": signed.decode(),
        "signature": padded, "message_hash": hashlib.sha256(signed).hexdigest(),
        "chain": "", "text": text, "report": None, "attachments": []})
    rechain(transcript)
    return message_id


def resign(folder: Path) -> nacl.signing.SigningKey:
    """Sign both files with a new key and put that key in exporter.pub."""
    key = nacl.signing.SigningKey.generate()
    public = PublicKey.from_ed25519(bytes(key.verify_key))
    for name in ("transcript.json", "transcript.pdf"):
        sign_file(folder / name, signing_key_signer(key), public.key_id).write(
            folder / f"{name}.minisig")
    (folder / "exporter.pub").write_text(public.to_text(), "utf-8")
    return key


def other_key_file(path: Path) -> Path:
    public = PublicKey.from_ed25519(bytes(nacl.signing.SigningKey.generate().verify_key))
    path.write_text(public.to_text(), "utf-8")
    return path


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
