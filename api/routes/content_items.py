"""`/v1/content/answers`, `/organisations` and `/glossary`: read and edit content, with revisions, ETags and roles.

One set of routes for every kind (`assistant.content.kinds`), so all three behave the same.
Reading published items needs no token. Every other call needs `Authorization: Bearer <token>`;
every write to an existing item needs its ETag in `If-Match`. Editors save drafts; reviewers
publish, unpublish, delete and restore published versions (see `assistant.content.editing`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel

from api.bodies import read_json_object
from api.content_schemas import AnswerIn, AnswerOut, RevisionList
from api.deps import IfMatchDep, OptionalUserDep, StoreDep, UserDep
from api.item_schemas import OrganisationIn, OrganisationOut, TermIn, TermOut, list_model, saved_model
from assistant.content import editing
from assistant.content.files import ID_PATTERN
from assistant.content.kinds import ANSWERS, GLOSSARY, ORGANISATIONS
from assistant.content.revisions import STATUSES, Kind, Revision

MAX_BODY_BYTES = 262_144
MAX_REVISION = 2**31 - 1
ItemId = Annotated[str, Path(max_length=80, regex=ID_PATTERN.pattern, description="The item's id.")]
RevisionNumber = Annotated[int, Path(ge=1, le=MAX_REVISION, description="A revision number from /revisions.")]


async def read_body(request: Request) -> dict[str, Any]:
    return await read_json_object(request, max_bytes=MAX_BODY_BYTES)


BodyDep = Annotated[dict[str, Any], Depends(read_body)]


def _errors(noun: str) -> dict[int | str, dict[str, Any]]:
    return {
        401: {"description": "No valid token (unauthorised)"},
        403: {"description": "Your role cannot do this (forbidden)"},
        404: {"description": f"No such {noun} (not-found)"},
        412: {"description": "Stale If-Match (etag-mismatch); the detail has the current version"},
        428: {"description": "No If-Match header (if-match-required)"},
    }


def item_router(kind: Kind, *, model_in: type[BaseModel], model_out: type[BaseModel]) -> APIRouter:
    """The routes of one kind of content under `/v1/content/{kind.name}`."""
    router = APIRouter(prefix=f"/v1/content/{kind.name}", tags=["content"])
    noun, errors = kind.noun, _errors(kind.noun)
    listing, saved_shape = list_model(model_out), saved_model(model_out, noun)
    schema = {
        k: v for k, v in model_in.schema(ref_template="#/components/schemas/{model}").items() if k != "definitions"
    }
    body = {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
    publishing = {**errors, 422: {"description": "A hard easy-read rule fails (publish-blocked)"}}
    taking_off = {**errors, 409: {"description": "Live answers name it (in-use), or it is not live (not-published)"}}

    def one(revision: Revision, response: Response) -> Any:
        response.headers["ETag"] = revision.etag
        return model_out.parse_obj(revision.to_dict())

    def saved(result: editing.Saved, response: Response) -> Any:
        check = result.check.to_dict()
        check.pop("path", None)
        return saved_shape.parse_obj({noun: one(result.revision, response), "check": check})

    @router.get("", response_model=listing, name=f"list_{kind.name}")
    def list_items(
        store: StoreDep,
        user: OptionalUserDep,
        topic: Annotated[str | None, Query(max_length=60, description="Only this topic (answers, glossary).")] = None,
        status: Annotated[str | None, Query(description=f"One of: {', '.join(STATUSES)}.")] = None,
        q: Annotated[str | None, Query(description="Words that must all appear.", max_length=200)] = None,
    ) -> Any:
        """Published items; with a token, the latest version of every item, drafts and deleted ones too."""
        found = editing.list_items(store, kind, public=user is None, topic=topic, status=status, q=q)
        return listing.parse_obj({"items": [r.to_dict() for r in found]})

    @router.post(
        "",
        response_model=saved_shape,
        status_code=201,
        openapi_extra=body,
        name=f"create_{noun}",
        responses={401: errors[401], 409: {"description": f"The id is taken ({noun}-exists)"}},
    )
    def create(store: StoreDep, user: UserDep, data: BodyDep, response: Response) -> Any:
        """Create a draft. The response has its easy-read check."""
        return saved(editing.create(store, kind, data, user=user), response)

    @router.get("/{item_id}", response_model=model_out, name=f"get_{noun}", responses={404: errors[404]})
    def get(store: StoreDep, user: OptionalUserDep, item_id: ItemId, response: Response) -> Any:
        """The published version; with a token, the latest version (a draft if one is newer)."""
        return one(editing.current(store, kind, item_id, public=user is None), response)

    @router.put("/{item_id}", response_model=saved_shape, openapi_extra=body, name=f"save_{noun}", responses=errors)
    def save(
        store: StoreDep, user: UserDep, if_match: IfMatchDep, item_id: ItemId, data: BodyDep, response: Response
    ) -> Any:
        """Save a new draft. The assistant keeps using the published version until a reviewer publishes."""
        return saved(editing.save(store, kind, item_id, data, user=user, if_match=if_match), response)

    @router.delete("/{item_id}", response_model=model_out, name=f"delete_{noun}", responses=taking_off)
    def delete(store: StoreDep, user: UserDep, if_match: IfMatchDep, item_id: ItemId, response: Response) -> Any:
        """Soft delete (reviewers): the assistant stops using it. Restore a revision to bring it back."""
        return one(editing.delete(store, kind, item_id, user=user, if_match=if_match), response)

    @router.post("/{item_id}/publish", response_model=saved_shape, name=f"publish_{noun}", responses=publishing)
    def publish(store: StoreDep, user: UserDep, if_match: IfMatchDep, item_id: ItemId, response: Response) -> Any:
        """Publish the latest version (reviewers). The assistant uses it from the next message on."""
        return saved(editing.publish(store, kind, item_id, user=user, if_match=if_match), response)

    @router.post("/{item_id}/unpublish", response_model=model_out, name=f"unpublish_{noun}", responses=taking_off)
    def unpublish(store: StoreDep, user: UserDep, if_match: IfMatchDep, item_id: ItemId, response: Response) -> Any:
        """Take it off the air (reviewers): it becomes a draft again, to publish later."""
        return one(editing.unpublish(store, kind, item_id, user=user, if_match=if_match), response)

    @router.get(
        "/{item_id}/revisions", response_model=RevisionList, name=f"{noun}_revisions", responses={401: errors[401]}
    )
    def revisions(store: StoreDep, user: UserDep, item_id: ItemId) -> RevisionList:
        """Every version, newest first, with who made it, when, and a diff against the one before."""
        fields = ("revision", "status", "action", "author", "created_at", "diff")
        found = editing.history(store, kind, item_id)
        return RevisionList.parse_obj({"items": [{key: getattr(r, key) for key in fields} for r in found]})

    @router.post(
        "/{item_id}/revisions/{revision}/restore",
        response_model=saved_shape,
        name=f"restore_{noun}",
        responses=publishing,
    )
    def restore(
        store: StoreDep,
        user: UserDep,
        if_match: IfMatchDep,
        item_id: ItemId,
        revision: RevisionNumber,
        response: Response,
    ) -> Any:
        """Copy an old version into a new revision. A published version goes live again (reviewers only)."""
        return saved(editing.restore(store, kind, item_id, revision, user=user, if_match=if_match), response)

    return router


router = APIRouter()
router.include_router(item_router(ANSWERS, model_in=AnswerIn, model_out=AnswerOut))
router.include_router(item_router(ORGANISATIONS, model_in=OrganisationIn, model_out=OrganisationOut))
router.include_router(item_router(GLOSSARY, model_in=TermIn, model_out=TermOut))
