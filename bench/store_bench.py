"""Store benchmark: 100,000 messages into SQLCipher, full-text search, open time.

Run by hand:  .venv/bin/python -m bench.store_bench [--messages 100000]

The plain-SQLite baseline runs the very same repository code on the same
SQLite engine (sqlcipher3 with no key is plain SQLite 3.x, same version), so
the ratio isolates the cost of encryption. Figures go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import sqlcipher3

from liaison_client.store import migrations
from liaison_client.store.database import Connection, open_database
from liaison_client.store.messages import MessageRepository
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.store.shared_connection import SharedConnection
from liaison_client.store.store import Store

KEY = bytes(range(32))
BATCH = 1_000
_WORDS_ZH = ("海关 查获 走私 集装箱 申报 货物 香烟 象牙 风险 预警 深圳 广州 港口 查验 "
             "结果 异常 企业 提单 船舶 原产地 关税 商品 编码 联合 行动 情报 交换")
_WORDS_EN = ("container seizure risk alert vessel manifest inspection undeclared tobacco "
             "cigarettes ivory Felixstowe Rotterdam Guangzhou consignment shipper consignee "
             "bill lading HS code declared value transhipment joint operation intelligence")
CHINESE = _WORDS_ZH.split(" ")
LATIN = _WORDS_EN.split(" ")
QUERIES = ["查获", "走私 香烟", "集装箱", "海", "tobacco", "seizure Felixstowe", "MSKU12",
           "查验 container", "transhipment", "原产地", "MSKU5555555", "没有结果"]


def message_text(rng: random.Random, n: int) -> str:
    words = [rng.choice(CHINESE if rng.random() < 0.5 else LATIN)
             for _ in range(rng.randint(6, 30))]
    if n % 7 == 0:
        words.append(f"MSKU{rng.randint(1_000_000, 9_999_999)}")
    separator = "" if rng.random() < 0.3 else " "
    return separator.join(words)


def make_messages(count: int) -> list[MessageRecord]:
    rng = random.Random(20261124)
    return [
        MessageRecord(f"m{n:07d}", "op", f"dev{n % 20}", n, "text", message_text(rng, n),
                      MessageState.RECEIVED)
        for n in range(count)
    ]


def plain_connection(path: Path) -> Connection:
    """The same engine and settings as :func:`open_database`, without a key."""
    conn = SharedConnection(sqlcipher3.connect(str(path), isolation_level=None))
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                   "temp_store = MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    migrations.migrate(conn)
    return conn


def cipher_connection(path: Path) -> Connection:
    conn = open_database(path, KEY, create=True)
    migrations.migrate(conn)
    return conn


def insert_all(conn: Connection, messages: list[MessageRecord]) -> float:
    repo = MessageRepository(conn)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO channels VALUES ('op', 'Operation', 'dev0', 0, 0, 0, 0)")
    conn.execute("COMMIT")
    start = time.perf_counter()
    for i in range(0, len(messages), BATCH):
        conn.execute("BEGIN IMMEDIATE")
        repo.add_many(messages[i : i + BATCH])
        conn.execute("COMMIT")
    return time.perf_counter() - start


def time_searches(repo: MessageRepository, rounds: int = 20) -> dict[str, tuple[float, float, int]]:
    results = {}
    for query in QUERIES:
        samples = []
        hits = 0
        for _ in range(rounds):
            start = time.perf_counter()
            hits = len(repo.search(query, channel_id="op", limit=100))
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        results[query] = (statistics.median(samples), samples[int(len(samples) * 0.95) - 1], hits)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    messages = make_messages(args.messages)

    with tempfile.TemporaryDirectory() as tmp:
        plain_conn = plain_connection(Path(tmp) / "plain.db")
        plain_seconds = insert_all(plain_conn, messages)
        plain_conn.close()

        cipher_conn = cipher_connection(Path(tmp) / "cipher.db")
        cipher_seconds = insert_all(cipher_conn, messages)
        cipher_conn.close()

        open_samples = []
        for _ in range(10):
            start = time.perf_counter()
            opened = Store.open(Path(tmp) / "cipher.db", KEY)
            opened.messages.count("op")
            open_samples.append((time.perf_counter() - start) * 1000)
            opened.close()

        with Store.open(Path(tmp) / "cipher.db", KEY) as searchable:
            searches = time_searches(searchable.messages)
        size_mb = (Path(tmp) / "cipher.db").stat().st_size / 1e6

    n = len(messages)
    print(f"messages: {n:,} in batches of {BATCH:,}; database {size_mb:.0f} MB")
    print(f"insert, SQLCipher:    {n / cipher_seconds:10,.0f} msg/s  ({cipher_seconds:.2f} s)")
    print(f"insert, plain SQLite: {n / plain_seconds:10,.0f} msg/s  ({plain_seconds:.2f} s)")
    print(f"SQLCipher / plain time ratio: {cipher_seconds / plain_seconds:.2f}x (goal <= 1.5x)")
    print(f"open (key + verify + schema check + first query): median "
          f"{statistics.median(open_samples):.1f} ms, max {max(open_samples):.1f} ms")
    print("search (newest 100 hits in the channel), ms:")
    print(f"  {'query':<22} {'median':>7} {'p95':>7} {'hits':>5}")
    for query, (median, p95, hits) in searches.items():
        print(f"  {query:<22} {median:7.2f} {p95:7.2f} {hits:5d}")


if __name__ == "__main__":
    main()
