"""`POST /v1/chat`: one message in, the assistant's messages out."""

from __future__ import annotations

import logging

from fastapi import APIRouter, BackgroundTasks, Request
from pydantic import ValidationError

from api.bodies import read_json_object
from api.deps import HttpDep, SettingsDep
from api.errors import ApiError
from api.schemas import ChatRequest, ChatResponse
from assistant.chat import AssistantUnavailable, send_to_rasa
from assistant.crisis import detect_crisis
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
    text = chat.text.strip()
    if not text:
        raise ApiError(422, "empty-message")
    if len(text) > max_chars:
        raise ApiError(422, "message-too-long", limit=max_chars)
    return ChatRequest(conversation_id=chat.conversation_id, text=text)


@router.post(
    "/chat",
    response_model=ChatResponse,
    response_model_exclude_none=True,
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": ChatRequest.schema()}}}
    },
    responses={400: {"description": "Not JSON"}, 422: {"description": "Bad fields"}, 503: {"description": "Down"}},
)
async def chat(request: Request, settings: SettingsDep, http: HttpDep, background: BackgroundTasks) -> ChatResponse:
    chat_request = await read_chat_request(request, max_chars=settings.max_message_chars)
    try:
        messages = await send_to_rasa(
            http, settings.rasa_url, chat_request.conversation_id, chat_request.text, timeout_s=settings.rasa_timeout_s
        )
    except AssistantUnavailable as exc:
        log.warning("Rasa did not answer: %s", exc)
        if detect_crisis(chat_request.text):
            return ChatResponse.parse_obj(
                {"conversation_id": chat_request.conversation_id, "messages": [crisis_reply()]}
            )
        raise ApiError(503, "assistant-unavailable") from None
    # After the reply is sent: a fallback or out-of-scope message is kept, redacted, for editors.
    background.add_task(record_if_unanswered, settings.content_db_url, chat_request.text, messages)
    return ChatResponse.parse_obj({"conversation_id": chat_request.conversation_id, "messages": messages})
