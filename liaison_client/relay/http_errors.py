"""Every refusal is a JSON body ``{"error": code, "message": text}``, never a bare 500.

Validation errors (FastAPI's 422) and Starlette's own 404/405 are reshaped
into the same body; details name the offending fields but never echo their
values (they could be ciphertext).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from liaison_client.relay.storage import StorageUnavailableError


class ErrorBody(BaseModel):
    error: str
    message: str


class RelayHTTPError(Exception):
    def __init__(
        self, status: int, error: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers


def storage_unavailable_error() -> RelayHTTPError:
    """The answer while the database cannot be reached: retry shortly (the
    client's backoff does), nothing was half done."""
    return RelayHTTPError(503, "storage_unavailable",
                          "the relay's database is unreachable for now; retry",
                          headers={"Retry-After": "1"})


def error_response(
    status: int, error: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": error, "message": message}, status_code=status, headers=headers)


def _field_path(location: tuple[object, ...] | list[object]) -> str:
    return ".".join(str(part) for part in location)


def validation_message(errors: Sequence[Mapping[str, Any]], prefix: tuple[str, ...] = ()) -> str:
    """One line naming up to five offending fields and what is wrong, never their values."""
    problems = [f"{_field_path((*prefix, *e.get('loc', ())))}: {e.get('msg', 'invalid')}"
                for e in errors[:5]]
    return "; ".join(problems) or "invalid request"


def _allowed_methods(app: FastAPI, request: Request) -> set[str]:
    allowed: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, APIRoute) and route.path_regex.match(request.url.path):
            allowed |= route.methods or set()
    return allowed


def install_error_handlers(app: FastAPI) -> None:
    async def relay_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RelayHTTPError)
        return error_response(exc.status, exc.error, exc.message, exc.headers)

    async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, "invalid_request", validation_message(exc.errors()))

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the first route that matched the path; one
            # path served by several routes (GET and PUT of a blob) must list
            # them all (RFC 9110 §15.5.6).
            headers["Allow"] = ", ".join(sorted(_allowed_methods(app, request)))
        return error_response(exc.status_code, code, str(exc.detail), headers)

    async def storage_unavailable(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StorageUnavailableError)
        answer = storage_unavailable_error()
        return error_response(answer.status, answer.error, answer.message, answer.headers)

    app.add_exception_handler(RelayHTTPError, relay_error)
    app.add_exception_handler(StorageUnavailableError, storage_unavailable)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
