"""Problems as data: every error the API returns has a stable code and a plain message."""

from __future__ import annotations

import logging

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
    "store-unavailable": "The content store is busy or down, so nothing was saved. Please try again in a minute.",
    "not-found": "There is nothing at this address.",
    "method-not-allowed": "This address does not accept that kind of request.",
    "unauthorised": "Send a valid token: 'Authorization: Bearer <token>'.",
    "forbidden": "Your role cannot do this. Editors save drafts; reviewers publish, delete and restore.",
    "if-match-required": "Send the answer's ETag in an If-Match header, so no one's changes are lost.",
    "etag-mismatch": "Someone changed this answer since you read it. The detail has the current version.",
    "invalid-answer": "The answer breaks the content rules: {message}",
    "answer-exists": "There is already an answer with this id.",
    "invalid-organisation": "The organisation breaks the content rules: {message}",
    "organisation-exists": "There is already an organisation with this id.",
    "invalid-term": "The glossary term breaks the content rules: {message}",
    "term-exists": "There is already a glossary term with this id.",
    "in-use": "Published answers name this. Take it out of those answers first. The detail lists them.",
    "not-published": "This is not published, so there is nothing to unpublish.",
    "publish-blocked": "The answer fails a hard easy-read rule, so it cannot be published. Fix the issues first.",
    # Embedding organisations ("sites") and the limits on who may chat, and how fast.
    "site-not-found": "There is no organisation with this id.",
    "site-exists": "There is already an organisation with this id.",
    "invalid-site": "The organisation's settings break the rules: {message}",
    "contrast-too-low": (
        "The colours are too hard to tell apart. Text needs a contrast of at least 4.5 to 1 on the brand colour. "
        "The brand colour needs at least 3 to 1 on white. The detail has the measured contrast."
    ),
    "greeting-not-easy-read": "The greeting fails a hard easy-read rule. Fix the issues first.",
    "origin-not-allowed": "This website may not use the assistant. Ask us to add it to your organisation's list.",
    "rate-limited": "You are sending messages very fast. Please wait a few seconds and try again.",
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
    if isinstance(exc, editing.InvalidItem):
        error = exc.error
        detail = {"code": error.code, "message": error.message, "line": error.line}
        return ApiError(422, exc.code, detail=detail, message=error.message)
    if isinstance(exc, editing.PublishBlocked):
        return ApiError(422, exc.code, detail={"issues": [i.to_dict() for i in exc.check.hard]})
    if isinstance(exc, editing.InUse):
        return ApiError(409, exc.code, detail={"answers": exc.answer_ids})
    status = {"not-found": 404, "forbidden": 403}.get(exc.code, 409)  # 409: *-exists, not-published
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


async def handle_store_error(_request: Request, exc: Exception) -> JSONResponse:
    """The store is locked, down or timed out: 503, and the transaction was rolled back (nothing saved)."""
    logging.getLogger(__name__).warning("Content store error: %s", type(exc).__name__, exc_info=True)
    return JSONResponse(error_body("store-unavailable", MESSAGES["store-unavailable"]), status_code=503)
