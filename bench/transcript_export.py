"""Benchmark: write and verify the transcript of a 50,000-message operation.

    .venv/bin/python bench/transcript_export.py [--messages 50000] [--dir DIR]

The operation is built with real keys: a coordinator and two members (vodozemac
identities), a signed membership log (create, two invites), and messages in
English and Chinese, every tenth a seizure-like report table, each signed with
content version 2 and chained per sender. Building it (signing 50,000 messages)
is the bench's own work, not the export's: a first child process writes it to a
fixture folder (``header.json``, ``messages.jsonl``, the exporter's pickled
identity) and reports its time apart. The export child then streams the fixture
(one message a line, as the service pages rows out of SQLCipher) through the
domain writer (:func:`liaison_client.transcripts.write_folder`: streamed JSON,
the PDF with the embedded CJK font, both minisign signatures); each verifier
runs in a child process of its own. Each child reports its wall time and peak
RSS (``ru_maxrss``). Reading the rows out of SQLCipher is not included. Goals
(issue 15): export under 30 s, verify under 10 s, each under 500 MB. Figures:
docs/PERFORMANCE.md.

One step alone (to time it from outside, e.g. against another checkout):

    bench/transcript_export.py --child fixture --dir F --messages N
    bench/transcript_export.py --child export --dir OUT --fixture F
    bench/transcript_export.py --child verify|single-file --dir OUT
"""

from __future__ import annotations

import argparse
import base64
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from liaison_client.channels.membership import (  # noqa: E402
    ControlAction,
    MemberDevice,
    apply_event,
    create_event,
    next_event,
)
from liaison_client.crypto.identity import DeviceIdentity, format_fingerprint  # noqa: E402
from liaison_client.crypto.message_signature import (  # noqa: E402
    ChainFields,
    SignedMessageFields,
    message_hash,
)
from liaison_client.protocol.canonical import JsonObject, canonical_json  # noqa: E402
from liaison_client.provenance.minisign import account_signer  # noqa: E402
from liaison_client.transcripts import verify_folder, write_folder  # noqa: E402
from liaison_client.transcripts.record import (  # noqa: E402
    Period,
    TranscriptHeader,
    TranscriptMember,
    TranscriptMessage,
)

TEXTS = ("Container CSQU3054383 arrives Hamburg Tuesday, please hold for inspection.",
         "蛇口港已查获集装箱，香烟一千二百五十公斤，请核实收货人。")


_PICKLE_KEY = b"b" * 32  # the bench's throwaway identity, in a temporary folder


def _fixture(into: Path, count: int) -> None:
    """Build the operation and write it to ``into`` (not timed as export)."""
    people = [(DeviceIdentity.generate(), f"DEV{i}", name, agency) for i, (name, agency) in
              enumerate((("Li Wei", "Guangzhou Customs"), ("Chen Jing", "Guangzhou Customs"),
                         ("Anna Schmidt", "Zoll Hamburg")))]
    devices = [MemberDevice(d, i.ed25519_key, i.curve25519_key, n, a) for i, d, n, a in people]
    coordinator = people[0][0]
    events = [create_event(coordinator, devices[0], "Op Jade 翡翠行动", 1_790_000_000_000)]
    state = apply_event(None, events[0])
    for device in devices[1:]:
        event = next_event(coordinator, state, ControlAction.INVITE, 1_790_000_001_000,
                           subject=device)
        events.append(event)
        state = apply_event(state, event)
    members = tuple(TranscriptMember(d.device_id, d.name, d.agency,
                                     "coordinator" if i == 0 else "member", d.ed25519,
                                     d.curve25519, format_fingerprint(d.ed25519), i, None)
                    for i, d in enumerate(devices))
    header = TranscriptHeader(state.channel_id, state.name, "open", 1_790_000_000_000, None,
                              Period(None, None), int(time.time() * 1000), members[0], members,
                              tuple(e.encode().decode() for e in events))
    into.mkdir(parents=True, exist_ok=True)
    (into / "header.json").write_text(json.dumps(header.to_json()), encoding="utf-8")
    (into / "exporter.pickle").write_text(coordinator.pickle(_PICKLE_KEY), encoding="utf-8")
    heads: dict[int, tuple[str | None, int]] = {}
    with (into / "messages.jsonl").open("w", encoding="utf-8") as out:
        for n in range(count):
            who = n % 3
            identity, device_id = people[who][0], people[who][1]
            prev, seq = heads.get(who, (None, 0))
            text = f"{TEXTS[n % 2]} #{n}"
            body: JsonObject = {"text": text}
            fields = SignedMessageFields(state.channel_id, f"m{n:06d}", device_id,
                                         1_790_000_100_000 + n * 1000, "text", body,
                                         ChainFields(state.epoch, state.head_hash, prev, seq))
            signed = fields.canonical(canonical_json(body))
            signature = identity.sign(signed)
            heads[who] = (message_hash(signed), seq + 1)
            report = ([["commodity", "香烟 cigarettes"], ["quantity", str(n)], ["unit", "kg"],
                       ["container", "CSQU3054383"]] if n % 10 == 0 else None)
            out.write(json.dumps([f"m{n:06d}", device_id, fields.sent_at_ms, "text",
                                  signed.decode(), signature + "=" * (-len(signature) % 4),
                                  text, report], ensure_ascii=False) + "\n")


