"""`/v1/content/`: read and edit answers, with revisions, ETags and roles (see `assistant.content.editing`).

Reading published answers needs no token. Every other call needs `Authorization: Bearer <token>`;
every write to an existing answer needs its ETag in `If-Match`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from api.bodies import read_json_object
from api.content_schemas import AnswerIn, AnswerList, AnswerOut, CheckRequest, RevisionList, Saved
from api.deps import IfMatchDep, OptionalUserDep, StoreDep, UserDep
from assistant.content import editing
from assistant.content.revisions import STATUSES, Revision
from assistant.readability import check_text

router = APIRouter(prefix="/v1/content", tags=["content"])
MAX_BODY_BYTES = 262_144
ANSWER_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    key: value
                    for key, value in AnswerIn.schema(ref_template="#/components/schemas/{model}").items()
                    if key != "definitions"
                }
            }
        },
    }
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid token (unauthorised)"},
    403: {"description": "Your role cannot do this (forbidden)"},
    404: {"description": "No such answer (not-found)"},
    412: {"description": "Stale If-Match (etag-mismatch); the detail has the current version"},
    428: {"description": "No If-Match header (if-match-required)"},
}


async def read_answer_body(request: Request) -> dict[str, Any]:
    return await read_json_object(request, max_bytes=MAX_BODY_BYTES)


AnswerBodyDep = Annotated[dict[str, Any], Depends(read_answer_body)]


def _one(revision: Revision, response: Response) -> AnswerOut:
    response.headers["ETag"] = revision.etag
    return AnswerOut.parse_obj(revision.to_dict())


def _saved(saved: editing.Saved, response: Response) -> Saved:
    result = saved.check.to_dict()
    result.pop("path", None)
    return Saved(answer=_one(saved.revision, response), check=result)


@router.get("/answers", response_model=AnswerList)
def list_answers(
    store: StoreDep,
    user: OptionalUserDep,
    topic: str | None = None,
    status: Annotated[str | None, Query(description=f"One of: {', '.join(STATUSES)}.")] = None,
    q: Annotated[str | None, Query(description="Words that must all appear in the answer.", max_length=200)] = None,
) -> AnswerList:
    """Published answers; with a token, the latest version of every answer, drafts and deleted ones too."""
    found = editing.list_answers(store, public=user is None, topic=topic, status=status, q=q)
    return AnswerList(items=[AnswerOut.parse_obj(r.to_dict()) for r in found])


@router.post(
    "/answers",
    response_model=Saved,
    status_code=201,
    openapi_extra=ANSWER_BODY,
    responses={401: WRITE_ERRORS[401], 409: {"description": "The id is taken (answer-exists)"}},
)
def create_answer(store: StoreDep, user: UserDep, data: AnswerBodyDep, response: Response) -> Saved:
    """Create a draft answer. The response has its easy-read check."""
    return _saved(editing.create_answer(store, data, user=user), response)


@router.get("/answers/{answer_id}", response_model=AnswerOut, responses={404: WRITE_ERRORS[404]})
def get_answer(store: StoreDep, user: OptionalUserDep, answer_id: str, response: Response) -> AnswerOut:
    """The published answer; with a token, the latest version (a draft if one is newer)."""
    return _one(editing.current(store, answer_id, public=user is None), response)


@router.put("/answers/{answer_id}", response_model=Saved, openapi_extra=ANSWER_BODY, responses=WRITE_ERRORS)
def save_answer(
    store: StoreDep, user: UserDep, if_match: IfMatchDep, answer_id: str, data: AnswerBodyDep, response: Response
) -> Saved:
    """Save a new draft. The assistant keeps saying the published version until a reviewer publishes."""
    return _saved(editing.save_answer(store, answer_id, data, user=user, if_match=if_match), response)


@router.delete("/answers/{answer_id}", response_model=AnswerOut, responses=WRITE_ERRORS)
def delete_answer(
    store: StoreDep, user: UserDep, if_match: IfMatchDep, answer_id: str, response: Response
) -> AnswerOut:
    """Soft delete (reviewers): the assistant stops using the answer. Restore a revision to bring it back."""
    return _one(editing.delete_answer(store, answer_id, user=user, if_match=if_match), response)


@router.post(
    "/answers/{answer_id}/publish",
    response_model=Saved,
    responses={**WRITE_ERRORS, 422: {"description": "A hard easy-read rule fails (publish-blocked)"}},
)
def publish_answer(store: StoreDep, user: UserDep, if_match: IfMatchDep, answer_id: str, response: Response) -> Saved:
    """Publish the latest version (reviewers). The assistant says it from the next message on."""
    return _saved(editing.publish_answer(store, answer_id, user=user, if_match=if_match), response)


@router.get("/answers/{answer_id}/revisions", response_model=RevisionList, responses={401: WRITE_ERRORS[401]})
def list_revisions(store: StoreDep, user: UserDep, answer_id: str) -> RevisionList:
    """Every version, newest first, with who made it, when, and a diff against the one before."""
    found = editing.history(store, answer_id)
    return RevisionList.parse_obj(
        {
            "items": [
                {
                    "revision": r.revision,
                    "status": r.status,
                    "action": r.action,
                    "author": r.author,
                    "created_at": r.created_at,
                    "diff": r.diff,
                }
                for r in found
            ]
        }
    )


@router.post(
    "/answers/{answer_id}/revisions/{revision}/restore",
    response_model=Saved,
    responses={**WRITE_ERRORS, 422: {"description": "A hard easy-read rule fails (publish-blocked)"}},
)
def restore_revision(
    store: StoreDep, user: UserDep, if_match: IfMatchDep, answer_id: str, revision: int, response: Response
) -> Saved:
    """Copy an old version into a new revision. A published version goes live again (reviewers only)."""
    saved = editing.restore_revision(store, answer_id, revision, user=user, if_match=if_match)
    return _saved(saved, response)


@router.post("/check", responses={401: WRITE_ERRORS[401]})
def check(user: UserDep, request: CheckRequest) -> dict[str, Any]:
    """Score easy-read text and list its issues, without saving anything."""
    return check_text(request.text, how_to=request.how_to, first_layer=request.first_layer).to_dict()
