"""Embedding organisations ("sites"): the public settings the widget reads, and editing them.

`GET /v1/sites/{org_id}` needs no token. The `/v1/content/sites` calls need a token; only
reviewers create, change or delete a site, and every write to a site needs its ETag in `If-Match`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import JSONResponse

from api.bodies import read_json_object
from api.deps import IfMatchDep, SettingsDep, StoreDep, UserDep
from api.errors import ApiError
from api.site_schemas import SiteList, SiteOut, SitePublic
from assistant.content import sites
from assistant.content.site_schema import SiteSettings
from assistant.embedding import get_site_directory
from assistant.settings import Settings

router = APIRouter(tags=["sites"])
MAX_BODY_BYTES = 16_384
PUBLIC_MAX_AGE_S = 60  # a changed colour or greeting reaches widgets within a minute
STATUS = {
    "site-not-found": 404,
    "site-exists": 409,
    "forbidden": 403,
    "invalid-site": 422,
    "contrast-too-low": 422,
    "greeting-not-easy-read": 422,
    "etag-mismatch": 412,
}
SITE_SCHEMA = SiteSettings.schema(ref_template="#/components/schemas/{model}")
SITE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {k: v for k, v in SITE_SCHEMA.items() if k != "definitions"}}},
    }
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid token (unauthorised)"},
    403: {"description": "Only reviewers change sites (forbidden)"},
    404: {"description": "No such site (site-not-found)"},
    412: {"description": "Stale If-Match (etag-mismatch); the detail has the current version"},
    422: {"description": "invalid-site, contrast-too-low (with the measured ratio) or greeting-not-easy-read"},
    428: {"description": "No If-Match header (if-match-required)"},
}


async def read_site_body(request: Request) -> dict[str, Any]:
    return await read_json_object(request, max_bytes=MAX_BODY_BYTES)


SiteBodyDep = Annotated[dict[str, Any], Depends(read_site_body)]


@contextmanager
def site_errors() -> Iterator[None]:
    """Turn a refused site change into its HTTP error."""
    try:
        yield
    except sites.SiteError as exc:
        headers = {"ETag": exc.current.etag} if isinstance(exc, sites.StaleSite) else None
        values = {"message": str(exc)} if exc.code == "invalid-site" else {}
        raise ApiError(STATUS[exc.code], exc.code, detail=exc.detail, headers=headers, **values) from None


def _one(site: sites.Site, response: Response) -> SiteOut:
    response.headers["ETag"] = site.etag
    return SiteOut.parse_obj(site.to_dict())


def _changed(site: sites.Site, settings: Settings, response: Response) -> SiteOut:
    """After a write: this process reads the sites again at once (others within `CACHE_TTL_S`)."""
    get_site_directory(settings.content_db_url).forget()
    return _one(site, response)


@router.get(
    "/v1/sites/{org_id}",
    response_model=SitePublic,
    responses={404: {"description": "No such site (site-not-found): the widget uses its own defaults"}},
)
def public_site(
    settings: SettingsDep,
    org_id: str,
    if_none_match: Annotated[str | None, Header(description="The ETag you have.")] = None,
) -> Response:
    """What the widget shows for an organisation: name, greeting, colours and its own contact."""
    site = get_site_directory(settings.content_db_url).get(org_id)
    if site is None:
        raise ApiError(404, "site-not-found")
    etag = "W/" + site.etag  # weak: this view is not the one `If-Match` names
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={PUBLIC_MAX_AGE_S}"}
    if if_none_match and etag in [tag.strip() for tag in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return JSONResponse(site.public(), headers=headers)


@router.get("/v1/content/sites", response_model=SiteList, responses={401: WRITE_ERRORS[401]})
def list_sites(store: StoreDep, user: UserDep) -> SiteList:
    """Every site with every setting, the allowed websites too."""
    return SiteList(items=[SiteOut.parse_obj(site.to_dict()) for site in sites.list_sites(store)])


@router.post(
    "/v1/content/sites",
    response_model=SiteOut,
    status_code=201,
    openapi_extra=SITE_BODY,
    responses={**WRITE_ERRORS, 409: {"description": "The id is taken (site-exists)"}},
)
def create_site(
    store: StoreDep, settings: SettingsDep, user: UserDep, data: SiteBodyDep, response: Response
) -> SiteOut:
    """Add an organisation (reviewers). Its websites may use the assistant within seconds."""
    with site_errors():
        site = sites.create_site(store, data, user=user)
    return _changed(site, settings, response)


@router.get(
    "/v1/content/sites/{org_id}", response_model=SiteOut, responses={401: WRITE_ERRORS[401], 404: WRITE_ERRORS[404]}
)
def get_site(store: StoreDep, user: UserDep, org_id: str, response: Response) -> SiteOut:
    """One site with every setting and its ETag."""
    with site_errors():
        site = sites.get_site(store, org_id)
        if site is None:
            raise sites.SiteNotFound(org_id)
    return _one(site, response)


@router.put("/v1/content/sites/{org_id}", response_model=SiteOut, openapi_extra=SITE_BODY, responses=WRITE_ERRORS)
def save_site(
    store: StoreDep,
    settings: SettingsDep,
    user: UserDep,
    if_match: IfMatchDep,
    org_id: str,
    data: SiteBodyDep,
    response: Response,
) -> SiteOut:
    """Replace every setting of a site (reviewers). The id in the body, if sent, must be the one in the address."""
    with site_errors():
        site = sites.save_site(store, org_id, data, user=user, if_match=if_match)
    return _changed(site, settings, response)


@router.delete("/v1/content/sites/{org_id}", response_model=SiteOut, responses=WRITE_ERRORS)
def delete_site(
    store: StoreDep, settings: SettingsDep, user: UserDep, if_match: IfMatchDep, org_id: str, response: Response
) -> SiteOut:
    """Remove a site (reviewers): its websites lose access within seconds. The response has what was deleted."""
    with site_errors():
        site = sites.delete_site(store, org_id, user=user, if_match=if_match)
    return _changed(site, settings, response)
