"""The demo chat page and the pictograms it shows."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.errors import ApiError
from assistant.pictures import picture_path

router = APIRouter(tags=["pages"])


@router.get("/pictures/{code}.svg", include_in_schema=False)
async def picture(code: str) -> FileResponse:
    path = picture_path(code)
    if path is None:
        raise ApiError(404, "not-found")
    return FileResponse(path, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
