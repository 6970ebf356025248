"""Opening the profile at start-up, begun before Qt is even imported.

The launcher needs one verdict before it can show anything: the profile opens
(keyring, or a passphrase given in ``LIAISON_PASSPHRASE``), it needs the officer's
passphrase, or it does not exist yet. Getting it costs the Argon2id unwrap
(~0.5 s, deliberately) or a keyring read, plus the SQLCipher open; importing
PySide6 and the app costs ~0.8 s. The two do not depend on each other, and
libsodium's Argon2id and SQLCipher's key derivation run in C without the GIL,
so :func:`begin_probe` starts the probe on a helper thread *first* and the app
imports Qt meanwhile (``ui/app.py``). The launcher then collects the verdict on
the service thread (:meth:`ProfileProbe.verdict`). Argon2id's parameters are
untouched: the wait is overlapped, not shortened.

No Qt here, and the service layer only inside the probe: this module is
imported before anything heavy is.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from liaison_client.profile import Profile

#: The same variable the CLI reads (``liaison_client/cli/prompts.py``): for kiosks and
#: automation; read once at start-up and removed from the environment, so child
#: processes (the demo's embedded relay) never inherit it.
PASSPHRASE_ENV = "LIAISON_PASSPHRASE"


class _PassphraseRequiredError(Exception):
    """Raised by the probe's passphrase source: the profile needs the officer."""


@dataclass(frozen=True)
class FirstRun:
    keyring_unusable_reason: str | None


@dataclass(frozen=True)
class NeedsPassphrase:
    pass


ProbeResult: TypeAlias = "Profile | FirstRun | NeedsPassphrase"


def probe_profile(root: Path, passphrase: str | None = None) -> ProbeResult:
    """Open ``root`` if that needs nobody (a keyring profile, or ``passphrase`` given);
    otherwise say what is needed. A wrong ``passphrase`` raises, like any open.

    The service layer is imported here, not at the top, so that on the probe's
    thread its imports (SQLCipher, libsodium, the keyring) overlap Qt's too."""
    from liaison_client.errors import ProfileNotFoundError
    from liaison_client.profile import keyring_unusable_reason, open_profile

    def answer(_confirm: bool) -> str:
        if passphrase is None:
            raise _PassphraseRequiredError
        return passphrase

    try:
        return open_profile(root, passphrase=answer)
    except _PassphraseRequiredError:
        return NeedsPassphrase()
    except ProfileNotFoundError:
        return FirstRun(keyring_unusable_reason())


def take_passphrase_from_environment() -> str | None:
    """``LIAISON_PASSPHRASE``, removed from this process's environment once read."""
    return os.environ.pop(PASSPHRASE_ENV, None)


class ProfileProbe:
    """:func:`probe_profile` running on a helper thread since start-up."""

    def __init__(self, root: Path, passphrase: str | None) -> None:
        self.root = root
        self._result: ProbeResult | None = None
        self._error: BaseException | None = None
        #: ``time.monotonic()`` when the probe ended (for start-up measurements).
        self.finished_at: float | None = None
        self._thread = threading.Thread(target=self._run, args=(passphrase,),
                                         name="liaison-profile-probe", daemon=True)
        self._thread.start()

    def _run(self, passphrase: str | None) -> None:
        try:
            self._result = probe_profile(self.root, passphrase)
        except BaseException as exc:  # handed to whoever collects the verdict
            self._error = exc
        self.finished_at = time.monotonic()

    def verdict(self) -> ProbeResult:
        """Wait for the probe (call it off the GUI thread); raises what the open raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def begin_probe(root: Path) -> ProfileProbe:
    """Start probing ``root`` now, with the passphrase from the environment if any."""
    return ProfileProbe(root, take_passphrase_from_environment())
