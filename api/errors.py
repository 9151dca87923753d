"""Problems as data: every error the API returns has a stable code and a plain message."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.content import editing

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
    "unauthorised": "Send a valid token: 'Authorization: Bearer <token>'.",
    "forbidden": "Your role cannot do this. Editors save drafts; reviewers publish, delete and restore.",
    "if-match-required": "Send the answer's ETag in an If-Match header, so no one's changes are lost.",
    "etag-mismatch": "Someone changed this answer since you read it. The detail has the current version.",
    "invalid-answer": "The answer breaks the content rules: {message}",
    "answer-exists": "There is already an answer with this id.",
    "publish-blocked": "The answer fails a hard easy-read rule, so it cannot be published. Fix the issues first.",
}


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, *, detail: object = None, headers: dict[str, str] | None = None, **values: object
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = MESSAGES[code].format(**values)
        self.detail = detail
        self.headers = headers


def error_body(code: str, message: str, detail: object = None) -> dict[str, object]:
    error: dict[str, object] = {"code": code, "message": message}
    if detail is not None:
        error["detail"] = detail
    return {"error": error}


async def handle_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(error_body(exc.code, exc.message, exc.detail), status_code=exc.status, headers=exc.headers)


def edit_error(exc: editing.EditError) -> ApiError:
    """The HTTP form of an edit the content store refused."""
    if isinstance(exc, editing.StaleEtag):
        current = exc.current
        return ApiError(412, exc.code, detail={"current": current.to_dict()}, headers={"ETag": current.etag})
    if isinstance(exc, editing.InvalidAnswer):
        error = exc.error
        detail = {"code": error.code, "message": error.message, "line": error.line}
        return ApiError(422, exc.code, detail=detail, message=error.message)
    if isinstance(exc, editing.PublishBlocked):
        return ApiError(422, exc.code, detail={"issues": [i.to_dict() for i in exc.check.hard]})
    status = {"not-found": 404, "answer-exists": 409, "forbidden": 403}[exc.code]
    return ApiError(status, exc.code)


async def handle_edit_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, editing.EditError)
    return await handle_api_error(_request, edit_error(exc))


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
