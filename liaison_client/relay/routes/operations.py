"""Operations endpoints: health and Prometheus metrics (outside ``/v1``)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from liaison_client.relay.api_models import Health
from liaison_client.relay.context import Relay

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """Liveness: the process answers HTTP."""
    return Health(status="ok")


@router.get("/metrics", include_in_schema=False)
async def metrics(context: Relay) -> Response:
    return Response(generate_latest(context.metrics.registry), media_type=CONTENT_TYPE_LATEST)
