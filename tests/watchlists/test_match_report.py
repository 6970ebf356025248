"""Match results leave as a CSV Excel opens (UTF-8, BOM) and as a summary, never the manifest."""

from __future__ import annotations

import csv
from pathlib import Path

from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.match_report import summarise, write_hits_csv
from liaison_client.watchlists.matching import Hit, MatchReason

HITS = [
    Hit(2, "收货人", "e1", Kind.COMPANY, "广州金海贸易有限公司", "广州市金海贸易有限公司",
        MatchReason.COMPANY_NAME, 0.9231),
    Hit(2, "HS Code", "e2", Kind.HS, "3915", "3915.10", MatchReason.HS_PREFIX, 1.0),
    Hit(7, "HS Code", "e2", Kind.HS, "3915", "391590", MatchReason.HS_PREFIX, 1.0),
]


def test_the_csv_has_a_bom_the_cli_fields_and_the_chinese_text(tmp_path: Path) -> None:
    path = tmp_path / "hits.csv"
    write_hits_csv(HITS, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfrow,column,entry_id,kind,value,matched")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {"row": "2", "column": "收货人", "entry_id": "e1", "kind": "company",
                       "value": "广州金海贸易有限公司", "matched": "广州市金海贸易有限公司",
                       "reason": "company-name", "score": "0.9231"}
    assert len(rows) == 3


def test_the_summary_counts_by_kind_and_rows_and_carries_only_the_hits() -> None:
    summary = summarise(HITS, manifest_rows=100_000)
    assert summary.to_dict()["by_kind"] == {"company": 1, "hs": 2}
    assert (summary.manifest_rows, summary.rows_with_hits) == (100_000, 2)
    assert [hit["matched"] for hit in summary.to_dict()["hits"]] == [
        "广州市金海贸易有限公司", "3915.10", "391590"]
