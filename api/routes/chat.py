"""`POST /v1/chat`: one message in, the assistant's messages out."""

from __future__ import annotations

import logging

from fastapi import APIRouter, BackgroundTasks, Request
from pydantic import ValidationError

from api.bodies import read_json_object
from api.cors import require_allowed_origin
from api.deps import HttpDep, SettingsDep
from api.errors import ApiError
from api.rate_limit import limit_chat
from api.schemas import ChatRequest, ChatResponse
from assistant.chat import AssistantUnavailable, clean_text, reply_to
from assistant.crisis import detect_crisis
from assistant.embedding import get_site_directory, with_site_contact
from assistant.safety import crisis_reply
from assistant.unanswered import record_if_unanswered

router = APIRouter(prefix="/v1", tags=["chat"])
log = logging.getLogger(__name__)
MAX_BODY_BYTES = 16_384


async def read_chat_request(request: Request, *, max_chars: int) -> ChatRequest:
    data = await read_json_object(request, max_bytes=MAX_BODY_BYTES)
    try:
        chat = ChatRequest.parse_obj(data)
    except ValidationError as exc:
        detail = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        raise ApiError(422, "invalid-request", detail=detail) from None
    text = clean_text(chat.text).strip()  # no control or invisible characters (assistant.chat)
    if not text:
        raise ApiError(422, "empty-message")
    if len(text) > max_chars:
        raise ApiError(422, "message-too-long", limit=max_chars)
    return ChatRequest(conversation_id=chat.conversation_id, text=text, org=chat.org)


@router.post(
    "/chat",
    response_model=ChatResponse,
    response_model_exclude_none=True,
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": ChatRequest.schema()}}}
    },
    responses={
        400: {"description": "Not JSON"},
        403: {"description": "Another website that the named organisation does not list (origin-not-allowed)"},
        422: {"description": "Bad fields"},
        429: {"description": "Too many messages (rate-limited); see Retry-After"},
        503: {"description": "Down"},
    },
)
async def chat(request: Request, settings: SettingsDep, http: HttpDep, background: BackgroundTasks) -> ChatResponse:
    chat_request = await read_chat_request(request, max_chars=settings.max_message_chars)
    require_allowed_origin(request, chat_request.org)  # 403 for another website its site does not list
    try:
        limit_chat(request, settings, org=chat_request.org)  # 429 with Retry-After
    except ApiError:
        if detect_crisis(chat_request.text):  # safety first: never "wait" for someone in crisis
            return ChatResponse.parse_obj(
                {"conversation_id": chat_request.conversation_id, "messages": [crisis_reply()]}
            )
        raise
    try:
        # Crisis check on the original text, then Rasa sees only the redacted text (assistant.chat).
        messages = await reply_to(http, settings, chat_request.conversation_id, chat_request.text)
    except AssistantUnavailable as exc:
        log.warning("Rasa did not answer: %s", exc)
        raise ApiError(503, "assistant-unavailable") from None
    # After the reply is sent: a fallback or out-of-scope message is kept, redacted, for editors.
    background.add_task(record_if_unanswered, settings.content_db_url, chat_request.text, messages)
    messages = with_site_contact(messages, get_site_directory(settings.content_db_url).get(chat_request.org))
    return ChatResponse.parse_obj({"conversation_id": chat_request.conversation_id, "messages": messages})
