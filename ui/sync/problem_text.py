"""A sync round's problem line in the officer's language.

The sync engine (no Qt, no languages) reports a round's trouble as one English line
(``SyncReport.problem``: "relay refused a batch (…): 3 envelope(s) kept in the
outbox"), which the CLI prints as it is. The lines are built in
``liaison_client/sync/outbound.py`` and ``engine.py`` from a few fixed shapes; this
module recognises those shapes and says them again in the interface language,
keeping only the identifiers (the HTTP status and the relay's error code). A line
of a shape not known here is shown as a translated general sentence, with the
English detail only in the English interface (a Chinese line must not carry an
English sentence: issue 11, item 9).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

_BATCH = re.compile(r"relay refused a batch \((?P<reason>.*)\): (?P<kept>\d+) envelope\(s\) "
                    r"kept in the outbox")
_UNREACHABLE = re.compile(r"relay unreachable: (?P<kept>\d+) envelope\(s\) kept in the outbox")
_SET_ASIDE = re.compile(r"the relay refused (?P<count>\d+) envelope\(s\) for good and they "
                        r"were set aside, not retried \((?P<reason>.*)\)")
_STATUS = re.compile(r"\((?P<status>\d{3}) (?P<error>[\w.-]+)\)")


def _status(reason: str) -> str:
    """The identifiers of a refusal: "413 too_large" (HTTP status and the relay's code)."""
    found = _STATUS.search(reason)
    return f"{found['status']} {found['error']}" if found else "?"


def problem_text(problem: str) -> str:
    """``problem`` (one or two parts joined by "; ") in the interface language."""
    return " ".join(_part(part.strip()) for part in problem.split("; ") if part.strip())


def _part(part: str) -> str:
    translate = QCoreApplication.translate
    if part == "this profile has no relay":
        return translate("SyncNotice", "This profile has no relay: messages stay on this "
                         "computer.")
    batch = _BATCH.fullmatch(part)
    if batch:
        return translate("SyncNotice", "The relay refused a batch ({status}); %n envelope(s) "
                         "wait in the outbox and will be retried.", "",
                         int(batch["kept"])).format(status=_status(batch["reason"]))
    unreachable = _UNREACHABLE.fullmatch(part)
    if unreachable:
        return translate("SyncNotice", "The relay cannot be reached; %n envelope(s) wait in "
                         "the outbox.", "", int(unreachable["kept"]))
    set_aside = _SET_ASIDE.fullmatch(part)
    if set_aside:
        return translate("SyncNotice", "The relay refused %n envelope(s) for good ({status}); "
                         "they were set aside and are not retried.", "",
                         int(set_aside["count"])).format(status=_status(set_aside["reason"]))
    general = translate("SyncNotice", "Sync reported a problem; what was not sent stays in "
                        "the outbox.")
    if general == "Sync reported a problem; what was not sent stays in the outbox.":
        return f"{general} ({part})"  # English interface: the precise line helps
    return general
