"""The demo: a live exchange on an embedded relay, for a newcomer's first minute.

``liaison-desktop --demo`` (what ``scripts/run-app`` runs when no profile exists
yet) opens the app on a workspace of its own, in its own directory, never the
officer's real profile:

* ``relay/``: an embedded relay (:mod:`liaison_client.local_relay`);
* ``you/``: the newcomer's demo profile, registered with that relay;
* ``demo-officer/``: a second officer, "Chen Jing (demo)", who creates the
  channel "DEMO — Operation Harbour Light", invites the newcomer and sends a few
  realistic messages in English and Chinese, a few seconds apart, then answers
  what the newcomer writes with an automatic reply.

Everything is real (profiles, SQLCipher, vodozemac, relay, HTTP); only the
people are invented, and every name says "demo". The demo officer runs in this
process on a thread of its own with its own profile and Workspace, so it never
touches the newcomer's profile, which the app uses on its service thread.

Both demo profiles are protected by :data:`DEMO_PASSPHRASE`. It is published
here on purpose: a demo holds nothing worth protecting, and a fixed passphrase
lets it open without a prompt. Nothing here is used for a real profile.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from liaison_client.enrollment import RelayInvitation, enroll
from liaison_client.errors import DemoError, LiaisonError
from liaison_client.local_relay import LocalRelay
from liaison_client.profile import KeyStorageChoice, Profile, open_profile
from liaison_client.relay_connection import RelaySettings
from liaison_client.workspace import Workspace, flag_demo_channel

_log = logging.getLogger(__name__)

#: Not a secret (see the module docstring): demo profiles only.
DEMO_PASSPHRASE = "liaison demo workspace (not secret)"
DEMO_CHANNEL = "DEMO — Operation Harbour Light"
DEMO_OFFICER_NAME = "Chen Jing (demo)"
DEMO_OFFICER_AGENCY = "DEMO — Shanghai Customs 上海海关"
NEWCOMER_NAME = "You (demo)"
NEWCOMER_AGENCY = "DEMO — Your customs office"
SCRIPT_POSITION = "demo.script_position"

#: What the demo officer says, in order: an operation's first exchanges.
SCRIPT: tuple[str, ...] = (
    "Welcome to the demo operation. Everything here is end-to-end encrypted; "
    "the relay only sees ciphertext.",
    "Vessel MSC ARIANE, ETA Yangshan 14:30 local. Container MSCU 482 917-3 is flagged "
    "for inspection.",
    "集装箱 MSCU 482 917-3 已列入查验名单，请确认贵方是否有相关情报。",
    "Bill of lading lists 'machine parts'; declared weight differs by 2.4 t from the "
    "terminal's scale.",
    "查验结果：发现未申报货物，已暂扣。详细报告稍后发送。",
    "Try replying below: I answer automatically (this is a demo).",
)
AUTO_REPLY = "Received, thank you — automatic reply from the demo officer. 已收到，谢谢。"
#: Seconds between two scripted messages.
MESSAGE_INTERVAL_SECONDS = 4.0


def _ask(_confirm: bool) -> str:
    return DEMO_PASSPHRASE


@dataclass
class DemoSession:
    """What the app holds while the demo runs; :meth:`close` ends all of it."""

    relay: LocalRelay
    profile: Profile
    officer: DemoOfficer

    def close(self) -> None:
        """Stop the officer, close its profile, stop the relay. The newcomer's
        profile is the app's to close (it closes it with its other state)."""
        self.officer.stop()
        self.relay.stop()


class DemoStep(enum.Enum):
    """Where :func:`open_demo` is, for the desktop's start screen (issue 11, item 13:
    a first demo start takes seconds, and showed nothing meanwhile)."""

    RELAY = "relay"
    YOUR_PROFILE = "your_profile"
    DEMO_OFFICER = "demo_officer"


