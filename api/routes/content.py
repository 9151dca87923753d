"""`/v1/content/check` and `/v1/content/me`: editor helpers. Answers, organisations and glossary terms are
edited through `api/routes/content_items.py`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.content_schemas import CheckRequest, Me
from api.deps import UserDep
from assistant.readability import check_text

router = APIRouter(prefix="/v1/content", tags=["content"])
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {401: {"description": "No valid token (unauthorised)"}}


@router.post("/check", responses={401: WRITE_ERRORS[401]})
def check(user: UserDep, request: CheckRequest) -> dict[str, Any]:
    """Score easy-read text and list its issues, without saving anything."""
    return check_text(request.text, how_to=request.how_to, first_layer=request.first_layer).to_dict()


@router.get("/me", response_model=Me, responses={401: WRITE_ERRORS[401]})
def who_am_i(user: UserDep) -> Me:
    """The signed-in user's name and role, so the editor page can greet them and show what they may do."""
    return Me(name=user.name, role=user.role, can_publish=user.can_publish)
