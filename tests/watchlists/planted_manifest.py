"""A generated watch-list and manifest with planted hits, for the matching tests and the benchmark.

Everything is drawn from a seeded random generator so a run is repeatable. The
background (rows that must not hit) is kept apart from the list by construction:
identifiers are checked not to be listed, HS codes come from chapters 50–97 while
listed codes come from 01–49, company names and keywords are built from other
syllables than listed ones. Planted hits use the variants an officer meets:
identifiers typed with spaces, dashes, lower case or an ``IMO`` prefix; national
8/10-digit codes under a listed heading or subheading; Latin names in upper case,
another legal form, full width or with a dropped letter; Chinese names with
another legal form or with 市 after the city; keywords inside a longer
description in another case or width.
"""

from __future__ import annotations

import csv
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from stdnum import imo as stdnum_imo
from stdnum import iso6346

from liaison_client.watchlists.kinds.hs_nomenclature import hs2022
from liaison_client.watchlists.merge import OperationLog, Role, membership_by_epoch
from liaison_client.watchlists.model import Entry
from liaison_client.watchlists.operations import EntryFields, LamportClock, OperationAuthor

HEADER = ["No.", "Container No.", "HS Code", "Consignee", "Shipper", "Description of Goods",
          "Vessel IMO", "AWB No", "Gross Weight (kg)"]
COLUMN = {"container": "Container No.", "hs": "HS Code", "consignee": "Consignee",
          "shipper": "Shipper", "keyword": "Description of Goods", "imo": "Vessel IMO",
          "awb": "AWB No"}
LIST = "Joint operation"
LATIN_FORMS = ("Co., Ltd.", "Ltd", "GmbH", "Limited", "Inc.", "LLC", "B.V.", "Company Limited")
LATIN_INDUSTRIES = ("Trading", "Logistics", "Recycling", "Import Export", "Materials",
                    "Industrial", "Shipping", "Metals", "Plastics", "Paper")
CITIES = ("广州", "深圳", "上海", "宁波", "青岛", "天津", "厦门", "东莞", "苏州", "佛山")
CHINESE_INDUSTRIES = ("贸易", "物流", "再生资源", "塑料", "金属", "纸业", "进出口", "化工")
CHINESE_FORMS = ("有限公司", "股份有限公司", "有限责任公司")
#: Name characters: listed names draw from the first half, background from the second.
NAME_CHARS = ("金海华兴鑫达瑞丰泰和顺昌盛宏远恒通嘉利永安新源汇祥凯旋博雅德宝富广"
              "明阳光辉耀星辰月云天地山川江河湖浩瀚东方南北中西振飞腾跃龙凤麒麟")
GOODS = ("cotton t-shirts", "LED lamps", "plastic toys", "steel bolts", "ceramic tiles",
         "wooden furniture", "bicycle parts", "glass bottles", "paper cups", "rubber gloves",
         "塑料玩具", "陶瓷餐具", "棉制服装", "电子元件", "不锈钢餐具", "家用电器", "木制家具")
LATIN_SYLLABLES_LISTED = ("jin", "hai", "nor", "wel", "kar", "ston", "bel", "mar", "dor",
                          "fen", "lu", "tra", "vik", "sol", "ran", "ber")
LATIN_SYLLABLES_OTHER = ("qua", "zeb", "pli", "omu", "yex", "gri", "hov", "cal", "wim",
                         "tup", "sna", "ell", "dax", "rio", "kem", "lor")


@dataclass
class Planted:
    """The generated list, manifest rows and the hits that must be found."""

    entries: list[Entry]
    rows: list[list[str]]
    #: (row as a spreadsheet line, column name, entry id) of every planted hit.
    expected: set[tuple[int, str, str]] = field(default_factory=set)

    def write_csv(self, path: Path) -> Path:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(self.rows)
        return path


def container_number(rng: random.Random, owners: str = string.ascii_uppercase) -> str:
    body = "".join(rng.choice(owners) for _ in range(3)) + "U" + f"{rng.randrange(10**6):06d}"
    return body + iso6346.calc_check_digit(body)


