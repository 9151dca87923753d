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
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import errors
from api.cors import OriginPolicy
from api.rate_limit import MemoryRateLimiter
from api.routes import chat, content, content_items, health, pages, unanswered
from api.routes import sites as site_routes
from api.routes import widget as widget_routes
from api.security import BodySizeLimit, SecurityHeaders
from api.upkeep import running_upkeep
from assistant import log_redaction, production
from assistant.content import editing
from assistant.content.sites import seed_default_site
from assistant.content.store import get_engine, seed_from_files
from assistant.paths import ANSWERS_DIR, CONTENT_DIR
from assistant.settings import get_settings
from assistant.unanswered import forget_old

STATIC_DIR = Path(__file__).resolve().parent / "static"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    log_redaction.install()  # no personal details in the logs (assistant/log_redaction.py)
    production.check(settings)  # production mode refuses to start with a default secret
    seed_from_files(get_engine(settings.content_db_url), ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    forget_old(get_engine(settings.content_db_url))  # unanswered questions past their retention
    seed_default_site(get_engine(settings.content_db_url))
    async with httpx.AsyncClient() as client, running_upkeep(settings):  # retention, help numbers (api/upkeep.py)
        app.state.http = client
        yield


def create_app() -> FastAPI:
    app = FastAPI(
        title="SDS Easy Read Assistant",
        version="1",
        description="Easy-read answers about Self-directed Support in Scotland.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: no third-party calls. /openapi.json stays.
        redoc_url=None,
    )
    app.add_exception_handler(errors.ApiError, errors.handle_api_error)
    app.add_exception_handler(editing.EditError, errors.handle_edit_error)
    app.add_exception_handler(RequestValidationError, errors.handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, errors.handle_http_error)
    app.add_exception_handler(OperationalError, errors.handle_store_error)  # store locked or down: 503
    app.include_router(chat.router)
    app.include_router(content.router)
    app.include_router(content_items.router)  # answers, organisations, glossary
    app.include_router(unanswered.router)
    app.include_router(health.router)
    app.include_router(pages.router)
    app.include_router(widget_routes.router)  # /widget.js, /widget/<file>, /embed
    app.include_router(site_routes.router)
    app.add_middleware(BodySizeLimit, max_bytes=get_settings().max_body_bytes)  # 413 (api/security.py)
    app.add_middleware(OriginPolicy)  # CORS per embedding organisation (api/cors.py)
    app.add_middleware(SecurityHeaders)  # outermost: CSP and the rest on every response (api/security.py)
    app.state.rate_limiter = MemoryRateLimiter()  # chat rate limits (api/rate_limit.py)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    async def demo_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "demo.html", media_type="text/html")

    return app


app = create_app()
