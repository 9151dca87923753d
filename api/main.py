"""Build the FastAPI app: `uvicorn api.main:app` (started for you by `make run`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import errors
from api.routes import chat, content, health, pages, unanswered
from assistant.content import editing
from assistant.content.store import get_engine, seed_from_files
from assistant.paths import ANSWERS_DIR, CONTENT_DIR
from assistant.settings import get_settings

STATIC_DIR = Path(__file__).resolve().parent / "static"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    seed_from_files(get_engine(settings.content_db_url), ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    async with httpx.AsyncClient() as client:
        app.state.http = client
        yield


def create_app() -> FastAPI:
    app = FastAPI(
        title="SDS Easy Read Assistant",
        version="1",
        description="Easy-read answers about Self-directed Support in Scotland.",
        lifespan=lifespan,
    )
    app.add_exception_handler(errors.ApiError, errors.handle_api_error)
    app.add_exception_handler(editing.EditError, errors.handle_edit_error)
    app.add_exception_handler(RequestValidationError, errors.handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, errors.handle_http_error)
    app.include_router(chat.router)
    app.include_router(content.router)
    app.include_router(unanswered.router)
    app.include_router(health.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    async def demo_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "demo.html", media_type="text/html")

    return app


app = create_app()
