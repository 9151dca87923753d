"""Hard edges for every response and request: security headers and a request body size limit.

Both are plain ASGI middleware (no `BaseHTTPMiddleware`), so they cost little and never buffer a
response. HTML pages get the project's page CSP (no inline scripts or styles); everything else
(JSON, scripts, pictures) gets a CSP that allows nothing, as it is never a page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import MESSAGES, error_body

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
NOT_A_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'"
COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
}
# path -> extra origins that may show that page in a frame (an embedding organisation's website).
FrameAncestors = Callable[[str], Sequence[str]]


def _no_extra_frame_ancestors(_path: str) -> Sequence[str]:
    return ()


def security_headers(content_type: str, path: str, extra_frame_ancestors: Sequence[str] = ()) -> dict[str, str]:
    """The headers for one response: the page CSP for HTML, the CSP that allows nothing for the rest."""
    is_page = content_type.split(";")[0].strip().lower() == "text/html"
    headers = dict(COMMON_HEADERS)
    if is_page:
        csp = PAGE_CSP
        if extra_frame_ancestors:
            csp += " " + " ".join(extra_frame_ancestors)
        else:
            headers["x-frame-options"] = "SAMEORIGIN"  # for browsers without frame-ancestors
    else:
        csp = NOT_A_PAGE_CSP
        headers["x-frame-options"] = "DENY"
    headers["content-security-policy"] = csp
    return headers


class SecurityHeaders:
    """Add the security headers to every HTTP response; a header the route set itself is kept."""

    def __init__(self, app: ASGIApp, *, frame_ancestors: FrameAncestors = _no_extra_frame_ancestors) -> None:
        self.app = app
        self.frame_ancestors = frame_ancestors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _ in raw}
                content_type = next((v.decode("latin-1") for n, v in raw if n.lower() == b"content-type"), "")
                for name, value in security_headers(content_type, path, self.frame_ancestors(path)).items():
                    if name not in present:
                        raw.append((name.encode("latin-1"), value.encode("latin-1")))
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _send_too_large(send: Send) -> None:
    body = json.dumps(error_body("body-too-large", MESSAGES["body-too-large"])).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in security_headers("application/json", "").items()]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """413 `body-too-large` for a request body over `max_bytes`, before the app reads it.

    A Content-Length over the limit is refused at once. A body without one (chunked) is read up to
    the limit and no further, then handed on; so no route ever reads more than `max_bytes`.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_large = int(length) > self.max_bytes
            except ValueError:
                too_large = True  # not a number: refuse rather than guess
            if too_large:
                await _send_too_large(send)
                return
            await self.app(scope, receive, send)
            return
        if headers.get(b"transfer-encoding") is None:
            await self.app(scope, receive, send)  # no body
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # the client went away: let the app see it
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send_too_large(send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
