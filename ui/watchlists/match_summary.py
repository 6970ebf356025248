"""The text "Post summary" sends to the operation: counts, then the hits (never the manifest).

Written in the poster's interface language, as a message they typed would be.
At most :data:`MAX_LISTED_HITS` hits are listed (a text message has a size
limit; the full results are the exported CSV), and the count says how many
more there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from liaison_client.watchlists.matching import Hit
from ui.watchlists.watchlist_text import kind_name, reason_name

MAX_LISTED_HITS = 50


def _tr(text: str) -> str:
    return QCoreApplication.translate("MatchSummary", text)


def summary_text(list_name: str, manifest_name: str, manifest_rows: int,
                 hits: Sequence[Hit], displays: Mapping[str, str]) -> str:
    rows_with_hits = len({hit.row for hit in hits})
    counts = Counter(hit.kind for hit in hits)
    by_kind = ", ".join(f"{kind_name(kind)} {count}" for kind, count in sorted(counts.items()))
    lines = [_tr("Watch-list match: {manifest} against {list}").format(
                 manifest=manifest_name, list=list_name),
             _tr("{hits} hits in {rows} of {total} manifest rows").format(
                 hits=len(hits), rows=rows_with_hits, total=manifest_rows)]
    if by_kind:
        lines.append(by_kind)
    for hit in hits[:MAX_LISTED_HITS]:
        lines.append(_tr("Row {row}, {column}: {matched} → {entry} ({why}, {score})").format(
            row=hit.row, column=hit.column, matched=hit.matched,
            entry=displays.get(hit.entry_id, hit.value), why=reason_name(str(hit.reason)),
            score=f"{hit.score:.2f}"))
    if len(hits) > MAX_LISTED_HITS:
        lines.append(_tr("… and {count} more hits").format(count=len(hits) - MAX_LISTED_HITS))
    return "\n".join(lines)
