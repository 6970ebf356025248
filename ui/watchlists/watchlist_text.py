"""Watch-list words in the officer's language: kinds, statuses, match targets and reasons.

The domain's enums are wire spellings (``container``, ``hs-prefix``); what an
officer reads is translated here, in one context (``WatchlistText``), so every
screen and dialog of the tab says a kind the same way.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDateTime

from liaison_client.watchlists.kinds.value import Kind
from liaison_client.workspace.watchlists import EntryStatus

#: The kinds in the order the add dialog offers them.
KINDS = (Kind.CONTAINER, Kind.HS, Kind.IMO, Kind.AWB, Kind.COMPANY, Kind.KEYWORD)


def _tr(text: str) -> str:
    return QCoreApplication.translate("WatchlistText", text)


def kind_name(kind: Kind | str) -> str:
    names = {
        Kind.CONTAINER: _tr("Container"),
        Kind.HS: _tr("HS code"),
        Kind.IMO: _tr("Ship (IMO)"),
        Kind.AWB: _tr("Air waybill"),
        Kind.COMPANY: _tr("Company"),
        Kind.KEYWORD: _tr("Keyword"),
    }
    try:
        return names[Kind(kind)]
    except ValueError:
        return str(kind)


def kind_example(kind: Kind) -> str:
    """A placeholder showing the form a value of ``kind`` takes."""
    examples = {
        Kind.CONTAINER: "CSQU3054383",
        Kind.HS: "3915.10",
        Kind.IMO: "IMO 9074729",
        Kind.AWB: "176-12345675",
        Kind.COMPANY: _tr("Company name, Latin or Chinese"),
        Kind.KEYWORD: _tr("Word or phrase in a goods description"),
    }
    return examples[kind]


def status_name(status: EntryStatus) -> str:
    names = {
        EntryStatus.ACTIVE: _tr("Active"),
        EntryStatus.RETIRED: _tr("Retired"),
        EntryStatus.EXPIRED: _tr("Expired"),
    }
    return names.get(status, str(status))


def target_name(target: Kind | None) -> str:
    """A manifest column's match target; None is "not matched"."""
    return _tr("(not matched)") if target is None else kind_name(target)


def reason_name(reason: str) -> str:
    names = {
        "identifier": _tr("same identifier"),
        "hs-prefix": _tr("HS code under the listed code"),
        "company-name": _tr("similar company name"),
        "keyword": _tr("keyword in the description"),
    }
    return names.get(reason, reason)


def action_name(action: str) -> str:
    names = {
        "add": _tr("Added"),
        "update": _tr("Changed"),
        "retire": _tr("Retired"),
    }
    return names.get(action, action)


def field_name(name: str) -> str:
    names = {
        "kind": _tr("Kind"), "value": _tr("Value"), "note": _tr("Note"),
        "tags": _tr("Tags"), "expires": _tr("Expires"), "identifiers": _tr("Identifiers"),
        "status": _tr("Status"),
    }
    return names.get(name, name)


def when(at_ms: int) -> str:
    """A time of an edit, in the local time zone, as an officer reads it."""
    return QDateTime.fromMSecsSinceEpoch(at_ms).toString("yyyy-MM-dd HH:mm")


def day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()
