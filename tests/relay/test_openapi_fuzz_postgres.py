"""The schemathesis fuzz (tests/relay/test_openapi_fuzz.py) against PostgreSQL.

That module builds its in-process app at import, before any fixture runs,
so it is run again here in a child pytest whose environment names a fresh
database on the session's real PostgreSQL server. Same checks: no 5xx, every
answer as documented, the stateful send → fetch → acknowledge chain delivers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.postgres import PostgresCluster
from tests.relay.test_openapi_fuzz import FUZZ_DATABASE_ENV

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_openapi_fuzz_passes_on_postgresql(postgres_cluster: PostgresCluster) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
         "tests/relay/test_openapi_fuzz.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, FUZZ_DATABASE_ENV: postgres_cluster.new_database("fuzz")})
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