def open_demo(root: Path, *, interval: float = MESSAGE_INTERVAL_SECONDS,
              progress: Callable[[DemoStep], None] | None = None) -> DemoSession:
    """Start the embedded relay, create or open both demo profiles, set up the channel.

    Returns the newcomer's open profile; the demo officer is ready but not yet
    talking (call ``session.officer.start()`` once the app's window is up).
    ``progress`` hears each step as it begins (on the caller's thread)."""
    tell = progress if progress is not None else (lambda _step: None)
    tell(DemoStep.RELAY)
    relay = LocalRelay.start(root / "relay")
    try:
        tell(DemoStep.YOUR_PROFILE)
        profile = _demo_profile(relay, root / "you", NEWCOMER_NAME, NEWCOMER_AGENCY)
        try:
            tell(DemoStep.DEMO_OFFICER)
            officer_profile = _demo_profile(relay, root / "demo-officer", DEMO_OFFICER_NAME,
                                            DEMO_OFFICER_AGENCY)
            officer = DemoOfficer(officer_profile, profile.device_id, NEWCOMER_NAME,
                                  interval=interval)
            officer.prepare()
            flag_demo_channel(profile.store, officer.channel_id)
        except BaseException:
            profile.close()
            raise
    except BaseException:
        relay.stop()
        raise
    return DemoSession(relay, profile, officer)


def _demo_profile(relay: LocalRelay, root: Path, name: str, agency: str) -> Profile:
    if not root.exists():
        enroll(root, name=name, agency=agency, passphrase=_ask,
               key_storage=KeyStorageChoice.PASSPHRASE,
               relay=RelayInvitation(relay.url, relay.enroll(agency)))
    profile = open_profile(root, passphrase=_ask)
    settings = RelaySettings.load(profile.store.settings)
    if settings is None:
        profile.close()
        raise DemoError(f"{root} is not a demo profile (it has no relay)")
    if settings.url != relay.url:
        # The embedded relay could not get its old port back: follow it.
        dataclasses.replace(settings, url=relay.url).save(profile.store.settings)
    return profile


class DemoOfficer:
    """The second, invented officer: its own profile, Workspace and thread."""

    def __init__(self, profile: Profile, newcomer_device_id: str, newcomer_name: str, *,
                 interval: float = MESSAGE_INTERVAL_SECONDS) -> None:
        self._profile = profile
        self._workspace = Workspace.for_profile(profile)
        self._newcomer = newcomer_device_id
        self._newcomer_name = newcomer_name
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.channel_id = ""

    def prepare(self) -> None:
        """Create the demo channel and invite the newcomer (once; reopened later)."""
        existing = [c for c in self._workspace.channels.all() if c.name == DEMO_CHANNEL]
        if existing:
            self.channel_id = existing[0].channel_id
            return
        self.channel_id = self._workspace.channels.create(DEMO_CHANNEL).channel_id
        outcome = self._workspace.channels.invite(self.channel_id, self._newcomer,
                                         name=self._newcomer_name)
        if not outcome.accepted:
            raise DemoError(f"the demo officer could not invite you: {outcome.problem}")

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="liaison-demo-officer",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop talking, then close the officer's workspace and profile (bounded)."""
        self._stop.set()
        self._workspace.engine.stop()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        if not self._closed and (thread is None or not thread.is_alive()):
            self._closed = True
            self._workspace.close()
            self._profile.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def script_position(self) -> int:
        return int(self._profile.store.settings.get(SCRIPT_POSITION, 0))

    def step(self) -> None:
        """One beat: answer what the newcomer wrote, then say the next scripted line."""
        report = self._workspace.sync()
        for received in report.messages:
            if received.message.sender_device_id == self._newcomer:
                self._workspace.sending.send_text(self.channel_id, AUTO_REPLY)
        position = self.script_position
        if position < len(SCRIPT):
            self._workspace.sending.send_text(self.channel_id, SCRIPT[position])
            self._profile.store.settings.set(SCRIPT_POSITION, position + 1)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except LiaisonError as exc:  # the relay went away, for instance: try again later
                _log.warning("demo officer: %s", exc)
            except Exception:
                _log.exception("demo officer failed")
                return
            self._stop.wait(self._interval)
