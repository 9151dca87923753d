"""Problems as data: every error the API returns has a stable code and a plain message."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

MESSAGES = {
    "invalid-json": "The request body must be JSON text in UTF-8.",
    "invalid-request": "The request is missing a field or has a field of the wrong type.",
    "empty-message": "Please type a message.",
    "message-too-long": "Your message is too long. Please use {limit} characters or fewer.",
    "body-too-large": "The request is too large.",
    "assistant-unavailable": (
        "Sorry, I cannot answer right now. Please try again in a minute. "
        "If you are in danger, phone 999. For urgent help, phone NHS 24 on 111."
    ),
    "not-found": "There is nothing at this address.",
    "method-not-allowed": "This address does not accept that kind of request.",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, *, detail: object = None, **values: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = MESSAGES[code].format(**values)
        self.detail = detail


def error_body(code: str, message: str, detail: object = None) -> dict[str, object]:
    error: dict[str, object] = {"code": code, "message": message}
    if detail is not None:
        error["detail"] = detail
    return {"error": error}


async def handle_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(error_body(exc.code, exc.message, exc.detail), status_code=exc.status)


async def handle_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
    return JSONResponse(error_body("invalid-request", MESSAGES["invalid-request"], detail), status_code=422)


async def handle_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code)
    if code is None:
        return JSONResponse(error_body("http-error", str(exc.detail)), status_code=exc.status_code)
    return JSONResponse(error_body(code, MESSAGES[code]), status_code=exc.status_code)
