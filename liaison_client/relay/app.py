"""The relay's ASGI application: FastAPI routes, error shapes, lifespan and the purge loop.

FastAPI was chosen (docs/RELAY.md has the measurements) for the OpenAPI
document and request validation it derives from the models in
:mod:`liaison_client.relay.api_models`, which the fuzz tests read back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Collection
from typing import Any

from fastapi import FastAPI
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from liaison_client.relay.authentication import RequestAuthenticator
from liaison_client.relay.blob_files import BlobFiles
from liaison_client.relay.body_limit import BodyLimitMiddleware
from liaison_client.relay.config import RelayConfig
from liaison_client.relay.context import RelayContext
from liaison_client.relay.disk_reserve import DiskReserve
from liaison_client.relay.envelope_fast_path import EnvelopeFastPath
from liaison_client.relay.http_errors import install_error_handlers
from liaison_client.relay.metrics import RelayMetrics
from liaison_client.relay.rate_limit import TokenBuckets
from liaison_client.relay.refusal_throttle import RefusalThrottle
from liaison_client.relay.revocations import RevocationSignal
from liaison_client.relay.routes import blobs, devices, enrollment, envelopes, operations
from liaison_client.relay.storage import RelayStorage
from liaison_client.relay.storage_backends import open_storage
from liaison_client.relay.wakeups import QueueWakeups

_log = logging.getLogger("liaison.relay")

API_VERSION = "1"


def create_app(
    config: RelayConfig, storage: RelayStorage | None = None, *, fast_path: bool = True
) -> FastAPI:
    """Build the relay; ``storage`` defaults to the one ``config`` names
    (SQLite in ``config.data_dir`` unless ``config.database_url``).

    ``fast_path=False`` leaves send, fetch and acknowledge to the FastAPI
    routes (the tests compare the two; see ``envelope_fast_path.py``).
    """
    metrics = RelayMetrics()
    if storage is None:
        storage = open_storage(config, on_batch=metrics.observe_commit)
    wakeups = QueueWakeups()
    authenticator = RequestAuthenticator(storage, revocations=RevocationSignal(config.data_dir),
                                         on_revoked=wakeups.notify)

    def queue_changed_elsewhere(device_ids: Collection[str] | None) -> None:
        """Another instance queued mail (a hint; None: for anyone, so every poll re-reads)."""
        if device_ids is None:
            wakeups.notify_all()
        else:
            wakeups.notify(device_ids)

    storage.subscribe_changes(queue_changed_elsewhere, authenticator.load_revocations,
                              wakeups.states_changed)
    context = RelayContext(
        config=config,
        storage=storage,
        # A revoked device's waiting long-polls are answered at once (empty).
        authenticator=authenticator,
        rate_limits=TokenBuckets(config.limits.rate_per_second, config.limits.rate_burst),
        wakeups=wakeups,
        metrics=metrics,
        blobs=BlobFiles(config.blob_dir),
        claims_per_target=TokenBuckets(config.limits.claims_per_target_per_hour / 3600,
                                       config.limits.claims_per_target_burst),
        claims_per_claimer=TokenBuckets(config.limits.claims_per_claimer_per_hour / 3600,
                                        config.limits.claims_per_claimer_burst),
        disk_reserve=DiskReserve(config.data_dir, config.limits.min_free_disk_bytes),
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await context.storage.start()
        context.blobs.start()
        await context.authenticator.load_recent_nonces()
        await context.authenticator.load_revocations()
        purge = asyncio.create_task(_purge_forever(context), name="relay-purge")
        try:
            yield
        finally:
            context.wakeups.close()
            purge.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purge
            await context.storage.close()
            _log.info("relay stopped")

    def outer_layers(fastapi_app: ASGIApp) -> ASGIApp:
        inner = EnvelopeFastPath(fastapi_app, context) if fast_path else fastapi_app
        limited = BodyLimitMiddleware(inner, max_bytes=config.limits.max_request_bytes,
                                      blob_prefix="/v1/blobs/", registration_path="/v1/devices",
                                      check_signature=context.authenticator.check_before_body,
                                      declares=route_declares)
        return RefusalThrottle(limited, rate=config.limits.refusals_per_peer_per_second,
                               burst=config.limits.refusals_per_peer_burst)

    def route_declares(scope: Scope) -> bool:
        """Whether a route takes this method at this path (else the router's 405)."""
        return any(route.matches(scope)[0] is Match.FULL for route in app.router.routes)

    app = RelayApplication(
        outer_layers=outer_layers,
        title="Liaison relay",
        version=API_VERSION,
        summary="Store-and-forward queues of end-to-end encrypted envelopes",
        lifespan=lifespan,
    )
    app.state.relay = context
    install_error_handlers(app)
    for router in (devices.router, enrollment.router, envelopes.router, blobs.router,
                   operations.router):
        app.include_router(router)
    return app


class RelayApplication(FastAPI):
    """FastAPI with the relay's own ASGI layers *in front of* FastAPI itself.

    Why: FastAPI wraps user middleware inside its error, telemetry and body
    limit layers, and its own ``__call__`` asks on every request whether
    OpenTelemetry is configured (an environment look-up); together they cost
    the hot path more than half of what a whole bare-framework request costs
    (docs/PERFORMANCE.md, "Relay"). The body limit and the envelope fast path
    need none of it: the fast path answers its own errors, and everything it
    passes on (other routes, the lifespan) enters FastAPI exactly as before.
    """

    def __init__(self, *, outer_layers: Callable[[ASGIApp], ASGIApp], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._outer_stack = outer_layers(super().__call__)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._outer_stack(scope, receive, send)


#: How often the attachment directory is swept for files no record owns.
ORPHAN_SWEEP_INTERVAL_SECONDS = 3600.0
ORPHAN_SWEEP_BATCH = 500


async def purge_once(context: RelayContext) -> None:
    limits = context.config.limits
    report = await context.storage.purge(
        time.time_ns() // 1_000_000, limits.status_retention_seconds * 1000
    )
    for sha256 in report.expired_blobs:
        context.blobs.remove(sha256)
    context.metrics.envelopes_expired.inc(report.expired_deliveries)
    if report.expired_deliveries or report.removed_envelopes or report.expired_blobs:
        _log.info("purged", extra={"fields": {
            "expired_deliveries": report.expired_deliveries,
            "removed_envelopes": report.removed_envelopes,
            "expired_blobs": len(report.expired_blobs)}})


async def sweep_orphan_blobs(storage: RelayStorage, files: BlobFiles,
                             now: float | None = None) -> int:
    """Delete attachment files that no record owns (a crash's leftovers); how many.

    Hourly, beside the purge, in batches: a file is only looked at once it is an
    hour old (``BlobFiles.settled``), the database is asked about each batch right
    before it goes, and a file rewritten meanwhile (the same bytes uploaded again)
    is kept.
    """
    now = time.time() if now is None else now
    settled = await asyncio.to_thread(lambda: list(files.settled(now)))
    removed = 0
    for start in range(0, len(settled), ORPHAN_SWEEP_BATCH):
        batch = settled[start:start + ORPHAN_SWEEP_BATCH]
        recorded = await storage.recorded_blobs(batch)
        for sha256 in batch:
            if sha256 not in recorded and files.remove_if_settled(sha256, now):
                removed += 1
    if removed:
        _log.info("removed attachment files without a record",
                  extra={"fields": {"orphan_blobs": removed}})
    return removed


async def _purge_forever(context: RelayContext) -> None:
    last_sweep = time.monotonic()
    while True:
        await asyncio.sleep(context.config.limits.purge_interval_seconds)
        try:
            await purge_once(context)
            if time.monotonic() - last_sweep >= ORPHAN_SWEEP_INTERVAL_SECONDS:
                last_sweep = time.monotonic()
                await sweep_orphan_blobs(context.storage, context.blobs)
        except Exception:
            _log.exception("purge failed; will retry")
