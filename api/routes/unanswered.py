"""`/v1/content/unanswered`: what people asked that the assistant could not answer (see `assistant.unanswered`).

Editors list the groups, and dismiss a group once they have dealt with it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.content_schemas import Dismissed, DismissRequest, UnansweredList
from api.deps import EditorDep, StoreDep
from assistant.unanswered import DEFAULT_LIMIT, MAX_LIMIT, dismiss, unanswered_questions

router = APIRouter(prefix="/v1/content", tags=["content"])
ERRORS: dict[int | str, dict[str, str]] = {
    401: {"description": "No valid token (unauthorised)"},
    403: {"description": "Not an editor (forbidden)"},
}


@router.get(
    "/unanswered",
    response_model=UnansweredList,
    responses=ERRORS,
)
def list_unanswered(
    store: StoreDep,
    user: EditorDep,
    topic: Literal["fallback", "out_of_scope"] | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many groups to return.")] = DEFAULT_LIMIT,
) -> UnansweredList:
    """Messages that got a fallback or out-of-scope reply, redacted and grouped, most frequent first."""
    found = unanswered_questions(store, topic=topic, limit=limit)
    return UnansweredList.parse_obj({"items": [question.to_dict() for question in found]})


@router.post("/unanswered/dismiss", response_model=Dismissed, responses=ERRORS)
def dismiss_unanswered(store: StoreDep, user: EditorDep, request: DismissRequest) -> Dismissed:
    """Delete every message of a group (same text, ignoring case, spaces and end punctuation): it is dealt with."""
    return Dismissed(dismissed=dismiss(store, request.text, user=user))
