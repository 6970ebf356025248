"""What is done with match results: a CSV for the officer, a summary for the channel.

The CSV is UTF-8 with a BOM (Excel then opens Chinese text correctly) with the
CLI's JSON field names as header. The summary is what "post summary" sends to
the operation: counts by kind and the hits themselves, never the manifest.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liaison_client.watchlists.matching import Hit

HIT_COLUMNS = ("row", "column", "entry_id", "kind", "value", "matched", "reason", "score")


def write_hits_csv(hits: Sequence[Hit], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HIT_COLUMNS)
        for hit in hits:
            document = hit.to_dict()
            writer.writerow([document[name] for name in HIT_COLUMNS])


@dataclass(frozen=True, slots=True)
class HitSummary:
    """Counts of hits by kind and of manifest rows with a hit, plus the hits."""

    manifest_rows: int
    rows_with_hits: int
    by_kind: dict[str, int]
    hits: tuple[Hit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"manifest_rows": self.manifest_rows, "rows_with_hits": self.rows_with_hits,
                "by_kind": dict(self.by_kind), "hits": [hit.to_dict() for hit in self.hits]}


def summarise(hits: Sequence[Hit], manifest_rows: int) -> HitSummary:
    return HitSummary(manifest_rows=manifest_rows,
                      rows_with_hits=len({hit.row for hit in hits}),
                      by_kind=dict(sorted(Counter(str(hit.kind) for hit in hits).items())),
                      hits=tuple(hits))
