"""The chat widget's files (`/widget.js`, `/widget/<file>`) and the `/embed` page for web managers.

Other websites load the widget from here with one line:
`<script src="https://HOST/widget.js" data-org="ORG_ID" defer></script>`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.errors import ApiError

router = APIRouter(tags=["pages"])
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
WIDGET_DIR = STATIC_DIR / "widget"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# Other websites load these files, so they may be used across origins; a short cache keeps updates quick.
WIDGET_HEADERS = {"Cache-Control": "public, max-age=300", "Cross-Origin-Resource-Policy": "cross-origin"}


def widget_file(name: str) -> FileResponse:
    path = WIDGET_DIR / name
    media_type = MEDIA_TYPES.get(path.suffix)
    if media_type is None or "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
        raise ApiError(404, "not-found")
    return FileResponse(path, media_type=media_type, headers=WIDGET_HEADERS)


@router.get("/widget.js", include_in_schema=False)
async def widget_script() -> FileResponse:
    """The one file an embedding website loads."""
    return widget_file("widget.js")


@router.get("/widget/{name}", include_in_schema=False)
async def widget_asset(name: str) -> FileResponse:
    """The widget's other files: its styles."""
    return widget_file(name)


@router.get("/embed", include_in_schema=False)
async def embed_page() -> FileResponse:
    """For web managers: the one-line snippet for an organisation, how to add it, and a live preview."""
    return FileResponse(STATIC_DIR / "embed.html", media_type="text/html")
