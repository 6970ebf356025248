"""The framework's ceiling: a bare FastAPI endpoint that does nothing.

``bench/relay_bench.py`` runs it under uvicorn with the relay's own settings
(uvloop, httptools, one process, no access log) and sends it the same load as
the relay, so the two figures are comparable.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/v1/envelopes")
async def accept(request: Request) -> dict[str, bool]:
    await request.body()
    return {"ok": True}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), loop="uvloop", http="httptools",
                access_log=False, log_level="warning")
