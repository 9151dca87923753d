"""The demo chat page, the editor page (/editor) and the pictograms they show."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.errors import ApiError
from assistant.pictures import picture_path

router = APIRouter(tags=["pages"])
EDITOR_PAGE = Path(__file__).resolve().parent.parent / "static" / "editor" / "index.html"


@router.get("/editor", include_in_schema=False)
async def editor_page() -> FileResponse:
    """The content editor: sign in with a token, edit answers with live easy-read checks, publish."""
    return FileResponse(EDITOR_PAGE, media_type="text/html", headers={"Cache-Control": "no-store"})


@router.get("/pictures/{code}.svg", include_in_schema=False)
async def picture(code: str) -> FileResponse:
    path = picture_path(code)
    if path is None:
        raise ApiError(404, "not-found")
    return FileResponse(path, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
