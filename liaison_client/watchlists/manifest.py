"""A manifest to match: its table and which columns hold what (the column mapping).

The officer maps columns to targets (the entry kinds); :func:`guess_mapping`
proposes one from header names in English and Chinese, as customs declarations
and manifests name them (China Customs declaration form fields 境内收货人,
境外发货人, 商品编号/商品编码, 商品名称; cargo manifest fields 集装箱号, 提单号;
English manifest headers Container No., HS Code, Consignee, Shipper,
Description of Goods). A header is compared NFKC-casefolded without spaces or
punctuation: first whole, then by containing a known name ("Consignee name",
"收货人名称"). Several columns may map to ``company`` (consignee and shipper);
a column maps to one target at most.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from liaison_client.watchlists.errors import ColumnMappingError
from liaison_client.watchlists.kinds.value import Kind
from liaison_client.watchlists.table_files import Table, read_table

#: Header names per target, already in :func:`header_form`. Order matters only
#: for "contains" guesses: a more specific target is tried first.
HEADER_NAMES: dict[Kind, tuple[str, ...]] = {
    Kind.CONTAINER: ("container", "containerno", "containernumber", "containerid", "cntr",
                     "cntrno", "ctnno", "集装箱号", "集装箱编号", "集装箱", "箱号"),
    Kind.HS: ("hs", "hscode", "hsno", "hstariff", "commoditycode", "tariffcode", "tariffno",
              "cncode", "商品编码", "商品编号", "hs编码", "税号", "税则号列", "海关编码"),
    Kind.IMO: ("imo", "imono", "imonumber", "vesselimo", "shipimo", "船舶imo", "imo编号",
               "imo号"),
    Kind.AWB: ("awb", "awbno", "awbnumber", "airwaybill", "airwaybillno", "mawb", "hawb",
               "航空运单号", "空运单号", "总运单号", "分运单号"),
    Kind.COMPANY: ("consignee", "shipper", "consignor", "importer", "exporter", "notifyparty",
                   "收货人", "发货人", "境内收货人", "境外收货人", "境内发货人", "境外发货人",
                   "进口商", "出口商", "企业名称", "收货单位", "发货单位"),
    Kind.KEYWORD: ("description", "goodsdescription", "descriptionofgoods", "commodity",
                   "goods", "cargodescription", "品名", "商品名称", "货物描述", "货名",
                   "申报品名", "货物名称"),
}
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def header_form(name: str) -> str:
    """``Container No.`` → ``containerno``; ``商品 编码`` → ``商品编码``."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name).casefold())


def guess_mapping(header: Sequence[str]) -> dict[int, Kind]:
    """Column index → target, for the columns whose name says what they hold."""
    forms = [header_form(name) for name in header]
    mapping: dict[int, Kind] = {}
    for index, form in enumerate(forms):  # whole names first
        for kind, names in HEADER_NAMES.items():
            if form in names:
                mapping[index] = kind
                break
    for index, form in enumerate(forms):  # then names containing a known name
        if index in mapping or not form:
            continue
        for kind, names in HEADER_NAMES.items():
            if any((len(name) >= 3 or not name.isascii()) and name in form for name in names):
                mapping[index] = kind
                break
    return dict(sorted(mapping.items()))


def mapping_from_pairs(header: Sequence[str], pairs: Iterable[tuple[str, str]]) -> dict[int, Kind]:
    """The officer's mapping (``--map COLUMN=TARGET``) by column name; raises
    :class:`ColumnMappingError` for a column the file lacks or an unknown target."""
    positions = {name: index for index, name in reversed(list(enumerate(header)))}
    forms = {header_form(name): index for index, name in reversed(list(enumerate(header)))}
    mapping: dict[int, Kind] = {}
    for column, target in pairs:
        index = positions.get(column.strip(), forms.get(header_form(column)))
        try:
            kind = Kind(target.strip().lower())
        except ValueError:
            raise ColumnMappingError(column, target) from None
        if index is None:
            raise ColumnMappingError(column, target)
        mapping[index] = kind
    return mapping


@dataclass(frozen=True, slots=True)
class Manifest:
    """A manifest's table and the mapping it is matched with."""

    table: Table
    mapping: Mapping[int, Kind]

    def describe_mapping(self) -> list[tuple[str, Kind]]:
        """(column name, target) pairs, in column order (what the CLI prints on stderr)."""
        return [(self.table.header[index], kind) for index, kind in sorted(self.mapping.items())]


def load_manifest(path: Path, pairs: Iterable[tuple[str, str]] | None = None) -> Manifest:
    """Read a manifest file; map its columns as given, or as guessed from the header."""
    table = read_table(path)
    mapping = (mapping_from_pairs(table.header, pairs) if pairs
               else guess_mapping(table.header))
    return Manifest(table, mapping)