def imo_number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**5, 10**6):06d}"
    return body + stdnum_imo.calc_check_digit(body)


def awb_number(rng: random.Random) -> str:
    serial = rng.randrange(10**7)
    return f"{rng.randrange(1, 1000):03d}-{serial:07d}{serial % 7}"


def latin_name(rng: random.Random, syllables: tuple[str, ...]) -> str:
    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()} {rng.choice(LATIN_INDUSTRIES)} {rng.choice(LATIN_FORMS)}"


def chinese_name(rng: random.Random, chars: str) -> str:
    core = "".join(rng.choice(chars) for _ in range(rng.randint(2, 3)))
    return f"{rng.choice(CITIES)}{core}{rng.choice(CHINESE_INDUSTRIES)}{rng.choice(CHINESE_FORMS)}"


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4))


def build_entries(rng: random.Random, count: int) -> list[Entry]:
    """``count`` entries through the real merge: half companies, the rest spread over
    containers, HS codes (chapters 01–49), IMO, AWB and keywords."""
    table = hs2022()
    codes = [c for c in [*table.headings, *table.subheadings] if c[:2] < "50"]
    rng.shuffle(codes)
    author = OperationAuthor("chan", "coord", LamportClock(), lambda: 0,
                             lambda: 1_796_342_400_000)
    log = OperationLog(membership_by_epoch({0: {"coord": Role.COORDINATOR}}))
    log.receive(author.create_list(LIST))
    half_chars = NAME_CHARS[: len(NAME_CHARS) // 2]
    makers: list[Callable[[int], EntryFields]] = [
        lambda _n: EntryFields("container", container_number(rng, "ABCDEFGHIJKLM")),
        lambda n: EntryFields("hs", codes[n % len(codes)]),
        lambda _n: EntryFields("imo", imo_number(rng)),
        lambda _n: EntryFields("awb", awb_number(rng)),
        lambda _n: EntryFields("keyword", pseudo_word(rng) if rng.random() < 0.7 else
                               "".join(rng.choice("𠀀𠀁𠀂𠀃𠀄鑫瀚麟凰龘") for _ in range(3))),
    ]
    for number in range(count):
        if number % 2 == 0:
            fields = EntryFields("company", latin_name(rng, LATIN_SYLLABLES_LISTED)
                                 if number % 4 == 0 else chinese_name(rng, half_chars))
        else:
            fields = makers[(number // 2) % len(makers)](number // 2 // len(makers))
        log.receive(author.add(LIST, fields))  # a duplicate value is refused: fewer entries
    watch_list = log.state.list_named(LIST)
    assert watch_list is not None
    return list(watch_list.entries.values())


def background_codes() -> list[str]:
    """National 8-digit codes under subheadings of chapters 50–97 (never listed)."""
    return [code + "00" for code in hs2022().subheadings if code[:2] >= "50"]


def background_row(rng: random.Random, number: int, listed: set[str],
                   codes: list[str], parties: list[str] | None) -> list[str]:
    other_chars = NAME_CHARS[len(NAME_CHARS) // 2:]
    container = container_number(rng, "NOPQRSTUVWXYZ")
    vessel, waybill = imo_number(rng), awb_number(rng)
    while vessel in listed or waybill in listed:
        vessel, waybill = imo_number(rng), awb_number(rng)
    code = rng.choice(codes)
    names = ((rng.choice(parties), rng.choice(parties)) if parties else
             (latin_name(rng, LATIN_SYLLABLES_OTHER), chinese_name(rng, other_chars)))
    return [str(number), container, code, rng.choice(names), rng.choice(names),
            rng.choice(GOODS), vessel if rng.random() < 0.3 else "",
            waybill if rng.random() < 0.2 else "", str(rng.randint(100, 28_000))]


def latin_variant(rng: random.Random, name: str) -> str:
    words = name.split()
    core = " ".join(w for w in words if w.rstrip(".,") not in {"Co", "Ltd", "GmbH", "Limited",
                                                                "Inc", "LLC", "B.V", "Company"})
    choice = rng.randrange(4)
    if choice == 0:
        return f"{core.upper()} CO LTD"
    if choice == 1:
        return f"{core} Limited"
    if choice == 2:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in core)
    cut = rng.randrange(1, len(core) - 1)  # a dropped letter: a typing slip
    while core[cut] == " " or core[cut - 1] == " ":
        cut = rng.randrange(1, len(core) - 1)
    return core[:cut] + core[cut + 1:] + " Ltd."


def chinese_variant(rng: random.Random, name: str) -> str:
    for form in CHINESE_FORMS[::-1]:
        if name.endswith(form):
            core = name[: -len(form)]
            break
    if rng.random() < 0.5:
        return core + rng.choice([f for f in CHINESE_FORMS if not name.endswith(f)])
    return core[:2] + "市" + core[2:] + "有限公司"


def plant(rng: random.Random, row: list[str], number: int, entry: Entry,
          expected: set[tuple[int, str, str]], listed: list[Entry]) -> None:
    line = number + 1  # rows are numbered from 1 in column "No."; line 1 is the header
    kind = str(entry.kind)
    index = {name: position for position, name in enumerate(HEADER)}
    if kind == "company":
        column = rng.choice(("consignee", "shipper"))
        has_cjk = any("\u4e00" <= c <= "\u9fff" for c in entry.value)
        row[index[COLUMN[column]]] = (chinese_variant(rng, entry.value) if has_cjk
                                      else latin_variant(rng, entry.value))
    elif kind == "container":
        column, value = kind, entry.value
        row[index[COLUMN[column]]] = rng.choice((value.lower(), f"{value[:4]} {value[4:10]} "
                                                 f"{value[10]}", f"{value}, {row[1]}"))
    elif kind == "hs":
        column = kind
        table = hs2022()
        children = [c for c in table.subheadings if c.startswith(entry.value)] or [entry.value]
        code = rng.choice(children)
        row[index[COLUMN[column]]] = code[:4] + "." + code[4:] + "00" if len(code) == 6 else code
        # A shorter listed code covers its children: every listed prefix is a hit too.
        expected.update((line, COLUMN[column], other.entry_id) for other in listed
                        if str(other.kind) == "hs" and code.startswith(other.value))
    elif kind == "imo":
        column = kind
        row[index[COLUMN[column]]] = f"IMO {entry.value}"
    elif kind == "awb":
        column = kind
        prefix, rest = entry.value.split("-")
        row[index[COLUMN[column]]] = f"{prefix} {rest[:4]} {rest[4:]}"
    else:
        column = "keyword"
        word = entry.value.upper() if rng.random() < 0.5 else entry.value
        row[index[COLUMN[column]]] = f"{rng.choice(GOODS)} mixed with {word} residue"
    expected.add((line, COLUMN[column], entry.entry_id))


def generate(rows: int, entries: int, every: int = 97, seed: int = 14,
             parties: int | None = None) -> Planted:
    """A manifest of ``rows`` rows with a planted hit about every ``every`` rows.

    ``parties``: how many distinct consignees and shippers the background draws
    from (a port's manifest names the same firms again and again); None gives every
    row names of its own, the worst case for matching."""
    rng = random.Random(seed)
    other_chars = NAME_CHARS[len(NAME_CHARS) // 2:]
    pool = ([latin_name(rng, LATIN_SYLLABLES_OTHER) if n % 2 else
             chinese_name(rng, other_chars) for n in range(parties)] if parties else None)
    listed_entries = build_entries(rng, entries)
    listed = {entry.value.replace("-", "") for entry in listed_entries} | {
        entry.value for entry in listed_entries}
    planted = Planted(listed_entries, [])
    codes = background_codes()
    for number in range(1, rows + 1):
        row = background_row(rng, number, listed, codes, pool)
        if number % every == 0:
            plant(rng, row, number, rng.choice(listed_entries), planted.expected,
                  listed_entries)
        planted.rows.append(row)
    return planted