def _export(folder: Path, fixture: Path) -> None:
    """The export proper: the fixture streamed through the domain writer."""
    header_json = json.loads((fixture / "header.json").read_text(encoding="utf-8"))
    members = tuple(TranscriptMember(**m) for m in header_json["members"])
    operation = header_json["operation"]
    header = TranscriptHeader(
        operation["channel_id"], operation["name"], operation["state"],
        operation["opened_at_ms"], operation["closed_at_ms"], Period(None, None),
        header_json["exported_at_ms"], TranscriptMember(**header_json["exporter"]), members,
        tuple(header_json["membership_log"]))
    exporter = DeviceIdentity.from_pickle((fixture / "exporter.pickle").read_text(),
                                          _PICKLE_KEY)
    count = sum(1 for _ in (fixture / "messages.jsonl").open(encoding="utf-8"))

    def messages() -> Iterator[TranscriptMessage]:
        with (fixture / "messages.jsonl").open(encoding="utf-8") as source:
            for line in source:
                yield TranscriptMessage(*json.loads(line))

    key = base64.b64decode(exporter.ed25519_key + "=")
    if folder.exists():
        shutil.rmtree(folder)
    write_folder(folder, header, messages(), total=count,
                 signer=account_signer(exporter.account), public_key=key)


def _child(role: str, folder: Path, count: int, fixture: Path | None) -> None:
    start = time.perf_counter()
    if role == "fixture":
        _fixture(folder, count)
        detail = "signed the messages (bench set-up, not export time)"
    elif role == "export":
        assert fixture is not None
        _export(folder, fixture)
        detail = ""
    elif role == "verify":
        result = verify_folder(folder)
        assert result.ok, [p.line() for p in result.problems[:5]]
        detail = result.summary[:60]
    else:
        import nacl
        site = Path(str(nacl.__file__)).resolve().parent.parent
        done = subprocess.run([sys.executable, "-S", str(ROOT / "tools" / "verify_transcript.py"),
                               str(folder)], capture_output=True, text=True, check=False,
                              env={"PYTHONPATH": str(site)})
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        detail = done.stdout[:60]
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"role": role, "seconds": round(seconds, 2),
                      "peak_rss_mb": round(max(own, children) / 1024, 1), "detail": detail}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--fixture", type=Path, default=None)
    parser.add_argument("--child", choices=["fixture", "export", "verify", "single-file"],
                        default=None)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.dir, args.messages, args.fixture)
        return
    with tempfile.TemporaryDirectory() as scratch:
        base = args.dir or Path(scratch)
        folder, fixture = base / "export", base / "fixture"
        for role, target in (("fixture", fixture), ("export", folder), ("verify", folder),
                             ("single-file", folder)):
            out = subprocess.run([sys.executable, __file__, "--child", role, "--dir",
                                  str(target), "--messages", str(args.messages),
                                  "--fixture", str(fixture)],
                                 capture_output=True, text=True, check=True)
            print(out.stdout.strip())
        sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
        print(json.dumps({"messages": args.messages, "bytes": sizes}))


if __name__ == "__main__":
    main()
