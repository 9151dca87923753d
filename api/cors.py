"""Which other websites may use the assistant: CORS per embedding organisation.

- Same-origin requests (our own pages) and requests with no `Origin` (not from a browser page) pass.
- Only `/v1/chat` and `/v1/sites/...` answer other websites, and only websites on some site's
  `allowed_origins` list. A preflight (`OPTIONS`) from such a website gets `Access-Control-Allow-Origin`
  with its exact origin; a preflight from any other website gets 403 with no CORS headers.
- A chat message from another website must name (`org`) a site that lists that website; the chat
  route checks this with `require_allowed_origin` once it has read the body. Refused: 403
  `origin-not-allowed` without CORS headers, so the browser does not let the page read anything.
- Everything else (the content API, the editor) never gets CORS headers: it stays same-origin only.
  We never send `*` and never allow credentials.
- The widget's files (`/widget.js`, `/widget/...`) and pictures may be loaded by any page:
  they get `Cross-Origin-Resource-Policy: cross-origin`.

The allowed websites come from `assistant.embedding.SiteDirectory`: in memory, read again every few seconds.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import MESSAGES, ApiError, error_body
from assistant.embedding import SiteDirectory, get_site_directory
from assistant.settings import get_settings

CORS_PREFIXES = ("/v1/chat", "/v1/sites/")
CROSS_ORIGIN_FILES = ("/widget.js", "/widget/", "/pictures/")
ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Content-Type"
EXPOSE_HEADERS = "Retry-After"  # so the widget can read how long to wait after a 429
PREFLIGHT_MAX_AGE_S = "600"
ORIGIN_KEY = "cors_origin"  # in the request state: the other website's origin, when there is one
REFUSED_KEY = "cors_refused"  # set by the chat route when the named site does not list that origin


def is_same_origin(origin: str, headers: Headers) -> bool:
    """The page's host and port are the ones the request was sent to (the scheme may differ behind TLS)."""
    if headers.get("sec-fetch-site") == "same-origin":
        return True
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


def _uses_cors(path: str) -> bool:
    return path == "/v1/chat" or path.startswith(CORS_PREFIXES[1])


def _refusal() -> Response:
    return JSONResponse(
        error_body("origin-not-allowed", MESSAGES["origin-not-allowed"]), status_code=403, headers={"Vary": "Origin"}
    )


class OriginPolicy:
    """ASGI middleware for the rules above. Cheap: other paths only pay a string comparison."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(CROSS_ORIGIN_FILES):
            await self.app(scope, receive, _with_headers(send, {"Cross-Origin-Resource-Policy": "cross-origin"}))
            return
        if not _uses_cors(path):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if not origin or is_same_origin(origin, headers):
            await self.app(scope, receive, _with_headers(send, {"Vary": "Origin"}))
            return
        allowed = self._allowed(path, origin)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            preflight = _preflight(origin) if allowed else _refusal()
            await preflight(scope, receive, send)
            return
        if not allowed:
            await _refusal()(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state[ORIGIN_KEY] = origin

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start" and not state.get(REFUSED_KEY):
                response_headers = MutableHeaders(scope=message)
                response_headers["Access-Control-Allow-Origin"] = origin
                response_headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
                response_headers.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _allowed(self, path: str, origin: str) -> bool:
        """For a site's settings: that site lists the origin. For chat: some site does (the route checks which)."""
        directory = _directory()
        if path.startswith(CORS_PREFIXES[1]):
            return directory.allows(path.removeprefix(CORS_PREFIXES[1]).strip("/"), origin)
        return directory.any_allows(origin)


def _directory() -> SiteDirectory:
    return get_site_directory(get_settings().content_db_url)


def _preflight(origin: str) -> Response:
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_S,
            "Vary": "Origin",
        },
    )


def _with_headers(send: Send, extra: dict[str, str]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in extra.items():
                if name == "Vary":
                    headers.add_vary_header(value)
                else:
                    headers[name] = value
        await send(message)

    return sending


def require_allowed_origin(request: Request, org: str | None) -> None:
    """In the chat route: a message from another website must name a site that lists that website."""
    origin = request.scope.get("state", {}).get(ORIGIN_KEY)
    if origin is None:
        return
    if not _directory().allows(org, origin):
        request.scope["state"][REFUSED_KEY] = True
        raise ApiError(403, "origin-not-allowed")
